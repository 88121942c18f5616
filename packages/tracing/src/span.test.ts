import { SpanKind, SpanStatusCode, context, trace, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { setDiagSink, type OtelkitDiagSink } from '@otelkit/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentSpanId, currentTraceId, withSpan } from './span.js';

let exporter: InMemorySpanExporter | undefined;

function registerSdk(): InMemorySpanExporter {
  exporter = new InMemorySpanExporter();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
  return exporter;
}

afterEach(() => {
  trace.disable();
  context.disable();
  exporter = undefined;
});

function only(spans: ReadableSpan[]): ReadableSpan {
  expect(spans).toHaveLength(1);
  return spans[0]!;
}

describe('withSpan with an SDK', () => {
  it('runs a sync function in an active span and ends it once', () => {
    const spans = registerSdk();
    let endSpy: ReturnType<typeof vi.spyOn> | undefined;
    const result = withSpan('sync-work', (span) => {
      endSpy = vi.spyOn(span, 'end');
      expect(trace.getActiveSpan()).toBe(span);
      expect(currentTraceId()).toBe(span.spanContext().traceId);
      expect(currentSpanId()).toBe(span.spanContext().spanId);
      return 42;
    });
    expect(result).toBe(42);
    expect(endSpy).toHaveBeenCalledTimes(1);
    const span = only(spans.getFinishedSpans());
    expect(span.name).toBe('sync-work');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.instrumentationScope.name).toBe('@otelkit/tracing');
    expect(currentTraceId()).toBeUndefined();
  });

  it('ends an async span only when the promise settles', async () => {
    const spans = registerSdk();
    let release!: (value: string) => void;
    let endSpy: ReturnType<typeof vi.spyOn> | undefined;
    const promise = withSpan('async-work', (span) => {
      endSpy = vi.spyOn(span, 'end');
      return new Promise<string>((resolve) => (release = resolve));
    });
    expect(spans.getFinishedSpans()).toHaveLength(0);
    release('done');
    await expect(promise).resolves.toBe('done');
    expect(endSpy).toHaveBeenCalledTimes(1);
    expect(only(spans.getFinishedSpans()).status.code).toBe(SpanStatusCode.UNSET);
  });

  it('keeps the span active across awaits', async () => {
    registerSdk();
    await withSpan('outer', async (span) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(currentSpanId()).toBe(span.spanContext().spanId);
      await withSpan('inner', async (inner) => {
        expect(inner.spanContext().traceId).toBe(span.spanContext().traceId);
      });
    });
    const [inner, outer] = exporter!.getFinishedSpans();
    expect(inner?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
  });

  it('records a thrown error, sets ERROR and rethrows the identical error', () => {
    const spans = registerSdk();
    const error = new TypeError('bad input');
    let endSpy: ReturnType<typeof vi.spyOn> | undefined;
    let caught: unknown;
    try {
      withSpan('throws', (span: Span) => {
        endSpy = vi.spyOn(span, 'end');
        throw error;
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBe(error);
    expect(endSpy).toHaveBeenCalledTimes(1);
    const span = only(spans.getFinishedSpans());
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad input' });
    expect(span.attributes['error.type']).toBe('TypeError');
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
    expect(span.events[0]?.attributes?.['exception.message']).toBe('bad input');
  });

  it('records a rejection, sets ERROR and rejects with the identical error', async () => {
    const spans = registerSdk();
    const error = new Error('rejected');
    let endSpy: ReturnType<typeof vi.spyOn> | undefined;
    const promise = withSpan('rejects', async (span) => {
      endSpy = vi.spyOn(span, 'end');
      await Promise.resolve();
      throw error;
    });
    await expect(promise).rejects.toBe(error);
    expect(endSpy).toHaveBeenCalledTimes(1);
    const span = only(spans.getFinishedSpans());
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events).toHaveLength(1);
  });

  it('handles non-Error throws', () => {
    const spans = registerSdk();
    expect(() =>
      withSpan('throws-string', () => {
        throw 'plain string';
      }),
    ).toThrow('plain string');
    const span = only(spans.getFinishedSpans());
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'plain string' });
    expect(span.attributes['error.type']).toBe('_OTHER');
  });

  it('applies attributes, kind, root and links', () => {
    const spans = registerSdk();
    withSpan('parent', (parent) => {
      withSpan('child', () => undefined, {
        attributes: { 'app.key': 'v' },
        kind: SpanKind.CONSUMER,
        root: true,
        links: [{ context: parent.spanContext() }],
      });
    });
    const [child, parent] = spans.getFinishedSpans();
    expect(child?.kind).toBe(SpanKind.CONSUMER);
    expect(child?.attributes['app.key']).toBe('v');
    expect(child?.parentSpanContext).toBeUndefined();
    expect(child?.spanContext().traceId).not.toBe(parent?.spanContext().traceId);
    expect(child?.links[0]?.context.spanId).toBe(parent?.spanContext().spanId);
  });

  it('uses the tracer given in options', () => {
    const spans = registerSdk();
    withSpan('custom', () => undefined, { tracer: trace.getTracer('my-lib', '1.2.3') });
    expect(only(spans.getFinishedSpans()).instrumentationScope).toMatchObject({ name: 'my-lib', version: '1.2.3' });
  });

  it('does not call then() on non-native thenables', () => {
    registerSdk();
    const then = vi.fn();
    const lazy = { then };
    expect(withSpan('lazy', () => lazy)).toBe(lazy);
    expect(then).not.toHaveBeenCalled();
    expect(exporter!.getFinishedSpans()).toHaveLength(1);
  });

  it('still runs fn once when the tracer itself throws', () => {
    const lines: string[] = [];
    const previous: OtelkitDiagSink = setDiagSink((_level, line) => lines.push(line));
    try {
      const broken = {
        startSpan: () => {
          throw new Error('tracer broken');
        },
        startActiveSpan: () => {
          throw new Error('tracer broken');
        },
      };
      const fn = vi.fn(() => 'ran');
      expect(withSpan('x', fn, { tracer: broken })).toBe('ran');
      expect(fn).toHaveBeenCalledTimes(1);
      expect(lines.some((line) => line.includes('tracer broken'))).toBe(true);
    } finally {
      setDiagSink(previous);
    }
  });
});

describe('without an SDK', () => {
  it('withSpan still runs the function, sync and async, and errors pass through', async () => {
    expect(withSpan('noop', (span) => span.isRecording())).toBe(false);
    await expect(withSpan('noop', async () => 7)).resolves.toBe(7);
    const error = new Error('x');
    await expect(withSpan('noop', async () => Promise.reject(error))).rejects.toBe(error);
  });

  it('currentTraceId and currentSpanId are undefined', () => {
    expect(currentTraceId()).toBeUndefined();
    expect(currentSpanId()).toBeUndefined();
    withSpan('noop', () => {
      expect(currentTraceId()).toBeUndefined();
    });
  });

  it('currentTraceId reports a valid remote parent even without an SDK', () => {
    const ctx = trace.setSpanContext(context.active(), {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: 1,
      isRemote: true,
    });
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    context.with(ctx, () => {
      expect(currentTraceId()).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(currentSpanId()).toBe('00f067aa0ba902b7');
    });
  });
});
