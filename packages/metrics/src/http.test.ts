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

  it('deltaProducer(): each view reports what changed since its own last collection; active requests stay cumulative', async () => {
    type Metric = { descriptor: { name: string }; aggregationTemporality: number; dataPoints: { attributes: Record<string, unknown>; startTime: [number, number]; endTime: [number, number]; value: unknown }[] };
    const metricsOf = async (p: { collect(): Promise<{ resourceMetrics: { scopeMetrics: unknown[] } }> }): Promise<Metric[]> =>
      (((await p.collect()).resourceMetrics.scopeMetrics[0] as { metrics: Metric[] } | undefined)?.metrics ?? []);
    const h = createHttpServerMetrics({ profile: 'prometheus-classic' });
    const a = h.deltaProducer();
    const b = h.deltaProducer();
    const request = (d: number, route: string): void => {
      h.requestStarted('GET', 'http');
      h.requestEnded({ method: 'GET', scheme: 'http', status: 200, route, durationSeconds: d });
    };
    request(0.004, '/a');
    request(0.2, '/a');
    let first = await metricsOf(a);
    const duration = first.find((m) => m.descriptor.name === 'http_request_duration')!;
    expect(duration.aggregationTemporality).toBe(0); // DELTA
    expect(duration.dataPoints[0]!.value).toMatchObject({ count: 2 });
    expect((duration.dataPoints[0]!.value as { sum: number }).sum).toBeCloseTo(0.204, 9);
    expect((duration.dataPoints[0]!.value as { min?: number }).min).toBeUndefined();
    expect(first.find((m) => m.descriptor.name === 'http_requests')!).toMatchObject({ aggregationTemporality: 0, dataPoints: [{ value: 2 }] });
    expect(first.find((m) => m.descriptor.name === 'http_requests_in_flight')!.aggregationTemporality).toBe(1); // CUMULATIVE

    request(0.05, '/a');
    request(0.05, '/b');
    const second = await metricsOf(a);
    const points = second.find((m) => m.descriptor.name === 'http_request_duration')!.dataPoints;
    expect(points.map((p) => [p.attributes['route'], (p.value as { count: number }).count])).toEqual([['/a', 1], ['/b', 1]]);
    const a2 = points.find((p) => p.attributes['route'] === '/a')!;
    // The interval starts where the view's last one ended.
    expect(a2.startTime).toEqual(duration.dataPoints[0]!.endTime);
    expect((a2.value as { buckets: { counts: number[] } }).buckets.counts.reduce((x, y) => x + y, 0)).toBe(1);
    // Nothing new: no histogram or counter points, only the cumulative gauge.
    expect((await metricsOf(a)).map((m) => m.descriptor.name)).toEqual(['http_requests_in_flight']);
    // An independent view still sees everything since it began.
    first = await metricsOf(b);
    expect(first.find((m) => m.descriptor.name === 'http_requests')!.dataPoints.reduce((n, p) => n + (p.value as number), 0)).toBe(4);
    // The cumulative producer is unaffected.
    const cumulative = (await h.producer.collect()).resourceMetrics.scopeMetrics[0] as { metrics: Metric[] };
    expect(cumulative.metrics.find((m) => m.descriptor.name === 'http_request_duration')!.aggregationTemporality).toBe(1);
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
