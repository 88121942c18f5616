import { warnOnce } from '@otelkit/core';
import type { OtelkitRequestId } from './types.js';

const MAX_LENGTH = 128;
// node:crypto is loaded on first use rather than when the preload starts.
let randomUUID: (() => string) | undefined;
// Safe to log and to echo in a header: no spaces, quotes, separators or control characters.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Accept an incoming request id (e.g. `x-request-id`) when it is 1–128 characters of
 * `[A-Za-z0-9._:-]`; otherwise generate a UUID. For a duplicated header the first value is used.
 * A rejected value is reported at debug level, at most once a minute, and never printed.
 */
export function resolveRequestId(value: string | string[] | undefined): OtelkitRequestId {
  const candidate: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof candidate === 'string' && candidate.length <= MAX_LENGTH && REQUEST_ID.test(candidate)) {
    return { id: candidate, generated: false };
  }
  if (candidate !== undefined && candidate !== '') {
    warnOnce('tracing.request-id-invalid', 'ignored an incoming request id that is not 1-128 characters of [A-Za-z0-9._:-]; generated one instead', 'debug');
  }
  return { id: (randomUUID ??= process.getBuiltinModule('node:crypto').randomUUID)(), generated: true };
}
