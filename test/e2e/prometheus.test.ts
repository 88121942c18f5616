/**
 * A real Prometheus (Debian package) scrapes an app under the preload; PromQL returns the expected
 * rates and quantiles. promtool's metric lint is clean for every default metric in both profiles.
 */
import { spawnSync } from 'node:child_process';
import { parseExposition } from '@otelkit/testing/prometheus';
import { afterEach, describe, expect, it } from 'vitest';
import { disposeAll, fixture, freePort, get, sleep, startScenario } from '../integration/helpers.js';
import { startPrometheus, type PrometheusServer } from './prometheus-server.js';

afterEach(disposeAll);


async function startApp(env: Record<string, string>): Promise<{ baseUrl: string; metricsUrl: string }> {
  const promPort = await freePort();
  const { baseUrl } = await startScenario({
    entry: fixture('metrics-app.cjs'),
    env: { OTEL_METRICS_EXPORTER: 'prometheus,otlp', OTEL_METRIC_EXPORT_INTERVAL: '200', OTEL_EXPORTER_PROMETHEUS_PORT: String(promPort), ...env },
  });
  return { baseUrl, metricsUrl: `http://127.0.0.1:${promPort}/metrics` };
}

describe('promtool check metrics', () => {
  it.each(['semconv', 'prometheus-classic'])('is clean for every default and domain metric (%s profile)', async (profile) => {
    const { baseUrl, metricsUrl } = await startApp({ OTELKIT_METRICS_PROFILE: profile });
    for (let i = 0; i < 5; i++) await get(`${baseUrl}/users/${i}`);
    for (let i = 0; i < 8; i++) await get(`${baseUrl}/work`);
    await get(`${baseUrl}/fail`);
    // Let one OTLP metric export and one span export happen, so the otel_sdk_* series exist too.
    await sleep(600);
    const text = await (await fetch(metricsUrl)).text();
    for (const name of profile === 'semconv'
      ? ['http_server_request_duration_seconds_bucket', 'v8js_gc_duration_seconds_bucket', 'process_cpu_time_seconds_total']
      : ['http_requests_total', 'http_request_duration_seconds_bucket', 'process_resident_memory_bytes']) {
      expect(text).toContain(name);
    }
    for (const name of ['job_processed_total', 'job_queue_depth', 'semaphore_leaked_slots', 'pool_utilization_ratio', 'cache_requests_total', 'rate_limit_requests_total', 'otel_sdk_exporter_span_exported_total', 'otel_sdk_exporter_metric_data_point_exported_total']) {
      expect(text).toContain(name);
    }
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(`${lint.stdout}${lint.stderr}`).toBe('');
    expect(lint.status).toBe(0);
    // The lint does not look for repeated series or label names; a scrape would reject them.
    const { samples, problems } = parseExposition(text);
    expect(problems).toEqual([]);
    for (const s of samples.filter((x) => x.name !== 'target_info')) expect(s.labels['otel_scope_name'], s.name).toBeDefined();
  });
});

describe('promtool check metrics with the upstream instrumentations\' metrics', () => {
  it.each([
    { app: 'pg-pool-app.cjs', preload: 'require' as const },
    { app: 'pg-pool-app.mjs', preload: 'import' as const },
  ])('is clean for an app whose real pg Pools are instrumented, and reports each of its two pools by its own counts (db.client.connection.count is served as db_client_connection; $app under --$preload)', async ({ app, preload }) => {
    const promPort = await freePort();
    const { baseUrl } = await startScenario({
      entry: fixture(app),
      preload,
      env: { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: String(promPort) },
    });
    for (let i = 0; i < 3; i++) expect((await get(`${baseUrl}/query`)).status).toBe(200);
    // The second pool opens three connections, which go back to it idle.
    for (const res of await Promise.all([1, 2, 3].map(() => get(`${baseUrl}/replica/hold?ms=50`)))) expect(res.status).toBe(200);
    // First pool (max 2): two clients held and a third caller waiting. Second pool: one client held.
    const held = [get(`${baseUrl}/hold?ms=600`), get(`${baseUrl}/hold?ms=600`), get(`${baseUrl}/query`), get(`${baseUrl}/replica/hold?ms=600`)];
    await sleep(250);
    const text = await (await fetch(`http://127.0.0.1:${promPort}/metrics`)).text();
    for (const res of await Promise.all(held)) expect(res.status).toBe(200);
    const after = await (await fetch(`http://127.0.0.1:${promPort}/metrics`)).text();

    expect(text).toMatch(/^db_client_operation_duration_seconds_bucket\{/m);
    expect(text).toMatch(/^# TYPE db_client_connection gauge$/m);
    expect(text).not.toMatch(/^db_client_connection_count/m);
    const pools = (exposition: string): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const s of parseExposition(exposition).samples) {
        if (s.name !== 'db_client_connection' && s.name !== 'db_client_connection_pending_requests') continue;
        const state = s.labels['db_client_connection_state'];
        out[`${s.name} ${s.labels['db_client_connection_pool_name']}${state === undefined ? '' : ` ${state}`}`] = s.value;
      }
      return out;
    };
    // Each pool by its own counts (upstream's counters alone mix two pools' deltas: idle below zero).
    expect(pools(text)).toEqual({
      'db_client_connection 127.0.0.1:5432/test used': 2,
      'db_client_connection 127.0.0.1:5432/test idle': 0,
      'db_client_connection_pending_requests 127.0.0.1:5432/test': 1,
      'db_client_connection 127.0.0.1:5432/postgres used': 1,
      'db_client_connection 127.0.0.1:5432/postgres idle': 2,
      'db_client_connection_pending_requests 127.0.0.1:5432/postgres': 0,
    });
    // Once everything is answered, every connection is idle again.
    expect(pools(after)).toEqual({
      'db_client_connection 127.0.0.1:5432/test used': 0,
      'db_client_connection 127.0.0.1:5432/test idle': 2,
      'db_client_connection_pending_requests 127.0.0.1:5432/test': 0,
      'db_client_connection 127.0.0.1:5432/postgres used': 0,
      'db_client_connection 127.0.0.1:5432/postgres idle': 3,
      'db_client_connection_pending_requests 127.0.0.1:5432/postgres': 0,
    });
    expect(after).toMatch(/^db_client_connection_max\{[^}]*db_client_connection_pool_name="127.0.0.1:5432\/postgres"[^}]*\} 3$/m);
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(`${lint.stdout}${lint.stderr}`).toBe('');
    expect(lint.status).toBe(0);
    expect(parseExposition(text).problems).toEqual([]);
  });
});

describe('a real Prometheus scraping the app', () => {
  let prometheus: PrometheusServer | undefined;
  afterEach(() => {
    prometheus?.stop();
    prometheus = undefined;
  });

  async function query(base: string, promql: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
    const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await res.json()) as { status: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
    expect(body.status, promql).toBe('success');
    return body.data.result;
  }

  it('returns the request rate, error ratio and latency quantiles the load produced', async () => {
    const { baseUrl, metricsUrl } = await startApp({});
    prometheus = await startPrometheus({ targets: [new URL(metricsUrl).host] });
    const base = prometheus.base;

    // Steady load for ~8 s: each round is 3 fast successes, 1 failure and 2 requests that take 300 ms.
    const until = Date.now() + 8000;
    let rounds = 0;
    while (Date.now() < until) {
      await Promise.all([get(`${baseUrl}/users/1`), get(`${baseUrl}/users/2`), get(`${baseUrl}/users/3`), get(`${baseUrl}/fail`), get(`${baseUrl}/sleep?ms=300`), get(`${baseUrl}/sleep?ms=300`)]);
      rounds++;
    }
    await sleep(2500); // two more scrapes

    const targets = (await (await fetch(`${base}/api/v1/targets`)).json()) as { data: { activeTargets: Array<{ health: string }> } };
    expect(targets.data.activeTargets.map((t) => t.health)).toEqual(['up']);

    // Counters are exact.
    const total = await query(base, 'sum(http_server_request_duration_seconds_count)');
    expect(Number(total[0]!.value[1])).toBe(rounds * 6);
    const byRoute = await query(base, 'sum by (http_route) (http_server_request_duration_seconds_count)');
    expect(Object.fromEntries(byRoute.map((r) => [r.metric.http_route, Number(r.value[1])]))).toEqual({ '/users/:id': rounds * 3, '/fail': rounds, '/sleep': rounds * 2 });

    // Rates: the error ratio of the mix is 1/6.
    const ratio = await query(base, 'sum(rate(http_server_request_duration_seconds_count{error_type="500"}[5s])) / sum(rate(http_server_request_duration_seconds_count[5s]))');
    expect(Number(ratio[0]!.value[1])).toBeGreaterThan(1 / 6 - 0.05);
    expect(Number(ratio[0]!.value[1])).toBeLessThan(1 / 6 + 0.05);

    // Quantiles in seconds: the /sleep requests took 0.3 s, inside the (0.25, 0.5] bucket.
    const p50 = await query(base, 'histogram_quantile(0.5, sum by (le) (rate(http_server_request_duration_seconds_bucket{http_route="/sleep"}[30s])))');
    const seconds = Number(p50[0]!.value[1]);
    expect(seconds).toBeGreaterThan(0.25);
    expect(seconds).toBeLessThanOrEqual(0.5);
    const fast = await query(base, 'histogram_quantile(0.9, sum by (le) (rate(http_server_request_duration_seconds_bucket{http_route="/users/:id"}[30s])))');
    expect(Number(fast[0]!.value[1])).toBeLessThan(0.25);

    // Every series arrives with its instrumentation scope.
    const scopes = await query(base, 'count by (otel_scope_name, otel_scope_version) (http_server_request_duration_seconds_count)');
    expect(scopes.map((r) => r.metric.otel_scope_name)).toEqual(['@otelkit/metrics']);
    expect(scopes[0]!.metric.otel_scope_version).toMatch(/^\d+\.\d+\.\d+/);

    // Runtime and domain series are queryable too.
    expect(await query(base, 'nodejs_eventloop_utilization_ratio')).toHaveLength(1);
    expect(await query(base, 'semaphore_limit{semaphore_name="jobs"}')).toHaveLength(1);
  });
});
