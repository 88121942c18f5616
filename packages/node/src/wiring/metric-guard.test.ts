import { MeterProvider, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { captureDiagLines } from '../diag-lines.test-support.js';
import { finiteAttributes, guardMeter } from './metric-guard.js';
import { CumulativePullReader } from './pull-reader.test-support.js';

/** name → [attributes JSON, value or sum] of every point. */
function points(collected: ResourceMetrics): Record<string, Array<[string, unknown]>> {
  const out: Record<string, Array<[string, unknown]>> = {};
  for (const scope of collected.scopeMetrics) {
    for (const metric of scope.metrics) {
      out[metric.descriptor.name] = (metric.dataPoints as Array<{ attributes: object; value: unknown }>).map((p) => [
        JSON.stringify(p.attributes),
        typeof p.value === 'object' && p.value !== null ? (p.value as { sum: number }).sum : p.value,
      ]);
    }
  }
  return out;
}

const lines = captureDiagLines();

describe('guardMeter (M5)', () => {
  it('drops NaN, ±Infinity and negative counter/histogram values with one warning per instrument; attribute NaN becomes text', async () => {
    const reader = new CumulativePullReader();
    const provider = new MeterProvider({ readers: [reader] });
    const created: string[] = [];
    const meter = guardMeter(provider.getMeter('t'), (name) => void created.push(name));
    const counter = meter.createCounter('c');
    const histogram = meter.createHistogram('h');
    const upDown = meter.createUpDownCounter('u');
    const observed = meter.createObservableCounter('o');
    const callback = (r: { observe(v: number, a?: object): void }): void => {
      r.observe(Number.NaN);
      r.observe(-1);
      r.observe(3, { x: Number.POSITIVE_INFINITY });
    };
    observed.addCallback(callback);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1]) {
      counter.add(bad);
      histogram.record(bad);
    }
    counter.add(2);
    counter.add(1, { n: Number.NaN });
    histogram.record(1.5);
    upDown.add(Number.NaN);
    upDown.add(-2);

    const { resourceMetrics, errors } = await reader.collect();
    expect(errors).toEqual([]);
    expect(points(resourceMetrics)).toEqual({
      c: [['{}', 2], ['{"n":"NaN"}', 1]],
      h: [['{}', 1.5]],
      u: [['{}', -2]],
      o: [['{"x":"Infinity"}', 3]],
    });
    expect(created).toEqual(['c', 'h', 'u', 'o']);
    expect(lines.filter((l) => l.startsWith('c:'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('h:'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('u:'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('o:'))).toHaveLength(1);
    expect(lines).toHaveLength(4);

    // removeCallback finds the wrapped callback.
    observed.removeCallback(callback);
    const after = await reader.collect();
    expect(points(after.resourceMetrics)['o'] ?? []).toEqual([['{"x":"Infinity"}', 3]]);
    await provider.shutdown();
  });

  it('batch callbacks: invalid values dropped per instrument rule, the wrapped callback can be removed', async () => {
    const reader = new CumulativePullReader();
    const provider = new MeterProvider({ readers: [reader] });
    const meter = guardMeter(provider.getMeter('t'), () => undefined);
    const gauge = meter.createObservableGauge('g');
    const total = meter.createObservableCounter('t');
    let calls = 0;
    const batch = (r: { observe(i: unknown, v: number): void }): void => {
      calls++;
      r.observe(gauge, -4);
      r.observe(gauge, Number.NaN);
      r.observe(total, -1);
      r.observe(total, 9);
    };
    meter.addBatchObservableCallback(batch, [gauge, total]);
    expect(points((await reader.collect()).resourceMetrics)).toEqual({ g: [['{}', -4]], t: [['{}', 9]] });
    meter.removeBatchObservableCallback(batch, [gauge, total]);
    await reader.collect();
    expect(calls).toBe(1);
    await provider.shutdown();
  });
});

describe('finiteAttributes', () => {
  it('returns the same object when every value is fine, a copy otherwise', () => {
    const fine = { a: 1, b: 'x', c: [Number.NaN] };
    expect(finiteAttributes(fine)).toBe(fine);
    expect(finiteAttributes(undefined)).toBeUndefined();
    const bad = { a: Number.NaN, b: 2 };
    expect(finiteAttributes(bad)).toEqual({ a: 'NaN', b: 2 });
    expect(bad.a).toBeNaN();
  });
});
