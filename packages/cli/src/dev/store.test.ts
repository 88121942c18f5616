import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ReceivedLogRecord, ReceivedMetric, ReceivedSpan } from '@otelkit/testing';
import { describe, expect, it } from 'vitest';
import { histogramQuantile, redByRoute } from './red.js';
import { TelemetryStore } from './store.js';

const T0 = 1_700_000_000_000n * 1_000_000n; // ns

/** A span id (16 hex) or trace id (32 hex, the 8-digit number four times, so prefixes differ). */
function hex(n: number, width: 16 | 32): string {
  const part = n.toString(16).padStart(8, '0');
  return part.repeat(width / 8);
}

interface SpanSpec {
  trace: number;
  span: number;
  parent?: number;
  startMs?: number;
  durMs?: number;
  service?: string;
  route?: string;
  status?: number;
  error?: boolean;
  attrs?: Record<string, string>;
}

function span(spec: SpanSpec): ReceivedSpan {
  const start = T0 + BigInt(Math.round((spec.startMs ?? 0) * 1e6));
  const end = start + BigInt(Math.round((spec.durMs ?? 1) * 1e6));
  return {
    traceId: hex(spec.trace, 32),
    spanId: hex(spec.span, 16),
    parentSpanId: spec.parent === undefined ? '' : hex(spec.parent, 16),
    name: spec.route === undefined ? 'work' : `GET ${spec.route}`,
    kind: spec.parent === undefined ? 2 : 1,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(end),
    attributes: {
      ...(spec.route === undefined ? {} : { 'http.route': spec.route, 'http.request.method': 'GET' }),
      ...(spec.status === undefined ? {} : { 'http.response.status_code': spec.status }),
      ...spec.attrs,
    },
    droppedAttributesCount: 0,
    status: { code: spec.error === true ? 2 : 0, message: '' },
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    traceState: '',
    flags: 1,
    resource: { 'service.name': spec.service ?? 'orders' },
    scope: { name: 'test', version: '', attributes: {} },
  };
}

function log(trace: number, atMs: number, body: string): ReceivedLogRecord {
  return {
    timeUnixNano: String(T0 + BigInt(atMs * 1e6)),
    observedTimeUnixNano: '0',
    severityNumber: 9,
    severityText: 'INFO',
    body,
    attributes: {},
    droppedAttributesCount: 0,
    eventName: '',
    traceId: hex(trace, 32),
    spanId: hex(1, 16),
    flags: 1,
    resource: { 'service.name': 'orders' },
    scope: { name: 'pino', version: '', attributes: {} },
  };
}

function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('TelemetryStore: bounds', () => {
  it('keeps the newest maxSpans spans when sent 10× as many; traces, logs and memory stay flat', () => {
    const maxSpans = 2000;
    const store = new TelemetryStore({ maxSpans });
    // Three spans per trace, each with a log line and 40 attributes, so a leak would show in the heap.
    const attrs = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`attr.${i}`, `value ${i} `.repeat(4)]));
    const sendRound = (round: number): void => {
      for (let i = 0; i < maxSpans / 2; i++) {
        const trace = round * maxSpans + i + 1;
        store.addSpans([span({ trace, span: 1, route: '/orders/:id', status: 200, attrs }), span({ trace, span: 2, parent: 1, attrs })]);
        store.addLogs([log(trace, 0, `order ${trace}`)]);
      }
    };
    sendRound(0);
    sendRound(1);
    const heapAtRingSize = heapAfterGc();
    for (let round = 2; round < 10; round++) sendRound(round); // a round is maxSpans spans: 10 × maxSpans in all
    const heapAfter10x = heapAfterGc();

    const stats = store.stats();
    expect(stats.received.spans).toBe(10 * maxSpans);
    expect(stats.spans).toBe(maxSpans);
    expect(stats.evicted.spans).toBe(9 * maxSpans);
    expect(stats.logs).toBe(maxSpans);
    // The index holds the traces of the kept spans, plus older ones whose log lines are still kept.
    expect(stats.traces).toBe(maxSpans);
    expect(store.searchTraces({}, 10_000).total).toBe(maxSpans / 2);
    // Only the newest traces remain, whole.
    const oldest = store.searchTraces({}, 10_000).traces.at(-1)!;
    expect(oldest.spanCount).toBe(2);
    expect(store.trace(hex(1, 32))).toBeUndefined();
    expect(store.trace(hex(9 * maxSpans + 1, 32))?.spans).toHaveLength(2);
    // Flat: eight more ring-fulls cost no more than a small fraction of one (generous for GC noise).
    expect(heapAfter10x - heapAtRingSize).toBeLessThan(8 * 1024 * 1024);
  });

  it('bounds metric series and points per series', () => {
    const store = new TelemetryStore({ maxSpans: 100, maxSeries: 5, pointsPerSeries: 3 });
    const gauge = (name: string, attrs: Record<string, string>, t: number): ReceivedMetric => ({
      name,
      unit: '1',
      description: '',
      type: 'gauge',
      aggregationTemporality: 0,
      isMonotonic: false,
      dataPoints: [{ attributes: attrs, startTimeUnixNano: '0', timeUnixNano: String(T0 + BigInt(t) * 1_000_000_000n), flags: 0, exemplars: [], value: t }],
      metadata: {},
      resource: { 'service.name': 'orders' },
      scope: { name: 'm', version: '', attributes: {} },
    });
    for (let t = 0; t < 10; t++) store.addMetrics([gauge('g', { k: 'a' }, t)]);
    for (let i = 0; i < 8; i++) store.addMetrics([gauge('h', { k: String(i) }, 0)]);
    expect(store.stats().series).toBe(5);
    expect(store.stats().evicted.series).toBe(4); // 'g' was updated before every 'h', so it went first
    expect(store.seriesOf(['g'])).toEqual([]);
    const h7 = store.seriesOf(['h']).find((s) => s.attributes['k'] === '7')!;
    expect(h7.points.size).toBe(1);
    for (let t = 1; t < 10; t++) store.addMetrics([gauge('h', { k: '7' }, t)]);
    expect(h7.points.toArray().map((p) => p.value)).toEqual([7, 8, 9]);
  });
});

describe('TelemetryStore: search', () => {
  const store = new TelemetryStore({ maxSpans: 1000 });
  store.addSpans([
    span({ trace: 1, span: 1, startMs: 0, durMs: 5, route: '/orders/:id', status: 200, attrs: { tenant_id: 'acme' } }),
    span({ trace: 1, span: 2, parent: 1, startMs: 1, durMs: 2, attrs: { 'db.system.name': 'postgresql' } }),
    span({ trace: 2, span: 3, startMs: 10, durMs: 300, route: '/checkout/:id', status: 502, service: 'checkout' }),
    span({ trace: 3, span: 4, startMs: 20, durMs: 40, route: '/orders/:id', status: 404, attrs: { tenant_id: 'globex' } }),
    span({ trace: 4, span: 5, startMs: 30, durMs: 1, route: '/boom', status: 200, error: true }),
  ]);
  store.addLogs([log(1, 3, 'second'), log(1, 2, 'first'), log(9, 0, 'orphan trace')]);
  const ids = (q: Parameters<TelemetryStore['searchTraces']>[0]): number[] => store.searchTraces(q).traces.map((t) => parseInt(t.traceId.slice(0, 8), 16));

  it('lists newest first', () => {
    expect(ids({})).toEqual([4, 3, 2, 1]);
  });
  it('finds a pasted X-Trace-ID, whole or by its beginning, in any case', () => {
    expect(ids({ traceId: hex(3, 32).toUpperCase() })).toEqual([3]);
    expect(ids({ traceId: hex(2, 32).slice(0, 31) })).toEqual([2]);
    expect(ids({ traceId: 'ffff' })).toEqual([]);
  });
  it('filters by service, route, status, minimum duration and attribute', () => {
    expect(ids({ service: 'checkout' })).toEqual([2]);
    expect(ids({ route: '/orders' })).toEqual([3, 1]);
    expect(ids({ status: 'error' })).toEqual([4, 2]);
    expect(ids({ status: '4xx' })).toEqual([3]);
    expect(ids({ status: '200' })).toEqual([4, 1]);
    expect(ids({ minDurationMs: 30 })).toEqual([3, 2]);
    expect(ids({ attributes: [['tenant_id', 'acme']] })).toEqual([1]);
    expect(ids({ attributes: [['db.system.name', 'postgresql']] })).toEqual([1]); // a child span's attribute
    expect(ids({ attributes: [['service.name', 'checkout']] })).toEqual([2]); // a resource attribute
    expect(ids({ route: '/orders/:id', attributes: [['tenant_id', 'globex']] })).toEqual([3]);
  });
  it('summarises a trace from its root span', () => {
    const [summary] = store.searchTraces({ traceId: hex(1, 32) }).traces;
    expect(summary).toMatchObject({ name: 'GET /orders/:id', route: '/orders/:id', method: 'GET', httpStatus: 200, error: false, spanCount: 2, logCount: 2, durationMs: 5 });
  });
  it('returns a trace with its spans and correlated log lines in time order', () => {
    const trace = store.trace(hex(1, 32))!;
    expect(trace.spans.map((s) => s.spanId)).toEqual([hex(1, 16), hex(2, 16)]);
    expect(trace.logs.map((l) => l.body)).toEqual(['first', 'second']);
    expect(store.searchTraces({}).traces.map((t) => t.traceId)).not.toContain(hex(9, 32)); // logs alone are no trace row
  });
});

describe('RED from the duration histogram', () => {
  it('interpolates quantiles inside buckets, in ms', () => {
    // bounds 0.01 s and 0.1 s: 10 requests in (0, 10 ms], 10 in (10, 100 ms]
    expect(histogramQuantile(0.5, [10, 10, 0], [0.01, 0.1], 1000)).toBeCloseTo(10);
    expect(histogramQuantile(0.75, [10, 10, 0], [0.01, 0.1], 1000)).toBeCloseTo(55);
    expect(histogramQuantile(0.99, [0, 0, 4], [0.01, 0.1], 1000)).toBeCloseTo(100); // overflow: its lower bound
    expect(histogramQuantile(0.5, [0, 0, 0], [0.01, 0.1], 1000)).toBeNull();
  });

  it('turns cumulative points into per-interval rates and errors per route, across status series', () => {
    const store = new TelemetryStore({ maxSpans: 100 });
    const start = T0;
    const at = (s: number): string => String(start + BigInt(s) * 1_000_000_000n);
    const send = (status: number, s: number, count: number, buckets: number[]): void => {
      const attributes = { 'http.request.method': 'GET', 'http.route': '/orders/:id', 'http.response.status_code': status };
      store.addMetrics([
        {
          name: 'http.server.request.duration',
          unit: 's',
          description: '',
          type: 'histogram',
          aggregationTemporality: 2,
          isMonotonic: false,
          dataPoints: [{ attributes, startTimeUnixNano: at(0), timeUnixNano: at(s), flags: 0, exemplars: [], count, sum: 0, bucketCounts: buckets, explicitBounds: [0.01, 0.1] }],
          metadata: {},
          resource: { 'service.name': 'orders' },
          scope: { name: 'm', version: '', attributes: {} },
        },
      ]);
    };
    send(200, 10, 20, [20, 0, 0]); // 20 in the first 10 s
    send(500, 10, 0, [0, 0, 0]);
    send(200, 20, 30, [20, 10, 0]); // +10 slow ones
    send(500, 20, 5, [0, 5, 0]); // +5 errors
    const [red] = redByRoute(store);
    expect(red).toMatchObject({ service: 'orders', method: 'GET', route: '/orders/:id' });
    expect(red!.points.map((p) => [p.rate, p.errors])).toEqual([
      [2, 0],
      [1.5, 0.5],
    ]);
    expect(red!.points[1]!.p50).toBeGreaterThan(10); // the second interval had only slow requests
    expect(red!.total).toMatchObject({ requests: 35, errors: 5 });
  });
  it('finds the HTTP duration histogram under an app\'s metric naming, by description or by shape', () => {
    const store = new TelemetryStore({ maxSpans: 100 });
    const at = (s: number): string => String(T0 + BigInt(s) * 1_000_000_000n);
    const send = (service: string, name: string, description: string, attributes: Record<string, string | number>, count: number, buckets: number[]): void => {
      store.addMetrics([
        {
          name,
          unit: '',
          description,
          type: 'histogram',
          aggregationTemporality: 2,
          isMonotonic: false,
          dataPoints: [{ attributes, startTimeUnixNano: at(0), timeUnixNano: at(10), flags: 0, exemplars: [], count, sum: 0, bucketCounts: buckets, explicitBounds: [0.01, 0.1] }],
          metadata: {},
          resource: { 'service.name': service },
          scope: { name: 'm', version: '', attributes: {} },
        },
      ]);
    };
    // job-platform's naming: http_request_duration → autonomos_api_latency_seconds, route → endpoint, status → status_code.
    send('api', 'autonomos_api_latency_seconds', 'Duration of HTTP requests served.', { method: 'POST', endpoint: '/api/v1/bulk-mappings', status_code: '202' }, 8, [8, 0, 0]);
    send('api', 'autonomos_api_latency_seconds', 'Duration of HTTP requests served.', { method: 'GET', endpoint: '/api/v1/mappings', status_code: '500' }, 2, [0, 2, 0]);
    // Another histogram of the same app with a method and a route (and a name sorted first): not counted a second time.
    send('api', 'autonomos_api_db_query_seconds', 'Query time.', { method: 'GET', endpoint: '/api/v1/mappings', status_code: '200' }, 5, [5, 0, 0]);
    // A histogram without a method is not HTTP.
    send('worker', 'autonomos_job_duration_seconds', 'Duration of jobs.', { job_type: 'bulk_mapping', status: 'completed' }, 3, [3, 0, 0]);
    // A duration histogram of some other library found by its shape alone.
    send('legacy', 'request_latency_seconds', 'Request latency.', { verb: 'PUT', path: '/items/:id', http_status: 503 }, 4, [0, 4, 0]);
    send('legacy', 'request_latency_seconds', 'Request latency.', { verb: 'PUT', path: '/items/:id', http_status: 200 }, 6, [6, 0, 0]);

    const red = redByRoute(store);
    expect(red.map((r) => [r.service, r.metric, r.method, r.route, r.total.requests, r.total.errors])).toEqual([
      ['legacy', 'request_latency_seconds', 'PUT', '/items/:id', 10, 4],
      ['api', 'autonomos_api_latency_seconds', 'POST', '/api/v1/bulk-mappings', 8, 0],
      ['api', 'autonomos_api_latency_seconds', 'GET', '/api/v1/mappings', 2, 2],
    ]);
    // Recorded in seconds whatever the name: quantiles in milliseconds.
    expect(red[1]!.total.p50).toBeLessThanOrEqual(10);
    expect(red[2]!.total.p50).toBeGreaterThan(10);
    expect(redByRoute(store, 'worker')).toEqual([]);
  });
});
