/**
 * The server-side options of `instrumentationConfig.http`, the same options the upstream HTTP
 * instrumentation takes, applied to otelkit's own server spans (http-server.ts), so a config written
 * for upstream keeps working: `ignoreIncomingRequestHook`, `requireParentforIncomingSpans`,
 * `startIncomingSpanHook`, `requestHook`, `responseHook`, `applyCustomAttributesOnSpan`,
 * `headersToSpanAttributes.server` and `redactedQueryParamsServer`, called at the same moments as
 * upstream calls them. Hooks run for recording spans only: on a dropped request they could only
 * write to a span that records nothing. A hook that throws is reported once and the request goes on.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isSpanContextValid, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { warnOnce } from '@otelkit/core';

/** The part of upstream's HttpInstrumentationConfig that concerns incoming requests. */
export interface HttpServerOptions {
  ignoreIncomingRequestHook?: (request: IncomingMessage) => boolean;
  disableIncomingRequestInstrumentation?: boolean;
  requireParentforIncomingSpans?: boolean;
  startIncomingSpanHook?: (request: IncomingMessage) => Attributes;
  requestHook?: (span: Span, request: IncomingMessage) => void;
  responseHook?: (span: Span, response: ServerResponse) => void;
  applyCustomAttributesOnSpan?: (span: Span, request: IncomingMessage, response: ServerResponse) => void;
  headersToSpanAttributes?: { server?: { requestHeaders?: string[]; responseHeaders?: string[] } };
  redactedQueryParamsServer?: string[];
  enableSyntheticSourceDetection?: boolean;
}

export interface HttpServerHooks {
  /** True when the request gets no span (it then runs with tracing suppressed, like an ignored path). */
  ignore(request: IncomingMessage, parent: Context): boolean;
  /** Adds the start hook's attributes and the captured request headers; redacts the query as configured. */
  startAttributes(request: IncomingMessage, attributes: Attributes): void;
  /** After the span started: requestHook and responseHook, as upstream calls them. */
  started(span: Span, request: IncomingMessage, response: ServerResponse): void;
  /** Before the span ends: captured response headers, then applyCustomAttributesOnSpan. */
  ended(span: Span, request: IncomingMessage, response: ServerResponse): void;
}

function guarded<A extends unknown[], R>(name: string, fn: ((...args: A) => R) | undefined, fallback: R): (...args: A) => R {
  if (typeof fn !== 'function') return () => fallback;
  return (...args) => {
    try {
      return fn(...args);
    } catch (error) {
      warnOnce(`http-hook:${name}`, `instrumentationConfig.http.${name} threw (${(error as Error)?.message ?? String(error)}); the request goes on without it.`);
      return fallback;
    }
  };
}

/** Headers that carry credentials: never recorded, even when a capture list names them. */
const SECRET_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-auth-token', 'x-csrf-token', 'x-xsrf-token']);

/** Lower-cased header names; the attribute keys of the HTTP semantic conventions. */
function headerNames(list: unknown, side: 'server' | 'client', name: string): string[] {
  if (list === undefined) return [];
  const option = `instrumentationConfig.http.headersToSpanAttributes.${side}.${name}`;
  if (!Array.isArray(list) || list.some((h) => typeof h !== 'string')) {
    warnOnce(`http-hook:${side}:${name}`, `${option} must be a list of header names; it is ignored.`);
    return [];
  }
  const names = [...new Set((list as string[]).map((h) => h.toLowerCase()))];
  const denied = names.filter((h) => SECRET_HEADERS.has(h));
  if (denied.length > 0) {
    warnOnce(`http-hook:${side}:${name}:secret`, `${option}: ${denied.join(', ')} carry credentials and are never recorded.`);
  }
  return names.filter((h) => !SECRET_HEADERS.has(h));
}

function captureHeaders(kind: 'request' | 'response', names: readonly string[], read: (name: string) => unknown, into: Attributes): void {
  for (const name of names) {
    const value = read(name);
    if (value === undefined) continue;
    into[`http.${kind}.header.${name}`] = Array.isArray(value) ? value.map(String) : [String(value)];
  }
}

function redactor(params: unknown): ((query: string) => string) | undefined {
  if (params === undefined) return undefined;
  if (!Array.isArray(params) || params.some((p) => typeof p !== 'string')) {
    warnOnce('http-hook:redactedQueryParamsServer', 'instrumentationConfig.http.redactedQueryParamsServer must be a list of parameter names; the default list is used.');
    return undefined;
  }
  const redacted = new Set(params as string[]);
  return (query) =>
    query
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        return eq > 0 && redacted.has(pair.slice(0, eq)) ? `${pair.slice(0, eq)}=REDACTED` : pair;
      })
      .join('&');
}

/** The hooks for a user's http config, or undefined when it sets none (the request path then checks one field). */
export function createHttpServerHooks(config: HttpServerOptions | undefined): HttpServerHooks | undefined {
  if (config === undefined || config === null || typeof config !== 'object') return undefined;
  if (config.enableSyntheticSourceDetection === true) {
    warnOnce('http-hook:enableSyntheticSourceDetection', 'instrumentationConfig.http.enableSyntheticSourceDetection is not supported on server spans; it is ignored there.');
  }
  const requestHeaders = headerNames(config.headersToSpanAttributes?.server?.requestHeaders, 'server', 'requestHeaders');
  const responseHeaders = headerNames(config.headersToSpanAttributes?.server?.responseHeaders, 'server', 'responseHeaders');
  const redact = redactor(config.redactedQueryParamsServer);
  const disabled = config.disableIncomingRequestInstrumentation === true;
  const requireParent = config.requireParentforIncomingSpans === true;
  const hasIgnore = typeof config.ignoreIncomingRequestHook === 'function';
  const hasStartHook = typeof config.startIncomingSpanHook === 'function';
  const hasStarted = typeof config.requestHook === 'function' || typeof config.responseHook === 'function';
  const hasEnded = typeof config.applyCustomAttributesOnSpan === 'function' || responseHeaders.length > 0;
  if (!disabled && !requireParent && !hasIgnore && !hasStartHook && !hasStarted && !hasEnded && requestHeaders.length === 0 && redact === undefined) return undefined;

  const ignoreHook = guarded('ignoreIncomingRequestHook', config.ignoreIncomingRequestHook, false);
  const startHook = guarded('startIncomingSpanHook', config.startIncomingSpanHook, undefined as Attributes | undefined);
  const requestHook = guarded('requestHook', config.requestHook, undefined);
  const responseHook = guarded('responseHook', config.responseHook, undefined);
  const customHook = guarded('applyCustomAttributesOnSpan', config.applyCustomAttributesOnSpan, undefined);
  return {
    ignore(request, parent) {
      if (disabled) return true;
      if (requireParent) {
        const parentSpan = trace.getSpanContext(parent);
        if (parentSpan === undefined || !isSpanContextValid(parentSpan)) return true;
      }
      return hasIgnore && ignoreHook(request) === true;
    },
    startAttributes(request, attributes) {
      if (redact !== undefined) {
        const target = request.url ?? '';
        const q = target.indexOf('?');
        if (q >= 0 && q < target.length - 1) attributes['url.query'] = redact(target.slice(q + 1));
      }
      if (hasStartHook) {
        const added = startHook(request);
        if (added !== null && typeof added === 'object') Object.assign(attributes, added);
      }
      if (requestHeaders.length > 0) captureHeaders('request', requestHeaders, (name) => request.headers[name], attributes);
    },
    started(span, request, response) {
      if (!hasStarted) return;
      requestHook(span, request);
      responseHook(span, response);
    },
    ended(span, request, response) {
      if (!hasEnded) return;
      if (responseHeaders.length > 0) {
        const attributes: Attributes = {};
        captureHeaders('response', responseHeaders, (name) => response.getHeader(name), attributes);
        span.setAttributes(attributes);
      }
      customHook(span, request, response);
    },
  };
}

type HeaderLists = { requestHeaders?: unknown; responseHeaders?: unknown };

/**
 * The client-side config for upstream's instrumentation: the user's options over otelkit's, with
 * the user's `ignoreOutgoingRequestHook` added to otelkit's own exclusion of its export traffic
 * instead of replacing it, and the credential headers taken out of `headersToSpanAttributes.client`
 * (upstream records whatever the lists name).
 */
export function mergeHttpClientConfig<T extends object>(own: T & { ignoreOutgoingRequestHook?: (options: never) => boolean }, user: object | undefined): T {
  if (user === undefined) return own;
  const merged = { ...own, ...user, disableIncomingRequestInstrumentation: true } as T & { ignoreOutgoingRequestHook?: (options: unknown) => boolean; headersToSpanAttributes?: { client?: HeaderLists } };
  const client = merged.headersToSpanAttributes?.client;
  if (client !== undefined && client !== null && typeof client === 'object') {
    merged.headersToSpanAttributes = {
      ...merged.headersToSpanAttributes,
      client: { requestHeaders: headerNames(client.requestHeaders, 'client', 'requestHeaders'), responseHeaders: headerNames(client.responseHeaders, 'client', 'responseHeaders') },
    };
  }
  const ours = own.ignoreOutgoingRequestHook as ((options: unknown) => boolean) | undefined;
  const theirs = guarded('ignoreOutgoingRequestHook', (user as { ignoreOutgoingRequestHook?: (options: unknown) => boolean }).ignoreOutgoingRequestHook, false);
  if (ours !== undefined && (user as { ignoreOutgoingRequestHook?: unknown }).ignoreOutgoingRequestHook !== undefined) {
    merged.ignoreOutgoingRequestHook = (options) => ours(options) || theirs(options) === true;
  }
  return merged;
}

type StartSpanHook = (request: unknown) => Attributes | undefined;

/**
 * The undici config: the user's options over otelkit's. A user's `startSpanHook` runs after
 * otelkit's redaction hook and its attributes win, instead of replacing the redaction.
 */
export function mergeUndiciConfig<T extends object>(own: T & { startSpanHook?: StartSpanHook }, user: object | undefined): T {
  if (user === undefined) return own;
  const merged = { ...own, ...user } as T & { startSpanHook?: StartSpanHook };
  const ours = own.startSpanHook;
  const userHook = (user as { startSpanHook?: StartSpanHook }).startSpanHook;
  if (ours !== undefined && typeof userHook === 'function') {
    const theirs = guarded('startSpanHook', userHook, undefined);
    merged.startSpanHook = (request) => {
      const added = theirs(request);
      const base = ours(request);
      return base === undefined ? added : { ...base, ...(added !== null && typeof added === 'object' ? added : {}) };
    };
  }
  return merged;
}
