/**
 * Metrics under the preload, through real HTTP: RED metrics with route templates (never raw paths),
 * Prometheus names with unit suffixes, probes not counted (H3), unknown methods as _OTHER (M2), the
 * cardinality backstop (M1), the /metrics port already in use (C6), cluster workers on their own
 * ports, and OTLP metric export alongside Prometheus.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { disposeAll, example, fixture, freePort, get, newReceiver, startScenario, TEST_DIR, warnLines } from './helpers.js';
import { runApp, runAppToExit } from '@otelkit/testing';
import { parseExposition, type ExpositionSample } from '@otelkit/testing/prometheus';

afterEach(disposeAll);


/** Prometheus text → samples, failing on anything a scrape would reject (duplicate series included). */
function samples(text: string): readonly ExpositionSample[] {
  const parsed = parseExposition(text);
  expect(parsed.problems).toEqual([]);
  return parsed.samples;
}

/** The scope labels on otelkit's own HTTP and runtime series. */
const SCOPE = 'otel_scope_name="@otelkit/metrics",otel_scope_version="[^"]+"';

function rawRequest(port: number, method: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function scrape(url: string): Promise<string> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
  return res.text();
}

describe('RED metrics on /metrics (semconv profile)', () => {
  it('counts requests by route template, not path; skips probes; maps unknown methods to _OTHER', async () => {
    const promPort = await freePort();
    const { baseUrl, port, receiver } = await startScenario({
      entry: fixture('metrics-app.cjs'),
      env: { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: String(promPort) },
    });
    for (let i = 0; i < 7; i++) await get(`${baseUrl}/users/${1000 + i}`);
    for (let i = 0; i < 3; i++) await get(`${baseUrl}/fail`);
    for (let i = 0; i < 4; i++) await get(`${baseUrl}/raw/secret-${i}`);
    for (const probe of ['/health', '/ready', '/live', '/metrics']) await get(`${baseUrl}${probe}`);
    // Node's parser refuses invented methods; these are real but outside the semconv list.
    for (const method of ['PURGE', 'PROPFIND', 'MKCOL']) expect(await rawRequest(port, method, '/users/1')).toBe(200);

    const text = await scrape(`http://127.0.0.1:${promPort}/metrics`);
    const all = samples(text);
    const counts = all.filter((s) => s.name === 'http_server_request_duration_seconds_count');
    const count = (pred: (l: Record<string, string>) => boolean): number => counts.filter((s) => pred(s.labels)).reduce((n, s) => n + s.value, 0);
    expect(count((l) => l.http_route === '/users/:id' && l.http_request_method === 'GET' && l.http_response_status_code === '200')).toBe(7);
    expect(count((l) => l.http_route === '/fail' && l.error_type === '500')).toBe(3);
    expect(count((l) => l.http_route === undefined)).toBe(4);
    expect(count((l) => l.http_request_method === '_OTHER')).toBe(3);
    // Every request the app served except the probes, and nothing else.
    expect(count(() => true)).toBe(7 + 3 + 4 + 3);
    for (const s of all.filter((x) => x.name !== 'target_info')) {
      for (const [label, value] of Object.entries(s.labels)) {
        if (label.startsWith('otel_scope_')) continue; // the scope: @otelkit/metrics
        expect(value).not.toMatch(/secret|\/raw\/|\/health|\/ready|\/live|\/metrics|1000/);
      }
      if (s.labels.http_request_method !== undefined) expect(['GET', '_OTHER']).toContain(s.labels.http_request_method);
    }
    expect(text).toContain('# TYPE http_server_request_duration_seconds histogram');
    expect(text).toMatch(new RegExp(`^http_server_active_requests\\{http_request_method="GET",url_scheme="http",${SCOPE}\\} 0$`, 'm'));
    expect(text).toMatch(new RegExp(`^nodejs_eventloop_delay_p99_seconds\\{${SCOPE}\\} [0-9.e+-]+$`, 'm'));
    expect(text).toMatch(new RegExp(`^process_memory_usage_bytes\\{${SCOPE}\\} [0-9.e+]+$`, 'm'));
    // otelkit's own /metrics server traces nothing, not even its 404s.
    expect((await fetch(`http://127.0.0.1:${promPort}/nope`)).status).toBe(404);
    await get(`${baseUrl}/users/after`);
    await expect.poll(() => receiver.spans().some((s) => s.attributes['url.path'] === '/users/after'), { timeout: 10_000 }).toBe(true);
    expect(receiver.spans().filter((s) => s.attributes['url.path'] === '/nope')).toEqual([]);
    // The app's own mount serves the same pipeline.
    const mounted = await scrape(`${baseUrl}/metrics`);
    expect(mounted).toContain('http_server_request_duration_seconds_bucket');
  });

  it('uses prom-client names in the prometheus-classic profile', async () => {
    const promPort = await freePort();
    const { baseUrl } = await startScenario({
      entry: fixture('metrics-app.cjs'),
      env: { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: String(promPort), OTELKIT_METRICS_PROFILE: 'prometheus-classic' },
    });
    for (let i = 0; i < 5; i++) await get(`${baseUrl}/users/${i}`);
    const text = await scrape(`http://127.0.0.1:${promPort}/metrics`);
    samples(text); // parses cleanly
    expect(text).toMatch(new RegExp(`^http_requests_total\\{method="GET",status="200",route="/users/:id",${SCOPE}\\} 5$`, 'm'));
    expect(text).toMatch(new RegExp(`^http_request_duration_seconds_count\\{method="GET",status="200",route="/users/:id",${SCOPE}\\} 5$`, 'm'));
    expect(text).toMatch(new RegExp(`^http_requests_in_flight\\{method="GET",${SCOPE}\\} 0$`, 'm'));
    expect(text).toMatch(new RegExp(`^process_cpu_seconds_total\\{${SCOPE}\\} [0-9.e+-]+$`, 'm'));
    expect(text).not.toContain('http_server_request_duration_seconds');
  });
});

describe('M1: cardinality backstop', () => {
  it('caps series per instrument with one overflow series, loses no request, and warns once', async () => {
    const promPort = await freePort();
    const { baseUrl, app } = await startScenario({
      entry: fixture('metrics-app.cjs'),
      env: { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: String(promPort), OTELKIT_METRICS_CARDINALITY_LIMIT: '50' },
    });
    const total = 200;
    for (let i = 0; i < total; i++) await get(`${baseUrl}/many/${i}`);
    const counts = samples(await scrape(`http://127.0.0.1:${promPort}/metrics`)).filter((s) => s.name === 'http_server_request_duration_seconds_count');
    expect(counts.length).toBeLessThanOrEqual(50);
    expect(counts.filter((s) => s.labels.otel_metric_overflow === 'true')).toHaveLength(1);
    expect(counts.reduce((n, s) => n + s.value, 0)).toBe(total);
    await scrape(`http://127.0.0.1:${promPort}/metrics`);
    const warns = warnLines(app.stderr()).filter((l) => l.includes('http.server.request.duration') && l.includes('OTELKIT_METRICS_CARDINALITY_LIMIT'));
    expect(warns).toHaveLength(1);
  });
});

describe('C6: /metrics port already in use', () => {
  let blocker: Server | undefined;
  afterEach(() => new Promise<void>((r) => (blocker ? blocker.close(() => r()) : r())));

  it('keeps the app serving, with one warning naming the variable', async () => {
    blocker = createServer((_q, s) => s.end('someone else\n'));
    await new Promise<void>((r) => blocker!.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as AddressInfo).port;
    const { baseUrl, app } = await startScenario({
      entry: fixture('metrics-app.cjs'),
      env: { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: String(taken) },
    });
    const res = await get(`${baseUrl}/users/1`);
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    const warns = warnLines(app.stderr());
    expect(warns.filter((l) => l.includes('OTEL_EXPORTER_PROMETHEUS_PORT'))).toHaveLength(1);
    expect(app.stderr()).not.toMatch(/Uncaught|EADDRINUSE.*\n\s+at /);
    // The port's owner is untouched.
    expect(await (await fetch(`http://127.0.0.1:${taken}/`)).text()).toBe('someone else\n');
  });
});

describe('cluster workers', () => {
  it('serve /metrics on base port + worker id, never sharing one port', async () => {
    const base = await freePort();
    const appPort = await freePort();
    const app = runApp({
      entry: fixture('metrics-cluster.cjs'),
      preload: 'require',
      cwd: TEST_DIR,
      timeoutMs: 25_000,
      env: { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_PROMETHEUS_PORT: String(base), APP_PORT: String(appPort), NODE_OPTIONS: undefined },
    });
    try {
      await app.waitForOutput(/cluster ready/, { stream: 'stdout', timeoutMs: 15_000 });
      const pids = new Set<string>();
      for (const port of [base, base + 1, base + 2]) {
        const text = await scrape(`http://127.0.0.1:${port}/metrics`);
        const pid = /process_pid="(\d+)"/.exec(text)?.[1];
        expect(pid, `target_info on port ${port}`).toBeDefined();
        pids.add(pid!);
      }
      expect(pids.size).toBe(3);
      expect(warnLines(app.stderr())).toEqual([]);
    } finally {
      await app[Symbol.asyncDispose]();
    }
  });
});

describe('OTLP metric export alongside Prometheus', () => {
  it('sends the same instruments with their units to the receiver', async () => {
    const receiver = await newReceiver();
    const promPort = await freePort();
    const { baseUrl } = await startScenario({
      entry: fixture('metrics-app.cjs'),
      receiver,
      env: { OTEL_METRICS_EXPORTER: 'prometheus,otlp', OTEL_EXPORTER_PROMETHEUS_PORT: String(promPort), OTEL_METRIC_EXPORT_INTERVAL: '300' },
    });
    for (let i = 0; i < 3; i++) await get(`${baseUrl}/users/${i}`);
    await expect.poll(() => receiver.metrics().some((m) => m.name === 'http.server.request.duration'), { timeout: 10_000 }).toBe(true);
    const duration = receiver.metrics().filter((m) => m.name === 'http.server.request.duration').at(-1)!;
    expect(duration.unit).toBe('s');
    expect(duration.type).toBe('histogram');
    expect(receiver.metrics().some((m) => m.name === 'nodejs.eventloop.utilization')).toBe(true);
    // Self-metrics: the metric exporter's own successes show on /metrics once one export went out.
    await expect.poll(async () => (await scrape(`http://127.0.0.1:${promPort}/metrics`)).includes('otel_sdk_exporter_metric_data_point_exported_total'), { timeout: 10_000 }).toBe(true);
  });
});

describe('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=delta', () => {
  it('pushes the RED histogram and counters as deltas, up-down counters cumulative, while /metrics stays cumulative', async () => {
    const receiver = await newReceiver();
    const promPort = await freePort();
    const { baseUrl } = await startScenario({
      entry: fixture('metrics-app.cjs'),
      receiver,
      env: { OTEL_METRICS_EXPORTER: 'prometheus,otlp', OTEL_EXPORTER_PROMETHEUS_PORT: String(promPort), OTEL_METRIC_EXPORT_INTERVAL: '300', OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'Delta' },
    });
    const durationCounts = (): number[] =>
      receiver
        .metrics()
        .filter((m) => m.name === 'http.server.request.duration')
        .map((m) => m.dataPoints.filter((p) => p.attributes['http.route'] === '/users/:id').reduce((n, p) => n + (p.count ?? 0), 0))
        .filter((n) => n > 0);
    const total = (): number => durationCounts().reduce((a, b) => a + b, 0);
    for (let i = 0; i < 3; i++) await get(`${baseUrl}/users/${i}`);
    await expect.poll(total, { timeout: 10_000 }).toBe(3);
    for (let i = 0; i < 2; i++) await get(`${baseUrl}/users/${i}`);
    await expect.poll(total, { timeout: 10_000 }).toBe(5);
    // Each export carries what happened since the previous one, and an empty interval sends no
    // point: two more intervals later the counts still add up to the 5 requests (cumulative
    // exports would repeat them in every interval).
    const exports = receiver.requests().filter((r) => r.signal === 'metrics').length;
    await expect.poll(() => receiver.requests().filter((r) => r.signal === 'metrics').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(exports + 2);
    expect(total()).toBe(5);
    expect(durationCounts().length).toBeGreaterThanOrEqual(2);
    const last = (name: string) => receiver.metrics().filter((m) => m.name === name).at(-1)!;
    expect(last('http.server.request.duration').aggregationTemporality).toBe(1); // DELTA
    expect(last('http.server.active_requests').aggregationTemporality).toBe(2); // CUMULATIVE
    expect(last('process.cpu.time').aggregationTemporality).toBe(1); // an observable counter
    const scraped = samples(await scrape(`http://127.0.0.1:${promPort}/metrics`)).filter((x) => x.name === 'http_server_request_duration_seconds_count' && x.labels['http_route'] === '/users/:id');
    expect(scraped.reduce((n, x) => n + x.value, 0)).toBe(5);
  });

  it('an unknown value: one warning naming the variable, cumulative export', async () => {
    const receiver = await newReceiver();
    const { baseUrl, app } = await startScenario({
      entry: fixture('metrics-app.cjs'),
      receiver,
      env: { OTEL_METRICS_EXPORTER: 'otlp', OTEL_METRIC_EXPORT_INTERVAL: '300', OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'sometimes' },
    });
    await get(`${baseUrl}/users/1`);
    await expect.poll(() => receiver.metrics().some((m) => m.name === 'http.server.request.duration'), { timeout: 10_000 }).toBe(true);
    expect(receiver.metrics().find((m) => m.name === 'http.server.request.duration')!.aggregationTemporality).toBe(2);
    expect(warnLines(app.stderr()).filter((l) => l.includes('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE'))).toHaveLength(1);
  });

  it('an unknown value with grpc export: still one warning (the upstream grpc exporter is told the choice)', async () => {
    const { baseUrl, app } = await startScenario({
      entry: fixture('metrics-app.cjs'),
      env: {
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        // Nothing listens there: the export fails, after the exporter was created.
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
        OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
        OTEL_METRIC_EXPORT_INTERVAL: '300',
        OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'sometimes',
      },
    });
    await get(`${baseUrl}/users/1`);
    await app.waitForOutput(/metric data points failed/, { stream: 'stderr', timeoutMs: 15_000 });
    expect(warnLines(app.stderr()).filter((l) => l.includes('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE'))).toHaveLength(1);
  });
});

describe('http.route on the duration metric from each framework', () => {
  it.each([
    ['Express CJS', 'express-cjs/app.js', 'require', '/orders/42', '/orders/:id'],
    ['Fastify ESM', 'fastify-esm/app.mjs', 'import', '/users/7', '/users/:id'],
    ['Koa CJS', 'koa', 'require', '/items/9', '/items/:id'],
  ] as const)('%s', async (_label, entry, preload, path, route) => {
    const promPort = await freePort();
    const { baseUrl } = await startScenario({
      entry: entry === 'koa' ? fixture('koa-app.cjs') : example(entry),
      preload,
      env: { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: String(promPort) },
    });
    for (let i = 0; i < 3; i++) expect((await get(`${baseUrl}${path}`)).status).toBe(200);
    const counts = samples(await scrape(`http://127.0.0.1:${promPort}/metrics`)).filter((s) => s.name === 'http_server_request_duration_seconds_count');
    expect(counts.map((s) => [s.labels.http_route, s.value])).toEqual([[route, 3]]);
  });
});

describe('short scripts at exit', () => {
  it.each([
    ['nothing but runtime metrics: no metric export at exit', '0', '0', 0, undefined],
    ['an instrument of its own: exported at exit', '1', '0', 1, 'cache.requests'],
    ['one request served: exported at exit', '0', '1', 1, 'http.server.request.duration'],
  ] as const)('%s', async (_label, record, serve, expected, metric) => {
    const receiver = await newReceiver();
    const exit = await runAppToExit({
      entry: fixture('metrics-short-script.cjs'),
      preload: 'require',
      cwd: TEST_DIR,
      timeoutMs: 20_000,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, RECORD: record, SERVE: serve, NODE_OPTIONS: undefined, OTEL_METRICS_EXPORTER: undefined, OTEL_TRACES_EXPORTER: undefined },
    });
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stdout).toBe('done\n');
    const metricRequests = receiver.requests().filter((r) => r.signal === 'metrics');
    expect(metricRequests).toHaveLength(expected);
    if (metric !== undefined) expect(receiver.metrics().some((m) => m.name === metric)).toBe(true);
  });
});

describe('client request duration', () => {
  it('records outgoing http and fetch requests as http_client_request_duration_seconds', async () => {
    const promPort = await freePort();
    const { baseUrl } = await startScenario({
      entry: fixture('metrics-app.cjs'),
      env: { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: String(promPort) },
    });
    expect(await (await fetch(`${baseUrl}/call`)).text()).toBe('called\n');
    const client = samples(await scrape(`http://127.0.0.1:${promPort}/metrics`)).filter((s) => s.name === 'http_client_request_duration_seconds_count');
    expect(client.reduce((n, s) => n + s.value, 0)).toBe(2);
    for (const s of client) {
      expect(s.labels.http_request_method).toBe('GET');
      expect(s.labels.server_address).toBe('127.0.0.1');
      expect(s.labels.http_response_status_code).toBe('200');
    }
  });
});

describe('self-metrics make every drop visible', () => {
  // http/protobuf goes through otelkit's encoding processor, http/json through the upstream batch processor.
  it.each(['http/protobuf', 'http/json'])('counts spans dropped by a full queue in otel_sdk_processor_span_processed_total{error_type="queue_full"} (%s)', async (protocol) => {
    const promPort = await freePort();
    const { baseUrl } = await startScenario({
      entry: fixture('metrics-app.cjs'),
      env: { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: String(promPort), OTEL_BSP_MAX_QUEUE_SIZE: '10', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '10', OTEL_EXPORTER_OTLP_PROTOCOL: protocol },
    });
    expect((await get(`${baseUrl}/burst?n=100`)).status).toBe(200);
    const created = 101; // 100 burst spans and the server span
    const figures = async (): Promise<{ dropped: number; exported: number }> => {
      const all = samples(await scrape(`http://127.0.0.1:${promPort}/metrics`));
      const dropped = all.filter((s) => s.name === 'otel_sdk_processor_span_processed_total' && s.labels.error_type === 'queue_full').reduce((n, s) => n + s.value, 0);
      const exported = all.filter((s) => s.name === 'otel_sdk_exporter_span_exported_total' && s.labels.error_type === undefined).reduce((n, s) => n + s.value, 0);
      return { dropped, exported };
    };
    await expect.poll(async () => {
      const f = await figures();
      return f.dropped + f.exported;
    }, { timeout: 10_000 }).toBe(created);
    // Ten fit in the queue; the upstream processor also frees it by handing one batch to the exporter.
    expect((await figures()).dropped).toBeGreaterThanOrEqual(80);
  });
});

describe('exporter accounting follows the configured exporter', () => {
  const HEALTH_LINE = /otelkit INFO health endpoints on http:\/\/127\.0\.0\.1:(\d+)/;
  type TraceStatus = { exported: number; failed: number; byExporter?: Record<string, { exported: number }> };

  // otel.component.type: the semconv value where one is defined, else the type's own name (semconv's rule).
  it.each([
    ['console', 'http/protobuf', { ConsoleSpanExporter: 1 }],
    ['otlp', 'http/protobuf', { otlp_http_span_exporter: 1 }],
    ['otlp', 'http/json', { otlp_http_json_span_exporter: 1 }],
    ['otlp,console', 'http/protobuf', { otlp_http_span_exporter: 1, ConsoleSpanExporter: 1 }],
  ] as const)('OTEL_TRACES_EXPORTER=%s (%s): /status counts what was exported and the self-metric names the exporter', async (exporter, protocol, perExporter) => {
    const promPort = await freePort();
    const scenario = await startScenario({
      entry: fixture('http-app.cjs'),
      env: { OTEL_TRACES_EXPORTER: exporter, OTEL_EXPORTER_OTLP_PROTOCOL: protocol, OTELKIT_HEALTH_PORT: '0', OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: String(promPort) },
    });
    const health = `http://127.0.0.1:${(await scenario.app.waitForOutput(HEALTH_LINE, { stream: 'stderr', timeoutMs: 15_000 }))[1]}`;
    for (let i = 1; i <= 3; i++) expect((await get(`${scenario.baseUrl}/seq?n=${i}`)).status).toBe(200);
    const spans = 6; // three server spans, three "work" spans
    const copies = Object.keys(perExporter).length;
    const traces = async (): Promise<TraceStatus> => (JSON.parse((await get(`${health}/status`)).body) as { exporters: { traces: TraceStatus } }).exporters.traces;
    await expect.poll(async () => (await traces()).exported, { timeout: 10_000 }).toBe(spans * copies);
    const status = await traces();
    expect(status.failed).toBe(0);
    expect(status.byExporter).toEqual(Object.fromEntries(Object.keys(perExporter).map((type) => [type, { exported: spans, failed: 0 }])));
    if (exporter.includes('console')) expect(scenario.app.stdout()).toContain("name: 'work'");

    const exported = samples(await scrape(`http://127.0.0.1:${promPort}/metrics`)).filter((s) => s.name === 'otel_sdk_exporter_span_exported_total');
    const byType = Object.fromEntries(exported.map((s) => [s.labels.otel_component_type, s.value]));
    expect(byType).toEqual(Object.fromEntries(Object.keys(perExporter).map((type) => [type, spans])));
    expect(warnLines(scenario.app.stderr())).toEqual([]);
  });
});
