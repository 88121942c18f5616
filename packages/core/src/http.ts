/** HTTP facts every package needs the same way, in one place. */

/** RFC 9110 section 5.6.2: a header name (and any token) is `1*tchar`. */
export const HTTP_TOKEN: RegExp = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The request methods the HTTP semantic conventions know (RFC 9110, PATCH, QUERY); any other is
 * reported as `_OTHER`, so a client can't grow a metric's label set with made-up methods.
 */
export const HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'QUERY']);

/**
 * Marks a server otelkit runs itself (health, `/metrics`): nothing it serves is traced or counted.
 * A global symbol, so two installed copies of otelkit agree on it.
 */
export const UNTRACED_SERVER: unique symbol = Symbol.for('otelkit.server.untraced');
