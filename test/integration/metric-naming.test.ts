/**
 * The app's own metric names under the preload: OTELKIT_METRICS_NAMESPACE, _NAMES, _LABELS and
 * _LABEL_VALUES reach both the preload's HTTP metrics and the app's own copy of @otelkit/metrics
 * (domain helpers), /metrics serves them, and the mixin given the same naming queries exactly them.
 */
import { dashboardQueries, generateMixin, promqlMetricNames } from '@otelkit/mixin';
import { parseExposition } from '@otelkit/testing/prometheus';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { disposeAll, fixture, freePort, get, startScenario, warningsNaming } from './helpers.js';

afterEach(disposeAll);

const NAMING_ENV = {
  OTELKIT_METRICS_PROFILE: 'prometheus-classic',
  OTELKIT_METRICS_NAMESPACE: 'autonomos',
  OTELKIT_METRICS_NAMES: 'job.processed=jobs,http_requests=api_requests,http_request_duration=api_latency_seconds,pool.connections=db_connections,rate_limit.utilization=rate_limit_utilization,no.such.metric=x',
  OTELKIT_METRICS_LABELS: 'http_requests:status=status_code,job.status=status,pool.state=state',
  OTELKIT_METRICS_LABEL_VALUES: 'pool.state:used=active',
};

describe('metric naming under the preload', () => {
  it('serves the chosen names, labels and values on /metrics, and the mixin queries the same', async () => {
    const promPort = await freePort();
    const { baseUrl, app } = await startScenario({
      entry: fixture('metrics-app.cjs'),
      env: { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: String(promPort), ...NAMING_ENV },
    });
    for (let i = 0; i < 8; i++) await get(`${baseUrl}/work`);
    for (let i = 0; i < 3; i++) await get(`${baseUrl}/fail`);
    const res = await fetch(`http://127.0.0.1:${promPort}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const { samples, problems } = parseExposition(text);
    expect(problems).toEqual([]);
    const sum = (name: string, labels: Record<string, string> = {}): number =>
      samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);
    const names = new Set(samples.map((s) => s.name));

    // HTTP, recorded by the preload: renamed family and a label renamed for the counter only.
    expect(sum('autonomos_api_requests_total', { status_code: '500', route: '/fail' })).toBe(3);
    expect(sum('autonomos_api_requests_total', { status_code: '200', route: '/work' })).toBe(8);
    expect(sum('autonomos_api_latency_seconds_count', { status: '500' })).toBe(3);
    expect(names.has('autonomos_http_requests_in_flight')).toBe(true);
    // Domain helpers, recorded by the app's own copy of @otelkit/metrics.
    expect(sum('autonomos_jobs_total', { status: 'failed', queue_name: 'mappings' })).toBe(2);
    expect(sum('autonomos_jobs_total', { status: 'completed' })).toBe(6);
    expect(names.has('autonomos_job_queue_depth')).toBe(true);
    expect(names.has('autonomos_job_duration_seconds_bucket')).toBe(true);
    expect(sum('autonomos_semaphore_leaked_slots', { semaphore_name: 'jobs' })).toBe(0);
    expect(sum('autonomos_db_connections', { pool_name: 'main', state: 'active' })).toBe(2);
    expect(sum('autonomos_db_connections', { pool_name: 'main', state: 'idle' })).toBe(1);
    expect(names.has('autonomos_rate_limit_utilization')).toBe(true);
    expect(text).toContain('# TYPE autonomos_rate_limit_utilization gauge');
    // Runtime metrics keep their names; no catalog name of a renamed family is left.
    expect(names.has('process_resident_memory_bytes')).toBe(true);
    for (const s of samples) expect(s.name).not.toMatch(/^(?:job_|semaphore_|pool_|cache_|rate_limit_|http_requests_total|http_request_duration)/);

    // The mixin with the same naming queries these families: each one it reads that this app emits is here.
    const { files } = generateMixin({
      profile: 'prometheus-classic',
      naming: {
        namespace: 'autonomos',
        names: { 'job.processed': 'jobs', http_requests: 'api_requests', http_request_duration: 'api_latency_seconds', 'pool.connections': 'db_connections', 'rate_limit.utilization': 'rate_limit_utilization' },
        labels: { 'http_requests:status': 'status_code', 'job.status': 'status', 'pool.state': 'state' },
        labelValues: { 'pool.state:used': 'active' },
      },
    });
    const exprs = [...files].flatMap(([path, t]) => {
      if (path.startsWith('dashboards/')) return dashboardQueries(JSON.parse(t) as Record<string, unknown>).map((q) => q.expr);
      if (!/^groups:/m.test(t)) return [];
      return (parse(t) as { groups: Array<{ rules: Array<{ expr: string }> }> }).groups.flatMap((g) => g.rules.map((r) => String(r.expr)));
    });
    const queried = [...new Set(exprs.flatMap(promqlMetricNames))].filter((n) => n.startsWith('autonomos_'));
    for (const family of ['autonomos_api_requests_total', 'autonomos_api_latency_seconds_bucket', 'autonomos_jobs_total', 'autonomos_job_queue_depth', 'autonomos_semaphore_leaked_slots', 'autonomos_db_connections']) {
      expect(queried).toContain(family);
    }
    expect(queried.filter((n) => !names.has(n))).toEqual([]);

    // The entry that names no instrument: one warning naming the variable, the rest applied.
    expect(warningsNaming(app.stderr(), 'OTELKIT_METRICS_NAMES')).toHaveLength(1);
  });

  it('takes the naming from start(), for the app\'s own copy of @otelkit/metrics too', async () => {
    const promPort = await freePort();
    await startScenario({ entry: fixture('metric-naming-start.cjs'), preload: 'none', env: { PROM_PORT: String(promPort) } });
    const { samples } = parseExposition(await (await fetch(`http://127.0.0.1:${promPort}/metrics`)).text());
    expect(samples.filter((s) => s.name === 'aet_tasks_total').map((s) => [s.labels['status'], s.labels['queue_name'], s.value])).toEqual([['completed', 'mail', 1]]);
    expect(samples.some((s) => s.name === 'aet_job_queue_depth')).toBe(true);
    expect(samples.some((s) => s.name.startsWith('job_'))).toBe(false);
  });
});
