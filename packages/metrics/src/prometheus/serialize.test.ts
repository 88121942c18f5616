import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metrics } from '@opentelemetry/api';
import { OTELKIT_VERSION, resetDiagRateLimit, setDiagSink, type OtelkitDiagSink } from '@otelkit/core';
import { parseExposition } from '@otelkit/testing/prometheus';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpServerMetrics, type HttpServerMetrics } from '../http.js';
import { startRuntimeMetrics } from '../runtime.js';
import { installTestMeter, type TestMeter } from '@otelkit/testing/metrics';
import { coalesce, metricsHandler, registerPrometheusCollector } from './handler.js';
import { serializePrometheus as serializeSync, serializePrometheusChunks, type PromResourceMetrics, type SerializeOptions } from './serialize.js';

// The scope labels every otelkit HTTP and runtime series carries.
const OURS = `otel_scope_name="@otelkit/metrics",otel_scope_version="${OTELKIT_VERSION}"`;

// Every input a test serializes is also serialized in time slices after the test: the bytes must be the same.
const serialized: Array<{ collected: PromResourceMetrics; options: SerializeOptions | undefined; text: string }> = [];
function serializePrometheus(collected: PromResourceMetrics, options?: SerializeOptions): string {
  const text = serializeSync(collected, options);
  serialized.push({ collected, options, text });
  return text;
}
afterEach(async () => {
  for (const { collected, options, text } of serialized.splice(0)) expect(Buffer.concat(await serializePrometheusChunks(collected, options)).toString('utf8')).toBe(text);
});

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
  return serializePrometheus(await m.collect());
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
    const labels = `http_request_method="GET",url_scheme="http",http_response_status_code="200",http_route="/users/:id",network_protocol_version="1.1",${OURS}`;
    expect(out).toContain(`http_server_request_duration_seconds_bucket{${labels},le="0.01"} 0`);
    expect(out).toContain(`http_server_request_duration_seconds_bucket{${labels},le="0.025"} 1`);
    expect(out).toContain(`http_server_request_duration_seconds_bucket{${labels},le="0.5"} 2`);
    expect(out).toContain(`http_server_request_duration_seconds_bucket{${labels},le="+Inf"} 2`);
    expect(out).toContain(`http_server_request_duration_seconds_count{${labels}} 2`);
    expect(out).toMatch(new RegExp(`http_server_request_duration_seconds_sum\\{${labels.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\} 0\\.32`));
    expect(out).toContain('# TYPE http_server_active_requests gauge');
    expect(out).toContain(`http_server_active_requests{http_request_method="GET",url_scheme="http",${OURS}} 0`);
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
    expect(out).toContain(`http_requests_total{method="POST",status="201",route="/orders",${OURS}} 2`);
    expect(out.match(/^http_requests_total\{/gm)).toHaveLength(1);
    expect(out).toContain(`http_request_duration_seconds_bucket{method="POST",status="201",route="/orders",${OURS},le="0.005"} 2`);
    expect(out).toContain(`http_requests_in_flight{method="POST",${OURS}} 0`);
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
    expect(out).toContain('weird_total{a_b="quote \\" back \\\\ nl \\n",_0lead="x",otel_scope_name="t"} 1');
    expect(out).toContain('g_ratio{k="inf",otel_scope_name="t"} +Inf');
    expect(out).toContain('g_ratio{k="nan",otel_scope_name="t"} NaN');
  });

  it('collects runtime metrics with semconv names', async () => {
    const stop = startRuntimeMetrics({ profile: 'semconv' });
    try {
      await new Promise((r) => setTimeout(r, 50));
      const out = await text();
      for (const name of ['nodejs_eventloop_delay_p99_seconds', 'nodejs_eventloop_utilization_ratio', 'v8js_memory_heap_used_bytes', 'process_cpu_time_seconds_total', 'process_memory_usage_bytes', 'nodejs_active_handles']) {
        expect(out).toMatch(new RegExp(`^${name}(\\{[^}]*\\})? [0-9.e+-]+$`, 'm'));
      }
      const rss = Number(/^process_memory_usage_bytes\{[^}]*\} (\S+)$/m.exec(out)![1]);
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
    expect(serializePrometheus(resourceMetrics as unknown as PromResourceMetrics)).toContain('fine_total{otel_scope_name="t"} 3');
  });
});

const hasPromtool = spawnSync('promtool', ['--version']).status === 0;

describe('instrumentation scopes', () => {
  let warnings: string[];
  let previousSink: OtelkitDiagSink;
  beforeEach(() => {
    warnings = [];
    resetDiagRateLimit();
    previousSink = setDiagSink((level, line) => {
      if (level === 'warn') warnings.push(line);
    });
  });
  afterEach(() => {
    setDiagSink(previousSink);
  });

  async function scrape(): Promise<{ out: string; problems: readonly string[] }> {
    const out = await text();
    return { out, problems: parseExposition(out).problems };
  }

  it('prints one family for a name two meters share, its series told apart by otel_scope_name and otel_scope_version', async () => {
    const a = metrics.getMeter('queue-a', '1.2.0');
    const b = metrics.getMeter('queue-b', '0.9.1');
    a.createCounter('jobs.done', { description: 'Jobs done.' }).add(2, { queue: 'q' });
    b.createCounter('jobs.done', { description: 'Jobs done.' }).add(3, { queue: 'q' });
    a.createHistogram('job.duration', { unit: 's', advice: { explicitBucketBoundaries: [0.1, 1] } }).record(0.2, { queue: 'q' });
    b.createHistogram('job.duration', { unit: 's', advice: { explicitBucketBoundaries: [0.1, 1] } }).record(2, { queue: 'q' });
    const { out, problems } = await scrape();
    expect(problems).toEqual([]);
    expect(out.match(/^# TYPE jobs_done_total /gm)).toHaveLength(1);
    expect(out.match(/^# HELP jobs_done_total /gm)).toHaveLength(1);
    expect(out).toContain('jobs_done_total{queue="q",otel_scope_name="queue-a",otel_scope_version="1.2.0"} 2\n');
    expect(out).toContain('jobs_done_total{queue="q",otel_scope_name="queue-b",otel_scope_version="0.9.1"} 3\n');
    expect(out.match(/^# TYPE job_duration_seconds histogram$/gm)).toHaveLength(1);
    expect(out).toContain('job_duration_seconds_bucket{queue="q",otel_scope_name="queue-a",otel_scope_version="1.2.0",le="1"} 1\n');
    expect(out).toContain('job_duration_seconds_bucket{queue="q",otel_scope_name="queue-b",otel_scope_version="0.9.1",le="1"} 0\n');
    expect(out).toContain('job_duration_seconds_count{queue="q",otel_scope_name="queue-b",otel_scope_version="0.9.1"} 1\n');
  });

  it('puts the scope labels on every series, with the schema URL when the meter has one, and leaves them off target_info', async () => {
    metrics.getMeter('plain').createUpDownCounter('depth').add(4);
    metrics.getMeter('versioned', '2.0.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' }).createObservableGauge('temp', { unit: 'Cel' }).addCallback((r) => r.observe(21.5, { room: 'a' }));
    const { out, problems } = await scrape();
    expect(problems).toEqual([]);
    expect(out).toContain('depth{otel_scope_name="plain"} 4\n');
    expect(out).toContain('temp_celsius{room="a",otel_scope_name="versioned",otel_scope_version="2.0.0",otel_scope_schema_url="https://opentelemetry.io/schemas/1.26.0"} 21.5\n');
    const samples = out.split('\n').filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('target_info'));
    expect(samples.length).toBeGreaterThan(0);
    for (const line of samples) expect(line).toContain('otel_scope_name="');
    expect(out).not.toMatch(/^target_info\{.*otel_scope/m);
  });

  it('adds scope attributes as otel_scope_<key> labels, never overriding the name, version or schema URL', () => {
    const out = serializePrometheus({
      resource: { attributes: { 'service.name': 'svc' } },
      scopeMetrics: [
        {
          scope: { name: 'lib', version: '1', attributes: { 'library.mascot': 'bear', name: 'spoof', version: 'spoof' } },
          metrics: [{ descriptor: { name: 'hits', description: '', unit: '' }, dataPointType: 3, isMonotonic: true, dataPoints: [{ attributes: { 'otel.scope.name': 'spoof', path: '/' }, value: 1 }] }],
        },
      ],
    });
    expect(parseExposition(out).problems).toEqual([]);
    expect(out).toContain('hits_total{path="/",otel_scope_name="lib",otel_scope_version="1",otel_scope_library_mascot="bear"} 1\n');
  });

  it('keeps one copy of a series when two instruments of one scope map to the same Prometheus name, with one warning naming it', async () => {
    const meter = metrics.getMeter('dup', '1');
    meter.createCounter('a.b').add(1, { k: 'v' });
    meter.createCounter('a_b').add(2, { k: 'v' });
    const { out, problems } = await scrape();
    await scrape();
    expect(problems).toEqual([]);
    expect(out.match(/^a_b_total\{/gm)).toHaveLength(1);
    expect(out).toContain('a_b_total{k="v",otel_scope_name="dup",otel_scope_version="1"} 1\n');
    expect(warnings.filter((w) => w.includes('a_b_total'))).toHaveLength(1);
  });

  it('keeps the first type when scopes disagree on it, with one warning, and merges gauges from up-down counters and gauges', async () => {
    metrics.getMeter('first').createHistogram('load').record(5);
    metrics.getMeter('second').createObservableGauge('load').addCallback((r) => r.observe(7));
    metrics.getMeter('first').createUpDownCounter('inflight').add(2);
    metrics.getMeter('second').createObservableGauge('inflight').addCallback((r) => r.observe(3));
    const { out, problems } = await scrape();
    await scrape();
    expect(problems).toEqual([]);
    expect(out.match(/^# TYPE load /gm)).toEqual(['# TYPE load ']);
    expect(out).toContain('# TYPE load histogram\n');
    expect(out).toContain('load_count{otel_scope_name="first"} 1\n');
    expect(out).not.toContain('otel_scope_name="second"} 7');
    expect(warnings.filter((w) => w.includes('load'))).toHaveLength(1);
    expect(out.match(/^# TYPE inflight gauge$/gm)).toHaveLength(1);
    expect(out).toContain('inflight{otel_scope_name="first"} 2\n');
    expect(out).toContain('inflight{otel_scope_name="second"} 3\n');
    expect(warnings.filter((w) => w.includes('inflight'))).toEqual([]);
  });

  it('without scope labels keeps only the first scope of a shared name, with one warning', async () => {
    metrics.getMeter('a', '1').createCounter('jobs.done').add(2, { queue: 'q' });
    metrics.getMeter('b', '1').createCounter('jobs.done').add(3, { queue: 'q' });
    const out = serializePrometheus(await m.collect(), { scopeLabels: false });
    expect(parseExposition(out).problems).toEqual([]);
    expect(out).not.toContain('otel_scope_');
    expect(out.match(/^jobs_done_total.*$/gm)).toEqual(['jobs_done_total{queue="q"} 2']);
    expect(warnings.filter((w) => w.includes('jobs_done_total'))).toHaveLength(1);
  });

  it('takes a suffix another type owns off gauges (db.client.connection.count is served as db_client_connection)', async () => {
    // What @opentelemetry/instrumentation-pg records for a pool, and a gauge whose name looks like a counter's.
    const meter = metrics.getMeter('@opentelemetry/instrumentation-pg', '0.77.0');
    const connections = meter.createUpDownCounter('db.client.connection.count', { unit: '{connection}', description: 'Connections by state.' });
    connections.add(2, { 'db.client.connection.state': 'idle', 'db.client.connection.pool.name': 'p' });
    meter.createUpDownCounter('db.client.connection.max', { unit: '{connection}', description: 'Pool size limit.' }).add(10, { 'db.client.connection.pool.name': 'p' });
    metrics.getMeter('c').createObservableGauge('load_total', { description: 'Load now.' }).addCallback((r) => r.observe(7));
    metrics.getMeter('c').createCounter('load', { description: 'Load served.' }).add(5);
    const { out, problems } = await scrape();
    expect(problems).toEqual([]);
    expect(out).toContain('# TYPE db_client_connection gauge\n');
    expect(out).toMatch(/^db_client_connection\{db_client_connection_state="idle",db_client_connection_pool_name="p",otel_scope_name="@opentelemetry\/instrumentation-pg",otel_scope_version="0.77.0"\} 2$/m);
    expect(out).toContain('# TYPE db_client_connection_max gauge\n');
    expect(out).not.toMatch(/^db_client_connection_count/m);
    expect(out).toContain('# TYPE load gauge\nload{otel_scope_name="c"} 7\n');
    expect(out).toContain('# TYPE load_total counter\nload_total{otel_scope_name="c"} 5\n');
    if (hasPromtool) {
      const lint = spawnSync('promtool', ['check', 'metrics'], { input: out, encoding: 'utf8' });
      expect(`${lint.stdout}${lint.stderr}`).toBe('');
    }
  });

  it('leaves _sum out of a histogram whose sum the SDK did not report', () => {
    const out = serializePrometheus({
      resource: { attributes: {} },
      scopeMetrics: [{ scope: { name: 's' }, metrics: [{ descriptor: { name: 'h', description: '', unit: '' }, dataPointType: 0, dataPoints: [{ attributes: {}, value: { buckets: { boundaries: [1], counts: [1, 1] }, count: 2 } }] }] }],
    });
    expect(parseExposition(out).problems).toEqual([]);
    expect(out).toContain('h_bucket{otel_scope_name="s",le="+Inf"} 2\nh_count{otel_scope_name="s"} 2\n');
    expect(out).not.toContain('h_sum');
  });

  it.skipIf(!hasPromtool)('is promtool-clean with shared names, conflicts, collisions and escapes across scopes', async () => {
    for (const [name, version] of [['a', '1'], ['b', '2']] as const) {
      const meter = metrics.getMeter(name, version);
      meter.createCounter('jobs.done', { description: 'Jobs done.' }).add(1, { queue: 'q"\\\n' });
      meter.createHistogram('job.duration', { unit: 's', description: 'Job time.' }).record(0.5, { queue: 'q' });
      meter.createUpDownCounter('jobs.waiting', { description: 'Waiting.' }).add(1);
    }
    metrics.getMeter('c').createObservableGauge('jobs_done_total', { description: 'x' }).addCallback((r) => r.observe(1));
    metrics.getMeter('c').createObservableGauge('target_info').addCallback((r) => r.observe(1, { k: 'v' }));
    metrics.getMeter('a', '1').createCounter('jobs_done', { description: 'Jobs done.' }).add(1, { queue: 'q"\\\n' });
    const out = await text();
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: out, encoding: 'utf8' });
    expect(`${lint.stdout}${lint.stderr}`).toBe('');
    expect(lint.status).toBe(0);
    expect(parseExposition(out).problems).toEqual([]);
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
    let scrapes = 0;
    const shared = coalesce(async () => {
      collections++;
      // Held open until all 20 scrapes have asked (not for a fixed time, which a busy machine outlasts).
      const until = Date.now() + 5000;
      while (scrapes < 20 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
      return 'up 1\n';
    });
    registerPrometheusCollector({
      collect: () => {
        scrapes++;
        return shared();
      },
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
