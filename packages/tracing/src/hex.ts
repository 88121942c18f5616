/**
 * Strict hex checks over a slice of a string. They read char codes in place, so validating a
 * header allocates nothing. The api's own checks also accept uppercase, which W3C forbids.
 */

/** True when `value[start, end)` is lowercase hex only (and the range is non-empty). */
export function isLowerHex(value: string, start: number, end: number): boolean {
  if (end <= start || end > value.length) return false;
  for (let i = start; i < end; i++) {
    const c = value.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/** True when `value[start, end)` is '0' only. */
export function isAllZero(value: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (value.charCodeAt(i) !== 0x30) return false;
  }
  return true;
}

/** A trace id as W3C writes it: 32 lowercase hex, not all zero. */
export function isW3cTraceId(id: string): boolean {
  return id.length === 32 && isLowerHex(id, 0, 32) && !isAllZero(id, 0, 32);
}

/** A span id as W3C writes it: 16 lowercase hex, not all zero. */
export function isW3cSpanId(id: string): boolean {
  return id.length === 16 && isLowerHex(id, 0, 16) && !isAllZero(id, 0, 16);
}
