import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { noteServerException, recordServerExceptions } from './server-exception.js';

/** Note the given values on one request, record them on a real SDK span, and return that span. */
function recorded(...errors: unknown[]): ReadableSpan {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
  const span = provider.getTracer('test').startSpan('GET /x', { kind: SpanKind.SERVER });
  span.setStatus({ code: SpanStatusCode.ERROR });
  const request = {};
  for (const error of errors) noteServerException(request, error);
  recordServerExceptions(request, span);
  // Recorded once: the notes are gone after the first call.
  recordServerExceptions(request, span);
  span.end();
  return memory.getFinishedSpans()[0]!;
}

const attributesOf = (span: ReadableSpan): Array<Record<string, unknown>> => span.events.map((e) => ({ name: e.name, ...e.attributes }));

describe('server exceptions', () => {
  it('records an Error once with type, message and stack, its message as the status description', () => {
    const error = new TypeError('bad input');
    const span = recorded(error, error, error);
    expect(attributesOf(span)).toEqual([{ name: 'exception', 'exception.type': 'TypeError', 'exception.message': 'bad input', 'exception.stacktrace': error.stack }]);
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad input' });
  });

  it('records distinct errors in order (at most four), the last one as the description', () => {
    const errors = [1, 2, 3, 4, 5].map((n) => new Error(`e${n}`));
    const span = recorded(...errors);
    expect(span.events.map((e) => e.attributes?.['exception.message'])).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(span.status.message).toBe('e4');
  });

  it('times each event when the error was noted', () => {
    const before = Date.now();
    const span = recorded(new Error('x'));
    const [seconds, nanos] = span.events[0]!.time;
    const ms = seconds * 1000 + nanos / 1e6;
    expect(ms).toBeGreaterThanOrEqual(before - 1);
    expect(ms).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('records values that are not Errors as their text, without throwing', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    const hostile = {
      toJSON() {
        throw new Error('no');
      },
    };
    const cases: Array<[unknown, string]> = [
      ['plain string', 'plain string'],
      [{ reason: 'object' }, '{"reason":"object"}'],
      [42, '42'],
      [Symbol('sym'), 'Symbol(sym)'],
      [10n, '10'],
      [cyclic, '[object Object]'],
      [hostile, '[object Object]'],
      [Object.create(null), '[object Object]'],
      ['', 'non-error value thrown (string)'],
      ['x'.repeat(5000), 'x'.repeat(1024)],
    ];
    for (const [value, message] of cases) {
      const span = recorded(value);
      expect(attributesOf(span), String(message).slice(0, 40)).toEqual([{ name: 'exception', 'exception.message': message }]);
      expect(span.status.message).toBe(message);
    }
  });

  it('keeps an object shaped like an error as it is (the SDK reads its name, code, message and stack)', () => {
    const span = recorded({ name: 'AbortError', message: 'aborted', code: 'ABORT_ERR' });
    expect(attributesOf(span)).toEqual([{ name: 'exception', 'exception.type': 'ABORT_ERR', 'exception.message': 'aborted' }]);
  });

  it('never throws: nullish errors, missing or frozen requests, errors whose properties throw', () => {
    expect(() => noteServerException(undefined, new Error('x'))).not.toThrow();
    expect(() => noteServerException(Object.freeze({}), new Error('x'))).not.toThrow();
    const request = {};
    noteServerException(request, undefined);
    noteServerException(request, null);
    expect(Object.getOwnPropertySymbols(request)).toEqual([]);
    const trap = new Error('trap');
    Object.defineProperty(trap, 'message', {
      get() {
        throw new Error('getter');
      },
    });
    expect(() => recorded(trap)).not.toThrow();
  });

  it('leaves a span without notes untouched', () => {
    const span = recorded();
    expect(span.events).toEqual([]);
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR });
  });
});
