import {
  isSpanContextValid,
  trace,
  type Context,
  type SpanContext,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@opentelemetry/api';
import { traceFlagsHex, warnOnce } from '@otelkit/core';
import { isW3cSpanId, isW3cTraceId } from './hex.js';
import { isTracingSuppressed } from './suppress.js';
import { parseTraceparent } from './traceparent.js';
import { OtelkitTraceState, parseTraceState, sanitizeTraceState } from './tracestate.js';
import { errorMessage } from './util.js';

const TRACEPARENT = 'traceparent';
const TRACESTATE = 'tracestate';

/**
 * W3C Trace Context Level 1 propagator with strict parsing.
 *
 * An invalid or duplicated `traceparent` leaves the context unchanged, so the trace restarts,
 * and `tracestate` is then ignored. Invalid `tracestate` members are dropped one by one and the
 * list is kept within the W3C limits. Nothing is injected when tracing is suppressed.
 */
export class OtelkitTraceContextPropagator implements TextMapPropagator {
  /** Write `traceparent` (and `tracestate` when non-empty) for a valid span context. */
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    try {
      const spanContext = trace.getSpanContext(context);
      if (spanContext === undefined || !isSpanContextValid(spanContext) || isTracingSuppressed(context)) return;
      // The api also accepts uppercase ids; the wire format is lowercase.
      const traceId = isW3cTraceId(spanContext.traceId) ? spanContext.traceId : spanContext.traceId.toLowerCase();
      const spanId = isW3cSpanId(spanContext.spanId) ? spanContext.spanId : spanContext.spanId.toLowerCase();
      setter.set(carrier, TRACEPARENT, `00-${traceId}-${spanId}-${traceFlagsHex(spanContext.traceFlags)}`);
      const traceState = spanContext.traceState;
      if (traceState !== undefined) {
        // A foreign TraceState may hold members or sizes W3C forbids: re-parse it on the way out.
        const serialized = traceState instanceof OtelkitTraceState ? traceState.serialize() : sanitizeTraceState(traceState.serialize()).serialize();
        if (serialized !== '') setter.set(carrier, TRACESTATE, serialized);
      }
    } catch (err) {
      warnOnce('tracing.w3c-inject-failed', `traceparent not injected: ${errorMessage(err)}`);
    }
  }

  /** Read `traceparent`/`tracestate` into a remote span context; returns `context` when invalid. */
  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    try {
      const raw = getter.get(carrier, TRACEPARENT);
      // W3C: more than one traceparent header is invalid. A one-element array is a single header.
      const value = typeof raw === 'string' ? raw : Array.isArray(raw) && raw.length === 1 ? raw[0] : undefined;
      if (typeof value !== 'string') return context;
      const parsed = parseTraceparent(value);
      if (parsed === undefined) return context;
      const spanContext: SpanContext = { ...parsed, isRemote: true };
      const rawState = getter.get(carrier, TRACESTATE);
      if (rawState !== undefined) {
        const traceState = parseTraceState(rawState);
        if (traceState.size > 0) spanContext.traceState = traceState;
      }
      return trace.setSpanContext(context, spanContext);
    } catch (err) {
      warnOnce('tracing.w3c-extract-failed', `traceparent not extracted: ${errorMessage(err)}`);
      return context;
    }
  }

  /** The header names this propagator reads and writes. */
  fields(): string[] {
    return [TRACEPARENT, TRACESTATE];
  }
}
