import {
  INVALID_SPAN_CONTEXT,
  SpanStatusCode,
  isSpanContextValid,
  trace,
  type Exception,
  type Span,
  type SpanOptions,
} from '@opentelemetry/api';
import { OTELKIT_VERSION, warnOnce } from '@otelkit/core';
import { isPromise } from 'node:util/types';
import type { OtelkitSpanOptions } from './types.js';
import { errorMessage } from './util.js';

/** Instrumentation scope name of the spans this package starts. */
export const OTELKIT_TRACER_NAME: string = '@otelkit/tracing';

const NO_OPTIONS: SpanOptions = Object.freeze({});

/**
 * Run `fn` inside a new active span and end the span when `fn` finishes. When `fn` returns a
 * native promise, the span ends when it settles and the returned value is a promise chained on it.
 * A throw or rejection is recorded on the span (exception event, status ERROR, `error.type`) and
 * the original error is rethrown unchanged. Status stays UNSET on success, as semconv asks.
 *
 * Without a registered SDK the span is a no-op and `fn` still runs.
 */
export function withSpan<T>(name: string, fn: (span: Span) => T, options?: OtelkitSpanOptions): T {
  let entered = false;
  try {
    const tracer = options?.tracer ?? trace.getTracer(OTELKIT_TRACER_NAME, OTELKIT_VERSION);
    const spanOptions = options === undefined ? NO_OPTIONS : toSpanOptions(options);
    return tracer.startActiveSpan(name, spanOptions, (span: Span) => {
      entered = true;
      return runInSpan(span, fn);
    });
  } catch (err) {
    // Errors from fn pass through untouched; a broken tracer must not stop the user's code.
    if (entered) throw err;
    warnOnce('tracing.with-span-failed', `withSpan could not start a span, running without one: ${errorMessage(err)}`);
    return fn(trace.wrapSpanContext(INVALID_SPAN_CONTEXT));
  }
}

/** The active span's trace id (32 hex), or `undefined` when there is no valid active span. */
export function currentTraceId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext !== undefined && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/** The active span's span id (16 hex), or `undefined` when there is no valid active span. */
export function currentSpanId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext !== undefined && isSpanContextValid(spanContext) ? spanContext.spanId : undefined;
}

function toSpanOptions(options: OtelkitSpanOptions): SpanOptions {
  const spanOptions: SpanOptions = {};
  if (options.attributes !== undefined) spanOptions.attributes = options.attributes;
  if (options.kind !== undefined) spanOptions.kind = options.kind;
  if (options.links !== undefined) spanOptions.links = options.links;
  if (options.root === true) spanOptions.root = true;
  return spanOptions;
}

function runInSpan<T>(span: Span, fn: (span: Span) => T): T {
  let result: T;
  try {
    result = fn(span);
  } catch (err) {
    recordFailure(span, err);
    endSpan(span);
    throw err;
  }
  // Only native promises: calling then() on other thenables (query builders) would run them.
  if (isPromise(result)) {
    return result.then(
      (value: unknown) => {
        endSpan(span);
        return value;
      },
      (err: unknown) => {
        recordFailure(span, err);
        endSpan(span);
        throw err;
      },
    ) as T;
  }
  endSpan(span);
  return result;
}

function recordFailure(span: Span, err: unknown): void {
  try {
    if (typeof err === 'object' && err !== null) {
      span.recordException(err as Exception);
      const message = (err as { message?: unknown }).message;
      span.setStatus(typeof message === 'string' ? { code: SpanStatusCode.ERROR, message } : { code: SpanStatusCode.ERROR });
      const type = (err as { constructor?: { name?: unknown } }).constructor?.name;
      span.setAttribute('error.type', typeof type === 'string' && type !== '' ? type : '_OTHER');
    } else {
      const message = String(err);
      span.recordException(message);
      span.setStatus({ code: SpanStatusCode.ERROR, message });
      span.setAttribute('error.type', '_OTHER');
    }
  } catch {
    // Recording is best effort; the user's error is what matters.
  }
}

function endSpan(span: Span): void {
  try {
    span.end();
  } catch {
    // A throwing span implementation must not replace the user's result.
  }
}
