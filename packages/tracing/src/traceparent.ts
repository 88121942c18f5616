import { isAllZero, isLowerHex } from './hex.js';
import type { OtelkitTraceparent } from './types.js';
import { trimOws } from './util.js';

const TRACEPARENT_LENGTH = 55;
const DASH = 0x2d;

/**
 * Parse a W3C Trace Context Level 1 `traceparent` value strictly.
 *
 * Version `00` must be exactly 55 characters; a higher version may be longer when character 55
 * is `-` followed by more data, and only its first four fields are read. Version `ff`, uppercase
 * hex and all-zero ids are invalid. Leading and trailing spaces or tabs (HTTP OWS) are ignored.
 * Flags keep only the sampled (0x01) and random (0x02) bits.
 * @returns the fields, or `undefined` for anything invalid.
 */
export function parseTraceparent(value: string): OtelkitTraceparent | undefined {
  if (typeof value !== 'string') return undefined;
  const v = trimOws(value);
  const length = v.length;
  if (length < TRACEPARENT_LENGTH || !isLowerHex(v, 0, 2)) return undefined;
  if (v.charCodeAt(0) === 0x66 && v.charCodeAt(1) === 0x66) return undefined; // version ff
  if (v.charCodeAt(0) === 0x30 && v.charCodeAt(1) === 0x30) {
    if (length !== TRACEPARENT_LENGTH) return undefined;
  } else if (length > TRACEPARENT_LENGTH && (v.charCodeAt(TRACEPARENT_LENGTH) !== DASH || length === TRACEPARENT_LENGTH + 1)) {
    // A future version may append fields, but only after a '-' and never as an empty field.
    return undefined;
  }
  if (v.charCodeAt(2) !== DASH || v.charCodeAt(35) !== DASH || v.charCodeAt(52) !== DASH) return undefined;
  if (!isLowerHex(v, 3, 35) || isAllZero(v, 3, 35)) return undefined;
  if (!isLowerHex(v, 36, 52) || isAllZero(v, 36, 52)) return undefined;
  if (!isLowerHex(v, 53, 55)) return undefined;
  const traceFlags = (hexValue(v.charCodeAt(53)) * 16 + hexValue(v.charCodeAt(54))) & 0x03;
  return { traceId: v.slice(3, 35), spanId: v.slice(36, 52), traceFlags };
}

function hexValue(code: number): number {
  return code <= 0x39 ? code - 0x30 : code - 0x57;
}
