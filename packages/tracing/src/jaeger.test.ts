import {
  ROOT_CONTEXT,
  createContextKey,
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  trace,
  type Context,
} from '@opentelemetry/api';
import { OtelkitError } from '@otelkit/core';
import { describe, expect, it } from 'vitest';
import { JaegerPropagator } from './jaeger.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const propagator = new JaegerPropagator();

function extract(headers: Record<string, string | string[]>, p: JaegerPropagator = propagator): Context {
  return p.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
}

function inject(ctx: Context, p: JaegerPropagator = propagator): Record<string, string> {
  const carrier: Record<string, string> = {};
  p.inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
}

describe('JaegerPropagator', () => {
  it('round-trips a span context and baggage', () => {
    const ctx = extract({ 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:1`, 'uberctx-user': 'alice%20b', 'uberctx-tier': 'gold' });
    expect(trace.getSpanContext(ctx)).toEqual({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1, isRemote: true });
    expect(propagation.getBaggage(ctx)?.getEntry('user')?.value).toBe('alice b');
    expect(inject(ctx)).toEqual({
      'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:1`,
      'uberctx-user': 'alice%20b',
      'uberctx-tier': 'gold',
    });
  });

  it('left-pads short ids and reads URL-encoded values', () => {
    const ctx = extract({ 'uber-trace-id': 'a3ce929d0e0e4736%3Aabc%3A0%3A1' });
    expect(trace.getSpanContext(ctx)).toMatchObject({
      traceId: '0000000000000000a3ce929d0e0e4736',
      spanId: '0000000000000abc',
      traceFlags: 1,
    });
  });

  it.each([
    ['0', 0],
    ['1', 1],
    ['3', 1],
    ['2', 0],
    ['d', 1],
    ['10', 0],
    ['0f', 1],
  ])('reads flags %s as sampled=%i', (flags, sampled) => {
    const ctx = extract({ 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:${flags}` });
    expect(trace.getSpanContext(ctx)?.traceFlags).toBe(sampled);
    expect(inject(ctx)['uber-trace-id']).toBe(`${TRACE_ID}:${SPAN_ID}:0:${sampled}`);
  });

  it.each([
    ['too few fields', `${TRACE_ID}:${SPAN_ID}:1`],
    ['too many fields', `${TRACE_ID}:${SPAN_ID}:0:1:0`],
    ['trace id too long', `${TRACE_ID}0:${SPAN_ID}:0:1`],
    ['span id too long', `${TRACE_ID}:${SPAN_ID}0:0:1`],
    ['all-zero trace id', `0:${SPAN_ID}:0:1`],
    ['all-zero span id', `${TRACE_ID}:0:0:1`],
    ['non-hex', `${TRACE_ID.slice(1)}g:${SPAN_ID}:0:1`],
    ['bad flags', `${TRACE_ID}:${SPAN_ID}:0:100`],
    ['bad percent-encoding', `${TRACE_ID}%3:${SPAN_ID}:0:1`],
    ['CRLF', `${TRACE_ID}:${SPAN_ID}:0:1\r\n`],
    ['10 KB', `${TRACE_ID}:${SPAN_ID}:0:1${'0'.repeat(10_240)}`],
    ['empty', ''],
  ])('ignores an invalid uber-trace-id: %s', (_name, value) => {
    const ctx = extract({ 'uber-trace-id': value });
    expect(trace.getSpanContext(ctx)).toBeUndefined();
  });

  it('ignores a duplicated uber-trace-id header', () => {
    const value = `${TRACE_ID}:${SPAN_ID}:0:1`;
    expect(trace.getSpanContext(extract({ 'uber-trace-id': [value, value] }))).toBeUndefined();
  });

  it('skips baggage values that are not valid percent-encoding', () => {
    const ctx = extract({ 'uberctx-ok': 'yes', 'uberctx-bad': '%E0%A4%A' });
    expect(propagation.getBaggage(ctx)?.getAllEntries().map(([key]) => key)).toEqual(['ok']);
  });

  it('caps the number of baggage entries', () => {
    const headers: Record<string, string> = {};
    for (let i = 0; i < 500; i++) headers[`uberctx-k${i}`] = 'v';
    expect(propagation.getBaggage(extract(headers))?.getAllEntries().length).toBe(180);
  });

  it('merges into existing baggage', () => {
    const base = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage({ existing: { value: '1' } }));
    const ctx = propagator.extract(base, { 'uberctx-added': '2' }, defaultTextMapGetter);
    expect(propagation.getBaggage(ctx)?.getAllEntries().map(([key]) => key).sort()).toEqual(['added', 'existing']);
  });

  it('injects nothing for an invalid context or when suppressed', () => {
    expect(inject(ROOT_CONTEXT)).toEqual({});
    const ctx = extract({ 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:1` });
    const suppressed = ctx.setValue(createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING'), true);
    expect(inject(suppressed)).toEqual({});
  });

  it('does not inject baggage keys that cannot be header names', () => {
    const ctx = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage({ 'bad key\r\n': { value: 'x' }, good: { value: 'y' } }));
    expect(inject(ctx)).toEqual({ 'uberctx-good': 'y' });
  });

  it('supports custom header names', () => {
    const custom = new JaegerPropagator({ traceHeader: 'My-Trace-Id', baggagePrefix: 'myctx-' });
    expect(custom.fields()).toEqual(['my-trace-id']);
    const ctx = extract({ 'my-trace-id': `${TRACE_ID}:${SPAN_ID}:0:0`, 'myctx-a': 'b' }, custom);
    expect(trace.getSpanContext(ctx)?.traceId).toBe(TRACE_ID);
    expect(inject(ctx, custom)).toEqual({ 'my-trace-id': `${TRACE_ID}:${SPAN_ID}:0:0`, 'myctx-a': 'b' });
  });

  it('rejects bad options', () => {
    expect(() => new JaegerPropagator({ traceHeader: 'bad header' })).toThrow(OtelkitError);
    expect(() => new JaegerPropagator({ traceheader: 'x' } as never)).toThrow(/OTELKIT_ERR_UNKNOWN_OPTION/);
  });
});
