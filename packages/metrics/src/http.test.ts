import { afterEach, describe, expect, it } from 'vitest';
import { installTestMeter, type TestMeter } from '@otelkit/testing/metrics';
import { createHttpServerMetrics } from './http.js';

let m: TestMeter | undefined;
afterEach(async () => {
  await m?.close();
  m = undefined;
});

describe('createHttpServerMetrics', () => {
  it('aggregates like the SDK histogram: upper-inclusive buckets, sum, count, min, max', async () => {
    const h = createHttpServerMetrics({ profile: 'semconv' });
    m = installTestMeter({ producers: [h.producer as never] });
    for (const d of [0.005, 0.0051, 0.3, 12]) {
      h.requestStarted('GET', 'http');
      h.requestEnded({ method: 'GET', scheme: 'http', status: 200, route: '/a', durationSeconds: d });
    }
    const metric = await m.metric('http.server.request.duration');
    expect(metric!.descriptor.unit).toBe('s');
    const value = metric!.dataPoints[0]!.value as { buckets: { boundaries: number[]; counts: number[] }; sum: number; count: number; min: number; max: number };
    expect(value.count).toBe(4);
    expect(value.min).toBe(0.005);
    expect(value.max).toBe(12);
    expect(value.sum).toBeCloseTo(12.3101, 6);
    expect(value.buckets.counts[0]).toBe(1); // 0.005 is inside (0, 0.005]
    expect(value.buckets.counts[1]).toBe(1); // 0.0051 in (0.005, 0.01]
    expect(value.buckets.counts.at(-1)).toBe(1); // 12 > 10
    expect(await m.value('http.server.active_requests')).toBe(0);
  });

  it('served() says whether any request was recorded', () => {
    const h = createHttpServerMetrics({ profile: 'semconv' });
    expect(h.served()).toBe(false);
    h.requestStarted('GET', 'http');
    expect(h.served()).toBe(true);
    const ended = createHttpServerMetrics({ profile: 'prometheus-classic', cardinalityLimit: 2 });
    ended.requestEnded({ method: 'GET', scheme: 'http', status: 200, durationSeconds: 0.01 });
    expect(ended.served()).toBe(true);
  });

  it('caps series at the limit with exactly one overflow series, losing no request (M1)', async () => {
    const h = createHttpServerMetrics({ profile: 'semconv', cardinalityLimit: 10 });
    m = installTestMeter({ producers: [h.producer as never] });
    for (let i = 0; i < 100; i++) h.requestEnded({ method: 'GET', scheme: 'http', status: 200, route: `/r/${i}`, durationSeconds: 0.01 });
    const points = (await m.metric('http.server.request.duration'))!.dataPoints;
    expect(points).toHaveLength(10);
    expect(points.filter((p) => p.attributes['otel.metric.overflow'] === true)).toHaveLength(1);
    expect(points.reduce((n, p) => n + (p.value as { count: number }).count, 0)).toBe(100);
  });

  it('drops durations that are not finite and non-negative (M5)', async () => {
    const h = createHttpServerMetrics({ profile: 'semconv' });
    m = installTestMeter({ producers: [h.producer as never] });
    for (const d of [Number.NaN, -1, Number.POSITIVE_INFINITY, 0.1]) h.requestEnded({ method: 'GET', scheme: 'http', status: 200, durationSeconds: d });
    const points = (await m.metric('http.server.request.duration'))!.dataPoints;
    expect((points[0]!.value as { count: number; sum: number }).count).toBe(1);
    expect((points[0]!.value as { sum: number }).sum).toBe(0.1);
  });
});
