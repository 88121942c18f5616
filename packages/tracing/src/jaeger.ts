import {
  TraceFlags,
  isSpanContextValid,
  propagation,
  trace,
  type Baggage,
  type Context,
  type SpanContext,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@opentelemetry/api';
import { HTTP_TOKEN, invalidOption, OtelkitError, warnOnce } from '@otelkit/core';
import { isTracingSuppressed } from './suppress.js';
import type { OtelkitJaegerPropagatorOptions } from './types.js';
import { errorMessage, trimOws } from './util.js';

const DEFAULT_TRACE_HEADER = 'uber-trace-id';
const DEFAULT_BAGGAGE_PREFIX = 'uberctx-';
const KNOWN_KEYS = new Set(['traceHeader', 'baggagePrefix']);
// Jaeger clients drop leading zeros, so ids are 1..32 / 1..16 hex digits and padded back here.
const TRACE_ID = /^[0-9a-fA-F]{1,32}$/;
const SPAN_ID = /^[0-9a-fA-F]{1,16}$/;
const FLAGS = /^[0-9a-fA-F]{1,2}$/;
// 32 + 16 + 16 + 2 digits and 3 separators, with room for percent-encoded separators.
const MAX_UBER_TRACE_ID = 128;
// W3C baggage limits, applied to uberctx-* headers as well.
const MAX_BAGGAGE_ENTRIES = 180;
const MAX_BAGGAGE_CHARS = 8192;

/**
 * Jaeger propagator: `uber-trace-id: {trace-id}:{span-id}:{parent-span-id}:{flags}` for the span
 * context and `uberctx-{key}` headers for baggage. Invalid input is ignored, never thrown.
 */
export class JaegerPropagator implements TextMapPropagator {
  readonly #traceHeader: string;
  readonly #baggagePrefix: string;

  /**
   * @throws OtelkitError `OTELKIT_ERR_INVALID_HEADER_NAME` for a header name or prefix that is not
   *   an HTTP token, `OTELKIT_ERR_UNKNOWN_OPTION` for an unknown option.
   */
  constructor(options?: OtelkitJaegerPropagatorOptions) {
    if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
      throw invalidOption('options', 'an object', options);
    }
    for (const key of Object.keys(options ?? {})) {
      if (!KNOWN_KEYS.has(key)) throw new OtelkitError('OTELKIT_ERR_UNKNOWN_OPTION', `unknown Jaeger propagator option "${key}"`);
    }
    this.#traceHeader = headerOption('traceHeader', options?.traceHeader, DEFAULT_TRACE_HEADER);
    this.#baggagePrefix = headerOption('baggagePrefix', options?.baggagePrefix, DEFAULT_BAGGAGE_PREFIX);
  }

  /** Write `uber-trace-id` (parent 0, flags 1 or 0) and one `uberctx-*` header per baggage entry. */
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    try {
      if (isTracingSuppressed(context)) return;
      const spanContext = trace.getSpanContext(context);
      if (spanContext !== undefined && isSpanContextValid(spanContext)) {
        const sampled = (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED ? '1' : '0';
        setter.set(carrier, this.#traceHeader, `${spanContext.traceId.toLowerCase()}:${spanContext.spanId.toLowerCase()}:0:${sampled}`);
      }
      const baggage = propagation.getBaggage(context);
      if (baggage === undefined) return;
      let count = 0;
      for (const [key, entry] of baggage.getAllEntries()) {
        // The key becomes part of a header name, so it must be a token.
        if (!HTTP_TOKEN.test(key)) continue;
        if (++count > MAX_BAGGAGE_ENTRIES) break;
        setter.set(carrier, `${this.#baggagePrefix}${key}`, encodeURIComponent(entry.value));
      }
    } catch (err) {
      warnOnce('tracing.jaeger-inject-failed', `uber-trace-id not injected: ${errorMessage(err)}`);
    }
  }

  /** Read `uber-trace-id` into a remote span context and `uberctx-*` headers into baggage. */
  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    try {
      let result = context;
      const raw = single(getter.get(carrier, this.#traceHeader));
      const spanContext = raw === undefined ? undefined : parseUberTraceId(raw);
      if (spanContext !== undefined) result = trace.setSpanContext(result, spanContext);
      const baggage = this.#extractBaggage(carrier, getter, propagation.getBaggage(result));
      return baggage === undefined ? result : propagation.setBaggage(result, baggage);
    } catch (err) {
      warnOnce('tracing.jaeger-extract-failed', `uber-trace-id not extracted: ${errorMessage(err)}`);
      return context;
    }
  }

  /** The trace header name (baggage headers have dynamic names and are not listed). */
  fields(): string[] {
    return [this.#traceHeader];
  }

  #extractBaggage(carrier: unknown, getter: TextMapGetter, existing: Baggage | undefined): Baggage | undefined {
    const prefix = this.#baggagePrefix;
    let baggage: Baggage | undefined;
    let count = 0;
    let chars = 0;
    for (const key of getter.keys(carrier)) {
      if (key.length <= prefix.length || key.slice(0, prefix.length).toLowerCase() !== prefix) continue;
      const raw = single(getter.get(carrier, key));
      const value = raw === undefined ? undefined : decode(raw);
      if (value === undefined) continue;
      const name = key.slice(prefix.length);
      chars += name.length + value.length;
      if (++count > MAX_BAGGAGE_ENTRIES || chars > MAX_BAGGAGE_CHARS) break;
      baggage = (baggage ?? existing ?? propagation.createBaggage()).setEntry(name, { value });
    }
    return baggage;
  }
}

/** Parse an `uber-trace-id` value (URL-encoded or not) into a remote span context. */
function parseUberTraceId(raw: string): SpanContext | undefined {
  if (raw.length > MAX_UBER_TRACE_ID) return undefined;
  const decoded = raw.includes('%') ? decode(raw) : raw;
  if (decoded === undefined) return undefined;
  const parts = trimOws(decoded).split(':');
  if (parts.length !== 4) return undefined;
  const [traceId, spanId, parentId, flags] = parts as [string, string, string, string];
  if (!TRACE_ID.test(traceId) || !SPAN_ID.test(spanId) || !SPAN_ID.test(parentId) || !FLAGS.test(flags)) return undefined;
  const spanContext: SpanContext = {
    traceId: traceId.toLowerCase().padStart(32, '0'),
    spanId: spanId.toLowerCase().padStart(16, '0'),
    // Sampled is the low bit. Read as hex or as decimal, the last digit decides it alike.
    traceFlags: (Number.parseInt(flags, 16) & 0x01) === 1 ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  };
  return isSpanContextValid(spanContext) ? spanContext : undefined;
}

function headerOption(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw invalidOption(name, 'a string', value);
  if (!HTTP_TOKEN.test(value)) {
    throw new OtelkitError('OTELKIT_ERR_INVALID_HEADER_NAME', `${name} "${value.slice(0, 60)}" is not a valid HTTP header name`);
  }
  // Node delivers incoming header names in lowercase.
  return value.toLowerCase();
}

// One header value; a duplicated header (array of several) is ignored.
function single(value: string | string[] | undefined): string | undefined {
  if (typeof value === 'string') return value;
  return Array.isArray(value) && value.length === 1 && typeof value[0] === 'string' ? value[0] : undefined;
}

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
