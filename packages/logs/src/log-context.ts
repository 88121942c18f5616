/**
 * Request-scoped log fields. They live in an AsyncLocalStorage of their own (not in the
 * OpenTelemetry context), so they flow through async calls even when no SDK is started.
 */
import { invalidOption, warnOnce } from '@otelkit/core';
import { resolveRequestId } from '@otelkit/tracing';
import { scopeStore, scopedFields } from './state.js';
import type { OtelkitLogFields } from './types.js';

function checkFields(fields: unknown): asserts fields is OtelkitLogFields {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) throw invalidOption('fields', 'a plain object', fields);
}

/**
 * Run `fn` with `fields` added to every log line written inside it, including from callbacks and
 * promises it starts. Nested calls merge, the inner value winning.
 * @example
 * await withLogContext({ tenant_id: 'tenant-123', user_id: 'u-7' }, () => handle(job));
 */
export function withLogContext<R>(fields: OtelkitLogFields, fn: () => R): R {
  checkFields(fields);
  const outer = scopedFields();
  return scopeStore().run(outer === undefined ? { ...fields } : { ...outer, ...fields }, fn);
}

/**
 * Add fields to the current scope from here on (for middleware that cannot wrap the rest of the
 * request in a callback). Outside any scope, a new scope starts for the current async call chain.
 */
export function addLogContext(fields: OtelkitLogFields): void {
  checkFields(fields);
  const outer = scopedFields();
  scopeStore().enterWith(outer === undefined ? { ...fields } : { ...outer, ...fields });
}

/** The request-scoped fields active here, or an empty object. */
export function getLogContext(): OtelkitLogFields {
  return scopedFields() ?? {};
}

/** What {@link requestIdMiddleware} needs from a request and a response. */
interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
}
interface ResponseLike {
  setHeader(name: string, value: string): unknown;
  headersSent?: boolean;
}

let lastHeaderName = 'X-Request-ID';
let lastHeaderKey = 'x-request-id';

/**
 * The log fields of one request: `request_id` from the request id header when it is valid
 * (1–128 characters of `[A-Za-z0-9._:-]`), a new UUID otherwise, echoed in the response. Never throws.
 */
export function requestLogFields(req: RequestLike, res: ResponseLike | undefined, headerName = 'X-Request-ID'): { request_id: string } {
  // The same name comes with every request: lowercased once, and the key stays the same string.
  if (headerName !== lastHeaderName) {
    lastHeaderName = headerName;
    lastHeaderKey = headerName.toLowerCase();
  }
  const { id } = resolveRequestId(req.headers[lastHeaderKey]);
  try {
    if (res !== undefined && res.headersSent !== true) res.setHeader(headerName, id);
  } catch (error) {
    warnOnce('logs:request-id-header', `could not set the ${headerName} response header (${(error as Error).message})`, 'debug');
  }
  return { request_id: id };
}

/**
 * Start the log scope of one request with {@link requestLogFields} for the rest of the current
 * call chain. Never throws. Under the preload, @otelkit/node puts the same fields into the
 * request's OpenTelemetry context instead.
 * @returns the request id.
 */
export function startRequestLogContext(req: RequestLike, res: ResponseLike | undefined, headerName = 'X-Request-ID'): string {
  const fields = requestLogFields(req, res, headerName);
  const outer = scopedFields();
  scopeStore().enterWith(outer === undefined ? fields : { ...outer, ...fields });
  return fields.request_id;
}

/**
 * Express/connect middleware that calls {@link startRequestLogContext}; not needed under the preload.
 * @example
 * app.use(requestIdMiddleware());
 */
export function requestIdMiddleware(headerName = 'X-Request-ID'): (req: RequestLike, res: ResponseLike, next: () => void) => void {
  return (req, res, next) => {
    // run(), not enterWith(): the scope must end with this request's call chain.
    scopeStore().run(getLogContext(), () => {
      startRequestLogContext(req, res, headerName);
      next();
    });
  };
}
