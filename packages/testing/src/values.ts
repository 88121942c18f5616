/**
 * Unwrapping of OTLP common values (AnyValue, KeyValue lists, ids, 64-bit integers) from the plain
 * objects protobufjs produces into the values tests compare against.
 */
import type { ReceivedAttributes, ReceivedScope, ReceivedValue } from './types.js';

/** `common.v1.AnyValue` as produced by `toObject` with `oneofs: true`. */
export interface RawAnyValue {
  value?: string;
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: RawAnyValue[] };
  kvlistValue?: { values?: RawKeyValue[] };
  bytesValue?: Uint8Array;
}

/** `common.v1.KeyValue`. */
export interface RawKeyValue {
  key?: string;
  value?: RawAnyValue;
}

/** `common.v1.InstrumentationScope`. */
export interface RawScope {
  name?: string;
  version?: string;
  attributes?: RawKeyValue[];
}

/** Lowercase hex of a bytes field; `''` when absent. */
export function toHex(bytes: Uint8Array | undefined): string {
  if (bytes === undefined) return '';
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** A 64-bit integer as a number when it is exactly representable, else as its decimal string. */
export function toInt64(value: string | number | undefined): number | string {
  if (value === undefined) return 0;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : String(value);
}

/** A 64-bit count as a number (counts beyond 2^53 do not occur in tests; precision is not kept). */
export function toCount(value: string | number | undefined): number {
  return value === undefined ? 0 : Number(value);
}

/** A nanosecond timestamp as a decimal string; `'0'` when absent. */
export function toNanos(value: string | number | undefined): string {
  return value === undefined ? '0' : String(value);
}

/** Unwrap an AnyValue; an empty one (or a profiling-only string-table reference) is `null`. */
export function unwrapAnyValue(value: RawAnyValue | undefined): ReceivedValue {
  switch (value?.value) {
    case 'stringValue':
      return value.stringValue ?? '';
    case 'boolValue':
      return value.boolValue ?? false;
    case 'intValue':
      return toInt64(value.intValue);
    case 'doubleValue':
      return value.doubleValue ?? 0;
    case 'arrayValue':
      return (value.arrayValue?.values ?? []).map(unwrapAnyValue);
    case 'kvlistValue':
      return toAttributes(value.kvlistValue?.values);
    case 'bytesValue':
      return toHex(value.bytesValue);
    default:
      return null;
  }
}

/** A KeyValue list as a plain object; a repeated key keeps its last value. */
export function toAttributes(list: RawKeyValue[] | undefined): ReceivedAttributes {
  const out: ReceivedAttributes = {};
  for (const kv of list ?? []) {
    // defineProperty, so a key such as "__proto__" becomes data instead of a prototype change.
    Object.defineProperty(out, kv.key ?? '', {
      value: unwrapAnyValue(kv.value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** The instrumentation scope with its defaults filled in. */
export function toScope(scope: RawScope | undefined): ReceivedScope {
  return { name: scope?.name ?? '', version: scope?.version ?? '', attributes: toAttributes(scope?.attributes) };
}
