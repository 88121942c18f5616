/**
 * Turns a request body into a plain object shaped by the official protos, for both encodings.
 *
 * OTLP/JSON goes through the same message types as protobuf (`fromObject`, then `toObject`), so
 * both paths yield identical objects and JSON gets the same type checks as the wire format.
 */
import protobuf from 'protobufjs';
import type { IConversionOptions, Type } from 'protobufjs';

/** The body encodings an OTLP/HTTP receiver accepts. */
export type OtlpFormat = 'protobuf' | 'json';

/** A body that could not be decoded; the receiver answers 400 with its message. */
export class OtlpDecodeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OtlpDecodeError';
  }
}

// 64-bit integers become decimal strings so nanosecond timestamps keep every digit; `oneofs` adds
// the name of the member that is set, which tells an int 0 from an absent value.
const CONVERSION: IConversionOptions = { longs: String, oneofs: true, arrays: true };

// OTLP/JSON writes these bytes fields as hex, unlike proto3 JSON's base64 (OTLP spec, "JSON
// Protobuf Encoding"). Every other bytes field (AnyValue.bytesValue) stays base64.
const HEX_BYTES_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** Decode `body` as `format` into a plain object of `type`. Throws {@link OtlpDecodeError}. */
export function decodeOtlpBody(type: Type, body: Buffer, format: OtlpFormat): Record<string, unknown> {
  try {
    if (format === 'protobuf') return type.toObject(type.decode(body), CONVERSION);
    const parsed: unknown = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    const message = type.fromObject(prepareJson(type, parsed, type.name));
    return type.toObject(message, CONVERSION);
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new OtlpDecodeError(`cannot decode ${format} ${type.name}: ${reason}`, { cause: error });
  }
}

/**
 * Walk OTLP/JSON alongside the message schema: hex ids become bytes, nulls are dropped, unknown
 * keys are ignored (as the spec requires of receivers) and shapes are checked where `fromObject`
 * would silently coerce.
 */
function prepareJson(type: Type, value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new OtlpDecodeError(`${path}: expected a JSON object`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const field = Object.hasOwn(type.fields, key) ? type.fields[key] : undefined;
    if (field === undefined || item === null) continue;
    const where = `${path}.${key}`;
    const nested = field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined;
    if (nested !== undefined) {
      if (field.repeated) {
        if (!Array.isArray(item)) throw new OtlpDecodeError(`${where}: expected an array`);
        out[key] = item.map((element, i) => prepareJson(nested, element, `${where}[${i}]`));
      } else {
        out[key] = prepareJson(nested, item, where);
      }
    } else if (field.type === 'bytes' && HEX_BYTES_FIELDS.has(key)) {
      if (typeof item !== 'string' || !HEX.test(item)) throw new OtlpDecodeError(`${where}: expected a hex string`);
      out[key] = Buffer.from(item, 'hex');
    } else {
      out[key] = item;
    }
  }
  return out;
}
