import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metrics } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpServerMetrics, type HttpServerMetrics } from '../http.js';
import { startRuntimeMetrics } from '../runtime.js';
import { installTestMeter, type TestMeter } from '@otelkit/testing/metrics';
import { coalesce, metricsHandler, registerPrometheusCollector } from './handler.js';
import { serializePrometheus, type PromResourceMetrics } from './serialize.js';

let m: TestMeter;
let http: { semconv: HttpServerMetrics; classic: HttpServerMetrics };
beforeEach(() => {
  http = { semconv: createHttpServerMetrics({ profile: 'semconv' }), classic: createHttpServerMetrics({ profile: 'prometheus-classic' }) };
  m = installTestMeter({ producers: [http.semconv.producer as never, http.classic.producer as never] });
});
afterEach(async () => {
  registerPrometheusCollector(undefined);
  await m.close();
});

async function text(): Promise<string> {
  return serializePrometheus((await m.collect()) as unknown as PromResourceMetrics);
}

describe('serializePrometheus', () => {
  it('exposes the semconv request histogram as http_server_request_duration_seconds with cumulative buckets', async () => {
    const h = http.semconv;
    h.requestStarted('GET', 'http');
    h.requestEnded({ method: 'GET', scheme: 'http', status: 200, route: '/users/:id', protocolVersion: '1.1', durationSeconds: 0.02 });
    h.requestStarted('GET', 'http');
    h.requestEnded({ method: 'GET', scheme: 'http', status: 200, route: '/users/:id', protocolVersion: '1.1', durationSeconds: 0.3 });
    const out = await text();
    expect(out).toContain('# TYPE http_server_request_duration_seconds histogram');
    const labels = 'http_request_method="GET",url_scheme="http",http_response_status_code="200",http_route="/users/:id",network_protocol_version="1.1"';
    expect(out).toContain(`http_server_request_duration_seconds_bucket{${labels},le="0.01"} 0`);
    expect(out).toContain(`http_server_request_duration_seconds_bucket{${labels},le="0.025"} 1`);
    expect(out).toContain(`http_server_request_duration_seconds_bucket{${labels},le="0.5"} 2`);
    expect(out).toContain(`http_server_request_duration_seconds_bucket{${labels},le="+Inf"} 2`);
    expect(out).toContain(`http_server_request_duration_seconds_count{${labels}} 2`);
    expect(out).toMatch(new RegExp(`http_server_request_duration_seconds_sum\\{${labels.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\} 0\\.32`));
    expect(out).toContain('# TYPE http_server_active_requests gauge');
    expect(out).toContain('http_server_active_requests{http_request_method="GET",url_scheme="http"} 0');
    expect(out).toMatch(/^target_info\{.*service_name="[^"]+".*\} 1$/m);
  });

  it('uses prom-client names in the classic profile', async () => {
    const h = http.classic;
    h.requestStarted('POST', 'http');
    h.requestEnded({ method: 'POST', scheme: 'http', status: 201, route: '/orders', durationSeconds: 0.004 });
    // https and http requests share the classic series (scheme is not a classic label).
    h.requestStarted('POST', 'https');
    h.requestEnded({ method: 'POST', scheme: 'https', status: 201, route: '/orders', durationSeconds: 0.004 });
    const out = await text();
    expect(out).toContain('# TYPE http_requests_total counter');
    expect(out).toContain('http_requests_total{method="POST",status="201",route="/orders"} 2');
    expect(out.match(/^http_requests_total\{/gm)).toHaveLength(1);
    expect(out).toContain('http_request_duration_seconds_bucket{method="POST",status="201",route="/orders",le="0.005"} 2');
    expect(out).toContain('http_requests_in_flight{method="POST"} 0');
  });

  it('escapes label values and help text, and renders NaN and infinities', async () => {
    const meter = metrics.getMeter('t');
    meter.createCounter('weird.total', { description: 'line1\nline2 \\ end' }).add(1, { 'a.b': 'quote " back \\ nl \n', '0lead': 'x' });
    meter.createObservableGauge('g', { unit: '1' }).addCallback((r) => {
      r.observe(Number.POSITIVE_INFINITY, { k: 'inf' });
      r.observe(Number.NaN, { k: 'nan' });
    });
    const out = await text();
    expect(out).toContain('# HELP weird_total line1\\nline2 \\\\ end');
    expect(out).toContain('weird_total{a_b="quote \\" back \\\\ nl \\n",_0lead="x"} 1');
    expect(out).toContain('g_ratio{k="inf"} +Inf');
    expect(out).toContain('g_ratio{k="nan"} NaN');
  });

  it('collects runtime metrics with semconv names', async () => {
    const stop = startRuntimeMetrics({ profile: 'semconv' });
    try {
      await new Promise((r) => setTimeout(r, 50));
      const out = await text();
      for (const name of ['nodejs_eventloop_delay_p99_seconds', 'nodejs_eventloop_utilization_ratio', 'v8js_memory_heap_used_bytes', 'process_cpu_time_seconds_total', 'process_memory_usage_bytes', 'nodejs_active_handles']) {
        expect(out).toMatch(new RegExp(`^${name}(\\{[^}]*\\})? [0-9.e+-]+$`, 'm'));
      }
      const rss = Number(/^process_memory_usage_bytes (\S+)$/m.exec(out)![1]);
      expect(rss).toBeGreaterThan(10 * 1024 * 1024);
    } finally {
      stop();
    }
  });

  it('collects runtime metrics with prom-client names in the classic profile', async () => {
    const stop = startRuntimeMetrics({ profile: 'prometheus-classic' });
    try {
      const out = await text();
      for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'process_start_time_seconds', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes']) {
        expect(out).toMatch(new RegExp(`^${name}(\\{[^}]*\\})? [0-9.e+-]+$`, 'm'));
      }
    } finally {
      stop();
    }
  });

  it('keeps the collection going when an observable callback throws or hangs (M4)', async () => {
    const meter = metrics.getMeter('t');
    meter.createObservableGauge('throws').addCallback(() => {
      throw new Error('callback bug');
    });
    meter.createObservableGauge('hangs').addCallback(() => new Promise(() => undefined));
    meter.createCounter('fine').add(3);
    const { resourceMetrics, errors } = await m.reader.collect({ timeoutMillis: 200 });
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(serializePrometheus(resourceMetrics as unknown as PromResourceMetrics)).toContain('fine_total 3');
  });
});

describe('metricsHandler', () => {
  let server: Server;
  afterEach(() => new Promise<void>((r) => server.close(() => r())));

  async function serve(): Promise<string> {
    const handle = metricsHandler();
    server = createServer((req, res) => {
      if (handle(req, res)) return;
      res.end('app');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('serves the registered collector, coalescing concurrent scrapes into one collection', async () => {
    let collections = 0;
    registerPrometheusCollector({
      collect: coalesce(async () => {
        collections++;
        await new Promise((r) => setTimeout(r, 50));
        return 'up 1\n';
      }),
    });
    const base = await serve();
    const responses = await Promise.all(Array.from({ length: 20 }, () => fetch(`${base}/metrics`)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(responses[0]!.headers.get('content-type')).toContain('version=0.0.4');
    expect(await responses[0]!.text()).toBe('up 1\n');
    expect(collections).toBe(1);
    expect(await (await fetch(`${base}/other`)).text()).toBe('app');
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('answers 503 when no metrics pipeline runs, and 500 when collection fails', async () => {
    const base = await serve();
    expect((await fetch(`${base}/metrics`)).status).toBe(503);
    registerPrometheusCollector({ collect: () => Promise.reject(new Error('broken')) });
    expect((await fetch(`${base}/metrics`)).status).toBe(500);
  });
});
