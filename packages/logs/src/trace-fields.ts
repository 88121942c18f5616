import { context, isSpanContextValid, trace, type SpanContext } from '@opentelemetry/api';
import { traceFlagsHex } from '@otelkit/core';
import { scopedFields } from './state.js';
import type { OtelkitTraceFields } from './types.js';

/** The active span's context when it is valid (there is a span and it has real ids). */
export function activeSpanContext(): SpanContext | undefined {
  const span = trace.getSpan(context.active());
  if (span === undefined) return undefined;
  const sc = span.spanContext();
  return isSpanContextValid(sc) ? sc : undefined;
}

/**
 * `trace_id`, `span_id` and `trace_flags` of the active span, or undefined outside a span. Present
 * whether or not the span is exported: the ids exist as soon as a span is active.
 */
export function traceFields(): OtelkitTraceFields | undefined {
  const sc = activeSpanContext();
  return sc === undefined ? undefined : { trace_id: sc.traceId, span_id: sc.spanId, trace_flags: traceFlagsHex(sc.traceFlags) };
}

/** Trace fields and request-scoped fields, merged into `target` (returned). Never throws. */
export function addCorrelationFields<T extends Record<string, unknown>>(target: T): T {
  try {
    const extra = scopedFields();
    if (extra !== undefined) {
      for (const key in extra) if (!(key in target)) (target as Record<string, unknown>)[key] = extra[key];
    }
    const sc = activeSpanContext();
    if (sc !== undefined) {
      const t = target as Record<string, unknown>;
      t['trace_id'] = sc.traceId;
      t['span_id'] = sc.spanId;
      t['trace_flags'] = traceFlagsHex(sc.traceFlags);
    }
  } catch {
    // A log call must never fail because of correlation.
  }
  return target;
}
