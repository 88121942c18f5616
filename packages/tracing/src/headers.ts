import { isSpanContextValid, trace, type SpanContext } from '@opentelemetry/api';
import { HTTP_TOKEN, invalidOption, OtelkitError, traceFlagsHex, warnOnce } from '@otelkit/core';
import { isW3cSpanId, isW3cTraceId } from './hex.js';
import type {
  OtelkitHeaderTarget,
  OtelkitMiddleware,
  OtelkitTraceHeaderInput,
  OtelkitTraceHeaderOptions,
} from './types.js';
import { errorMessage } from './util.js';

const DEFAULT_HEADER_NAME = 'X-Trace-ID';
const SERVER_TIMING = 'Server-Timing';
const EXPOSE_HEADERS = 'Access-Control-Expose-Headers';
const KNOWN_KEYS = new Set(['headerName', 'serverTiming']);

/**
 * Validate trace response header options once, at setup time.
 * @throws OtelkitError `OTELKIT_ERR_INVALID_HEADER_NAME` for a header name that is not an HTTP
 *   token, `OTELKIT_ERR_INVALID_OPTION` for a wrong type, `OTELKIT_ERR_UNKNOWN_OPTION` for a typo.
 */
export function normalizeTraceHeaderOptions(input?: OtelkitTraceHeaderInput): OtelkitTraceHeaderOptions {
  if (input === undefined || input === null) return Object.freeze({ headerName: DEFAULT_HEADER_NAME, serverTiming: false });
  if (typeof input !== 'object' || Array.isArray(input)) throw invalidOption('options', 'an object', input);
  for (const key of Object.keys(input)) {
    if (!KNOWN_KEYS.has(key)) {
      throw new OtelkitError('OTELKIT_ERR_UNKNOWN_OPTION', `unknown trace header option "${key}" (known: headerName, serverTiming)`);
    }
  }
  const { headerName = DEFAULT_HEADER_NAME, serverTiming = false } = input;
  let name: string | false;
  if (headerName === false || headerName === '') {
    name = false;
  } else if (typeof headerName !== 'string') {
    throw invalidOption('headerName', 'a header name, \'\' or false', headerName);
  } else if (!HTTP_TOKEN.test(headerName)) {
    throw new OtelkitError('OTELKIT_ERR_INVALID_HEADER_NAME', `"${headerName.slice(0, 60)}" is not a valid HTTP header name`);
  } else {
    name = headerName;
  }
  if (typeof serverTiming !== 'boolean') throw invalidOption('serverTiming', 'a boolean', serverTiming);
  return Object.freeze({ headerName: name, serverTiming });
}

/**
 * Write the trace id response header (and optionally `Server-Timing`) for one request.
 *
 * Values come from `spanContext` only, never from the request, so client input is never echoed.
 * Nothing is written for a missing or invalid span context. Never throws: a response whose head
 * is already sent, or a `setHeader` that throws, is reported once a minute through diagnostics.
 */
export function setTraceResponseHeaders(
  res: OtelkitHeaderTarget,
  spanContext: SpanContext | undefined,
  options: OtelkitTraceHeaderOptions,
): void {
  try {
    if (spanContext === undefined) return;
    // Ids as W3C writes them (what otelkit's generator makes) are valid as they are; anything else
    // goes through the api's check, which also accepts uppercase (lowercased below).
    const w3c = isW3cTraceId(spanContext.traceId) && isW3cSpanId(spanContext.spanId);
    if (!w3c && !isSpanContextValid(spanContext)) return;
    const headerName = options.headerName;
    const serverTiming = options.serverTiming;
    if (!headerName && !serverTiming) return;
    if (res.headersSent === true) {
      warnOnce('tracing.headers-sent', 'trace response headers skipped: the response head was already sent (register the trace header middleware earlier)');
      return;
    }
    // The api accepts uppercase ids; the wire format wants lowercase.
    let traceId = spanContext.traceId;
    if (!w3c) traceId = traceId.toLowerCase();
    if (headerName) res.setHeader(headerName, traceId);
    if (!serverTiming) return;
    let spanId = spanContext.spanId;
    if (!w3c) spanId = spanId.toLowerCase();
    const timing = `traceparent;desc="00-${traceId}-${spanId}-${traceFlagsHex(spanContext.traceFlags)}"`;
    setServerTiming(res, timing);
    setExposeHeaders(res, headerName);
  } catch (err) {
    warnOnce('tracing.set-header-failed', `trace response headers not set: ${errorMessage(err)}`);
  }
}

/**
 * A connect/Express-style middleware that writes the trace response headers from the active
 * span. Use it when the otelkit preload is not in use. Options are validated here, once.
 * @throws OtelkitError for invalid options (see {@link normalizeTraceHeaderOptions}).
 */
export function traceIdHeader(options?: OtelkitTraceHeaderInput): OtelkitMiddleware {
  const normalized = normalizeTraceHeaderOptions(options);
  return (_req, res, next) => {
    const span = trace.getActiveSpan();
    if (span !== undefined) setTraceResponseHeaders(res, span.spanContext(), normalized);
    next();
  };
}

function setServerTiming(res: OtelkitHeaderTarget, timing: string): void {
  const existing = res.getHeader?.(SERVER_TIMING);
  if (existing === undefined || existing === null || existing === '') {
    res.setHeader(SERVER_TIMING, timing);
  } else if (Array.isArray(existing)) {
    if (!existing.includes(timing)) res.setHeader(SERVER_TIMING, [...existing.map(String), timing]);
  } else {
    const text = String(existing);
    // Another metric may already be there (e.g. from the app); append, never replace.
    if (!text.includes(timing)) res.setHeader(SERVER_TIMING, `${text}, ${timing}`);
  }
}

function setExposeHeaders(res: OtelkitHeaderTarget, headerName: string | false): void {
  const existing = res.getHeader?.(EXPOSE_HEADERS);
  let value = Array.isArray(existing) ? existing.join(', ') : existing === undefined || existing === null ? '' : String(existing);
  const before = value;
  if (headerName && !hasListToken(value, headerName)) value = value === '' ? headerName : `${value}, ${headerName}`;
  if (!hasListToken(value, SERVER_TIMING)) value = value === '' ? SERVER_TIMING : `${value}, ${SERVER_TIMING}`;
  if (value !== before) res.setHeader(EXPOSE_HEADERS, value);
}

// Header names are case-insensitive, so the comparison is too.
function hasListToken(list: string, token: string): boolean {
  if (list === '') return false;
  const wanted = token.toLowerCase();
  for (const part of list.split(',')) {
    if (part.trim().toLowerCase() === wanted) return true;
  }
  return false;
}
