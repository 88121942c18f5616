import { RandomBytePool, warnOnce } from '@otelkit/core';
import type { OtelkitRequestId } from './types.js';

const MAX_LENGTH = 128;
// Random bytes for generated ids: one randomFillSync() per 4,096 ids, node:crypto and the buffer
// taken at the first one rather than when the preload starts.
const pool = /* @__PURE__ */ new RandomBytePool();
const HEX_DIGITS = new TextEncoder().encode('0123456789abcdef');
const text = Buffer.alloc(36);
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
  return { id: uuidV4(), generated: true };
}

/**
 * A random (version 4) UUID, as crypto.randomUUID() makes it. That one joins twenty string pieces,
 * ~0.6 kB of garbage per id under load; this writes the 36 characters into one buffer and reads
 * them out as a single flat string.
 */
export function uuidV4(): string {
  const at = pool.take(16);
  const bytes = pool.bytes;
  let j = 0;
  for (let i = 0; i < 16; i++) {
    // xxxxxxxx-xxxx-4xxx-Nxxx-xxxxxxxxxxxx: the version nibble is 4, the variant bits are 10.
    if (i === 4 || i === 6 || i === 8 || i === 10) text[j++] = 0x2d;
    let b = bytes[at + i]!;
    if (i === 6) b = (b & 0x0f) | 0x40;
    else if (i === 8) b = (b & 0x3f) | 0x80;
    text[j++] = HEX_DIGITS[b >> 4]!;
    text[j++] = HEX_DIGITS[b & 0x0f]!;
  }
  return text.toString('latin1', 0, 36);
}
