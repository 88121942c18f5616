import {
  ROOT_CONTEXT,
  createContextKey,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
  type Context,
  type SpanContext,
} from '@opentelemetry/api';
import { setDiagSink, type OtelkitDiagSink } from '@otelkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtelkitTraceContextPropagator } from './propagator.js';
import { parseTraceparent } from './traceparent.js';
import { OtelkitTraceState } from './tracestate.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const VALID = `00-${TRACE_ID}-${SPAN_ID}-01`;
const propagator = new OtelkitTraceContextPropagator();
const diagLines: string[] = [];
let previousSink: OtelkitDiagSink;
beforeAll(() => {
  previousSink = setDiagSink((_level, line) => diagLines.push(line));
});
afterAll(() => {
  setDiagSink(previousSink);
});

function extract(headers: Record<string, string | string[]>): Context {
  return propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
}

function inject(ctx: Context): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagator.inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
}

function roundTrip(traceparent: string): Record<string, string> {
  return inject(extract({ traceparent }));
}

const VALID_CASES: Array<[string, string, { traceId: string; spanId: string; traceFlags: number }]> = [
  ['sampled', VALID, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 }],
  ['not sampled', `00-${TRACE_ID}-${SPAN_ID}-00`, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 0 }],
  ['random bit', `00-${TRACE_ID}-${SPAN_ID}-02`, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 2 }],
  ['reserved bits 09 masked to 01', `00-${TRACE_ID}-${SPAN_ID}-09`, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 }],
  ['reserved bits ff masked to 03', `00-${TRACE_ID}-${SPAN_ID}-ff`, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 3 }],
  ['future version, exactly 55 chars', `cc-${TRACE_ID}-${SPAN_ID}-01`, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 }],
  ['future version with more fields', `cc-${TRACE_ID}-${SPAN_ID}-01-what-the-future-will-be-like`, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 }],
  ['version fe', `fe-${TRACE_ID}-${SPAN_ID}-00`, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 0 }],
  ['leading and trailing OWS', ` \t${VALID}\t `, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 }],
];

const INVALID_CASES: Array<[string, string | string[]]> = [
  ['empty', ''],
  ['uppercase trace id', `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`],
  ['uppercase parent id', `00-${TRACE_ID}-00F067AA0BA902B7-01`],
  ['uppercase flags', `00-${TRACE_ID}-${SPAN_ID}-0A`],
  ['uppercase version', `0A-${TRACE_ID}-${SPAN_ID}-01`],
  ['version ff', `ff-${TRACE_ID}-${SPAN_ID}-01`],
  ['non-hex version', `0g-${TRACE_ID}-${SPAN_ID}-01`],
  ['all-zero trace id', `00-${'0'.repeat(32)}-${SPAN_ID}-01`],
  ['all-zero parent id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
  ['too short', VALID.slice(0, 54)],
  ['short trace id', `00-${TRACE_ID.slice(1)}-${SPAN_ID}-01`],
  ['too long for version 00', `${VALID}0`],
  ['extra field in version 00', `${VALID}-extra`],
  ['trailing dash in version 00', `${VALID}-`],
  ['trailing dash with future version', `cc-${TRACE_ID}-${SPAN_ID}-01-`],
  ['future version without dash after flags', `cc-${TRACE_ID}-${SPAN_ID}-01.what-the-future-will-be-like`],
  ['non-hex trace id', `00-${TRACE_ID.slice(0, 31)}g-${SPAN_ID}-01`],
  ['non-hex parent id', `00-${TRACE_ID}-${SPAN_ID.slice(0, 15)}z-01`],
  ['non-hex flags', `00-${TRACE_ID}-${SPAN_ID}-0x`],
  ['wrong separator', `00_${TRACE_ID}_${SPAN_ID}_01`],
  ['CR inside', `00-${TRACE_ID.slice(0, 16)}\r${TRACE_ID.slice(17)}-${SPAN_ID}-01`],
  ['CRLF appended', `${VALID}\r\n`],
  ['LF inside', `00-${TRACE_ID}-${SPAN_ID}\n01`],
  ['10 KB value', `${VALID}${'a'.repeat(10 * 1024)}`],
  ['10 KB future version without separator', `cc-${TRACE_ID}-${SPAN_ID}-01${'a'.repeat(10 * 1024)}`],
  ['comma-joined duplicate', `${VALID}, ${VALID}`],
  ['duplicated header as array', [VALID, VALID]],
  ['duplicated header, different values', [VALID, `00-${TRACE_ID}-${SPAN_ID}-00`]],
  ['empty array', []],
  ['unicode lookalike', `00-${TRACE_ID.slice(0, 31)}٣-${SPAN_ID}-01`],
];

describe('parseTraceparent', () => {
  it.each(VALID_CASES)('accepts %s', (_name, value, expected) => {
    expect(parseTraceparent(value)).toEqual(expected);
  });

  it.each(INVALID_CASES.filter((c): c is [string, string] => typeof c[1] === 'string'))('rejects %s', (_name, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });

  it('rejects non-strings', () => {
    expect(parseTraceparent(undefined as unknown as string)).toBeUndefined();
    expect(parseTraceparent(42 as unknown as string)).toBeUndefined();
  });
});

describe('OtelkitTraceContextPropagator.extract', () => {
  it.each(VALID_CASES)('extracts %s as a remote span context', (_name, traceparent, expected) => {
    const spanContext = trace.getSpanContext(extract({ traceparent }));
    expect(spanContext).toMatchObject({ ...expected, isRemote: true });
  });

  it.each(INVALID_CASES)('restarts the trace and ignores tracestate for %s', (_name, traceparent) => {
    const ctx = extract({ traceparent, tracestate: 'vendor=value' });
    expect(ctx).toBe(ROOT_CONTEXT);
    expect(trace.getSpanContext(ctx)).toBeUndefined();
  });

  it('accepts a one-element array (a single header from an array-valued carrier)', () => {
    expect(trace.getSpanContext(extract({ traceparent: [VALID] }))?.traceId).toBe(TRACE_ID);
  });

  it('discards tracestate without a traceparent', () => {
    const ctx = extract({ tracestate: 'vendor=value' });
    expect(ctx).toBe(ROOT_CONTEXT);
  });

  it('keeps the incoming context when the getter throws', () => {
    const ctx = propagator.extract(ROOT_CONTEXT, {}, {
      get: () => {
        throw new Error('broken carrier');
      },
      keys: () => [],
    });
    expect(ctx).toBe(ROOT_CONTEXT);
    expect(diagLines.some((line) => line.includes('broken carrier'))).toBe(true);
  });

  it('attaches a parsed tracestate', () => {
    const spanContext = trace.getSpanContext(extract({ traceparent: VALID, tracestate: 'congo=t61rcWkgMzE, rojo=00f067aa0ba902b7' }));
    expect(spanContext?.traceState).toBeInstanceOf(OtelkitTraceState);
    expect(spanContext?.traceState?.get('rojo')).toBe('00f067aa0ba902b7');
    expect(spanContext?.traceState?.serialize()).toBe('congo=t61rcWkgMzE,rojo=00f067aa0ba902b7');
  });

  it('combines multiple tracestate headers', () => {
    const spanContext = trace.getSpanContext(extract({ traceparent: VALID, tracestate: ['a=1', 'b=2,a=3'] }));
    expect(spanContext?.traceState?.serialize()).toBe('a=1,b=2');
  });

  it('leaves traceState unset when every member is invalid', () => {
    const spanContext = trace.getSpanContext(extract({ traceparent: VALID, tracestate: 'UPPER=1,=x' }));
    expect(spanContext?.traceState).toBeUndefined();
  });
});

describe('OtelkitTraceContextPropagator.inject', () => {
  it('lists its fields', () => {
    expect(propagator.fields()).toEqual(['traceparent', 'tracestate']);
  });

  it('round-trips a valid traceparent and tracestate', () => {
    expect(inject(extract({ traceparent: VALID, tracestate: 'a=1' }))).toEqual({ traceparent: VALID, tracestate: 'a=1' });
  });

  it.each([
    ['09', '01'],
    ['ff', '03'],
    ['02', '02'],
    ['00', '00'],
  ])('writes flags %s as %s after a round trip', (incoming, outgoing) => {
    expect(roundTrip(`00-${TRACE_ID}-${SPAN_ID}-${incoming}`).traceparent).toBe(`00-${TRACE_ID}-${SPAN_ID}-${outgoing}`);
  });

  it('downgrades a future version to 00 and drops its extra fields', () => {
    expect(roundTrip(`cc-${TRACE_ID}-${SPAN_ID}-01-future`).traceparent).toBe(VALID);
  });

  it('writes nothing for an invalid span context or an empty context', () => {
    expect(inject(ROOT_CONTEXT)).toEqual({});
    const invalid: SpanContext = { traceId: '0'.repeat(32), spanId: SPAN_ID, traceFlags: 1 };
    expect(inject(trace.setSpanContext(ROOT_CONTEXT, invalid))).toEqual({});
  });

  it('writes nothing when tracing is suppressed (same key as @opentelemetry/core)', () => {
    const ctx = extract({ traceparent: VALID });
    const suppressed = ctx.setValue(createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING'), true);
    expect(inject(suppressed)).toEqual({});
  });

  it('lowercases ids that the api accepted in uppercase', () => {
    const upper: SpanContext = { traceId: TRACE_ID.toUpperCase(), spanId: SPAN_ID.toUpperCase(), traceFlags: 1 };
    expect(inject(trace.setSpanContext(ROOT_CONTEXT, upper)).traceparent).toBe(VALID);
  });

  it('sanitises a foreign TraceState on the way out', () => {
    const foreign = {
      set: () => foreign,
      unset: () => foreign,
      get: () => undefined,
      serialize: () => `good=1,BAD=2,${Array.from({ length: 40 }, (_, i) => `k${i}=v`).join(',')}`,
    };
    const carrier = inject(trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1, traceState: foreign }));
    const members = carrier.tracestate!.split(',');
    expect(members[0]).toBe('good=1');
    expect(members).not.toContain('BAD=2');
    expect(members.length).toBe(32);
  });

  it('does not throw when the setter throws', () => {
    const ctx = extract({ traceparent: VALID });
    expect(() =>
      propagator.inject(ctx, {}, {
        set: () => {
          throw new Error('read-only carrier');
        },
      }),
    ).not.toThrow();
  });
});
