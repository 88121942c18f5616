/**
 * Query parameters whose values are replaced by `REDACTED` in `url.query` (server spans) and
 * `url.full` (client spans), keys kept, as the HTTP semantic conventions advise (RELIABILITY S2).
 */

/**
 * Upstream's list (signatures of pre-signed URLs) plus the usual token and key names, which
 * upstream leaves in. `OTELKIT_REDACT_QUERY_PARAMS` adds to it. Names match exactly (case-sensitive),
 * as upstream matches them.
 */
export const DEFAULT_REDACTED_QUERY_PARAMS: readonly string[] = Object.freeze([
  'sig',
  'Signature',
  'AWSAccessKeyId',
  'X-Goog-Signature',
  'X-Goog-Credential',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'api_key',
  'apikey',
  'client_secret',
  'password',
]);

const escape = (name: string): string => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A function that replaces the values of the named parameters in a query string (without `?`).
 * One regular-expression pass, which allocates nothing when no name occurs: it runs on every
 * request that has a query.
 */
export function createQueryRedactor(names: readonly string[]): (query: string) => string {
  const wanted = names.filter((name) => name !== '');
  if (wanted.length === 0) return (query) => query;
  const pattern = new RegExp(`(^|&)(${wanted.map(escape).join('|')})=[^&]*`, 'g');
  return (query) => query.replace(pattern, '$1$2=REDACTED');
}
