/**
 * Runbook 000's observability contract, end to end, against examples/job-platform: `npm start`'s
 * entry (API and worker under the preload, with real Redis, PostgreSQL and BullMQ) runs its traffic,
 * including the failures its alerts watch for, while a real Prometheus scrapes both processes as the
 * runbook's job `autonomos`. Then:
 * - every metric the runbook's alert rules, dashboards and queries name exists, with every label they
 *   select on or group by, and a series for every label value they match;
 * - every alert expression of the runbook evaluates without error, and the leak and error-rate
 *   alerts see what the traffic caused;
 * - the example's alerts.yml is the runbook's, unchanged;
 * - log lines carry the runbook's fields, with a trace_id equal to the response's X-Trace-ID;
 * - the endpoints answer as the runbook says (X-Trace-ID, /metrics);
 * - the API request and its job's worker spans are one trace (an OTLP receiver decodes them), with
 *   tenant_id and error status on the spans the runbook's Jaeger queries look for.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runApp, runAppToExit, startOtlpReceiver, type AppProcess, type OtlpReceiver, type ReceivedSpan } from '@otelkit/testing';
import { promqlMetricNames } from '@otelkit/mixin';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { example, freePort, sleep, TRACE_ID } from '../../integration/helpers.js';
import { startPrometheus, type PrometheusServer } from '../prometheus-server.js';

const DIR = example('job-platform');
const SEEDS = join(DIR, '..', '..', '..', 'shared', 'seeds');
const RUNBOOK = readFileSync(join(SEEDS, readdirSync(SEEDS).find((f) => f.startsWith('000_'))!), 'utf8');
const TRAFFIC_SECONDS = 20;
// What @otelkit/mixin generates for the example's naming (monitoring/generate.mjs).
const MIXIN_RULES = join(DIR, 'monitoring', 'generated', 'prometheus', 'rules', 'otelkit-alerts.yaml');
const SPAN_KIND = { SERVER: 2, PRODUCER: 4, CONSUMER: 5 } as const;

// The runbook's "Key Prometheus Queries" count `autonomos_jobs_total{status="running"}` (a job that has
// started and not finished); the example's jobs counter has only finished jobs (completed, failed), and
// neither the alerts nor the dashboards use that query.
const NOT_SERVED = [/status="running"/];

/** The fenced blocks of one language in a section of the runbook (from its heading to the next `## `). */
function blocks(lang: string, heading: string): string[] {
  const start = RUNBOOK.indexOf(`\n## ${heading}`);
  const end = RUNBOOK.indexOf('\n## ', start + 4);
  const section = RUNBOOK.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!.trim());
}

interface Rule {
  alert: string;
  expr: string;
}
const RUNBOOK_ALERTS = (() => {
  const yaml = RUNBOOK.slice(RUNBOOK.indexOf('Create `alerts.yml`:'));
  return /```yaml\n([\s\S]*?)```/.exec(yaml)![1]!;
})();
const ALERTS: Rule[] = (parse(RUNBOOK_ALERTS) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap((g) => g.rules);
// Each dashboard panel's block may hold several queries, one per line start (P50/P95/P99, CPU & memory).
const QUERIES: string[] = [
  ...blocks('promql', 'Prometheus Metrics'),
  ...blocks('promql', 'Grafana Dashboards').flatMap((b) => b.split(/\n(?=\S)/)),
  ...blocks('promql', 'Performance Troubleshooting'),
  ...ALERTS.map((r) => r.expr),
].filter((q) => !NOT_SERVED.some((re) => re.test(q)));

/** What a query needs of the scraped series: its metrics, label matchers and grouping labels. */
function needs(expr: string): { metrics: string[]; matchers: Array<{ metric: string; label: string; op: string; value: string }>; groupBy: string[] } {
  const metrics = promqlMetricNames(expr);
  const matchers = [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\}/g)].flatMap((m) =>
    [...m[2]!.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!=|!~|=)\s*"([^"]*)"/g)].map((l) => ({ metric: m[1]!, label: l[1]!, op: l[2]!, value: l[3]! })),
  );
  const groupBy = [...expr.matchAll(/\bby\s*\(([^)]*)\)/g)].flatMap((m) => m[1]!.split(',').map((s) => s.trim()).filter(Boolean));
  return { metrics, matchers, groupBy };
}

let receiver: OtlpReceiver;
let app: AppProcess;
let prometheus: PrometheusServer;
let base: string;
let trafficOutput: string;
const probe: { traceId: string; jobId: string; failedTraceId: string; failedJobId: string; tenant: string } = { traceId: '', jobId: '', failedTraceId: '', failedJobId: '', tenant: 'tenant-e2e' };

async function series(metric: string): Promise<Array<Record<string, string>>> {
  const res = await fetch(`${prometheus.base}/api/v1/series?match[]=${encodeURIComponent(metric)}`);
  return ((await res.json()) as { data: Array<Record<string, string>> }).data;
}
async function query(expr: string): Promise<{ status: string; error?: string; data?: { result: unknown[] } }> {
  const res = await fetch(`${prometheus.base}/api/v1/query?query=${encodeURIComponent(expr)}`);
  return (await res.json()) as { status: string; error?: string; data?: { result: unknown[] } };
}

async function submit(body: Record<string, unknown>): Promise<{ traceId: string; jobId: string; status: number }> {
  const res = await fetch(`${base}/api/v1/bulk-mappings`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tenant-id': probe.tenant }, body: JSON.stringify(body) });
  const json = (await res.json()) as { job_id: string };
  return { traceId: res.headers.get('x-trace-id') ?? '', jobId: json.job_id, status: res.status };
}
async function jobState(id: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/jobs/${id}`);
  return ((await res.json()) as { state?: string }).state ?? `http ${res.status}`;
}

// Setup is a test of its own: it asserts (the traffic run, the worker's restart) and polls.
it('starts API and worker, runs the traffic, and has Prometheus scrape both', async () => {
  receiver = await startOtlpReceiver();
  const [apiPort, apiPromPort, workerPromPort] = [await freePort(), await freePort(), await freePort()];
  base = `http://127.0.0.1:${apiPort}`;
  app = runApp({
    entry: join(DIR, 'start.mjs'),
    args: ['--fresh'],
    cwd: DIR,
    env: {
      PORT: String(apiPort),
      OTEL_EXPORTER_PROMETHEUS_PORT: String(apiPromPort),
      WORKER_METRICS_PORT: String(workerPromPort),
      JOB_PLATFORM_PREFIX: `e2e-job-platform-${process.pid}`,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    },
    timeoutMs: 170_000,
  });
  await app.waitForOutput(/job-platform api listening/, { timeoutMs: 30_000 });
  await app.waitForOutput(/job-platform worker worker-1 ready/, { timeoutMs: 30_000 });
  prometheus = await startPrometheus({
    config: (dir) => {
      writeFileSync(join(dir, 'alerts.yml'), readFileSync(join(DIR, 'monitoring', 'alerts.yml')));
      writeFileSync(join(dir, 'otelkit-alerts.yaml'), readFileSync(MIXIN_RULES));
      const config = join(dir, 'prometheus.yml');
      writeFileSync(config, [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'rule_files: [alerts.yml, otelkit-alerts.yaml]',
        'scrape_configs:',
        "  - job_name: 'autonomos'",
        "    metrics_path: '/metrics'",
        `    static_configs: [{ targets: ['127.0.0.1:${apiPort}', '127.0.0.1:${workerPromPort}'] }]`,
        '',
      ].join('\n'));
      return config;
    },
  });

  // The probes: one job that completes and one that fails, for one tenant of their own.
  Object.assign(probe, await submit({ connector_type: 'hubspot', mappings: 12 }).then((r) => ({ traceId: r.traceId, jobId: r.jobId })));
  const failed = await submit({ connector_type: 'hubspot', mappings: 4, simulate: 'fail' });
  probe.failedTraceId = failed.traceId;
  probe.failedJobId = failed.jobId;

  const traffic = await runAppToExit({ entry: join(DIR, 'traffic.mjs'), args: ['--seconds', String(TRAFFIC_SECONDS), '--url', base], cwd: DIR, timeoutMs: (TRAFFIC_SECONDS + 40) * 1000 });
  trafficOutput = traffic.stdout + traffic.stderr;
  expect(traffic.code, trafficOutput).toBe(0);
  // Let the last jobs finish, the worker come back from its crash and Prometheus scrape twice more.
  await expect.poll(() => app.stdout().includes('Worker crash detected'), { timeout: 20_000 }).toBe(true);
  await sleep(3000);
}, 180_000);

afterAll(async () => {
  prometheus?.stop();
  app?.kill('SIGTERM');
  await app?.exited;
  await receiver?.close();
});

describe('metrics: what the runbook queries', () => {
  it('has every metric its alerts, dashboards and queries name, with the labels and values they select on', async () => {
    const problems: string[] = [];
    const checked = new Set<string>();
    for (const expr of QUERIES) {
      const need = needs(expr);
      const found = new Map<string, Array<Record<string, string>>>();
      for (const metric of need.metrics) {
        const list = await series(metric);
        found.set(metric, list);
        checked.add(metric);
        if (list.length === 0) problems.push(`${metric}: no series (in ${expr.replace(/\s+/g, ' ')})`);
      }
      for (const m of need.matchers) {
        const list = found.get(m.metric) ?? [];
        const ok = list.some((s) => {
          const v = s[m.label] ?? '';
          if (m.op === '=') return v === m.value;
          if (m.op === '=~') return new RegExp(`^(?:${m.value})$`).test(v);
          if (m.op === '!=') return v !== m.value;
          return !new RegExp(`^(?:${m.value})$`).test(v);
        });
        if (!ok && list.length > 0) problems.push(`${m.metric}: no series with ${m.label}${m.op}"${m.value}"`);
      }
      for (const label of need.groupBy) {
        if (label === 'le') continue;
        const has = need.metrics.some((metric) => (found.get(metric) ?? []).some((s) => s[label] !== undefined && s[label] !== ''));
        if (!has) problems.push(`by (${label}): no series of ${need.metrics.join(', ')} has it`);
      }
    }
    expect(problems).toEqual([]);
    // The runbook names these; a parser that found none would pass the loop above vacuously.
    for (const name of ['autonomos_queue_depth', 'autonomos_jobs_total', 'autonomos_job_duration_seconds_bucket', 'autonomos_semaphore_active_jobs', 'autonomos_semaphore_leaked_slots', 'autonomos_api_requests_total', 'autonomos_api_latency_seconds_bucket', 'autonomos_dcl_graph_nodes', 'autonomos_dcl_graph_edges', 'autonomos_dcl_build_seconds_bucket', 'autonomos_aam_drift_events_total', 'autonomos_aam_repairs_total', 'autonomos_db_connections', 'autonomos_db_query_seconds_bucket', 'autonomos_redis_memory_bytes', 'autonomos_worker_crashes_total', 'up', 'process_cpu_seconds_total', 'process_resident_memory_bytes']) {
      expect(checked, name).toContain(name);
    }
  });

  it('counts per tenant what the traffic did: failed jobs, a leaked semaphore slot, a worker crash', async () => {
    const value = async (expr: string): Promise<number> => {
      const r = (await query(expr)) as { data: { result: Array<{ value: [number, string] }> } };
      return r.data.result.length === 0 ? NaN : Number(r.data.result[0]!.value[1]);
    };
    expect(await value(`sum(autonomos_jobs_total{status="failed",tenant_id="${probe.tenant}"})`)).toBeGreaterThanOrEqual(1);
    expect(await value(`sum(autonomos_jobs_total{status="completed",tenant_id="${probe.tenant}"})`)).toBeGreaterThanOrEqual(1);
    expect(await value('max(autonomos_semaphore_leaked_slots{tenant_id="tenant-789"})')).toBeGreaterThanOrEqual(1);
    expect(await value('max(autonomos_worker_crashes_total)')).toBeGreaterThanOrEqual(1);
    expect(await value('sum(autonomos_db_connections{state="active"}) + sum(autonomos_db_connections{state="idle"})')).toBeGreaterThanOrEqual(1);
    expect(await value('max(autonomos_redis_memory_bytes)')).toBeGreaterThan(0);
  });
});

describe('alerts: the runbook\'s rules', () => {
  it('ships them unchanged', () => {
    const shipped = parse(readFileSync(join(DIR, 'monitoring', 'alerts.yml'), 'utf8')) as unknown;
    expect(shipped).toEqual(parse(RUNBOOK_ALERTS));
    expect(ALERTS.map((r) => r.alert)).toEqual(['SemaphoreLeakDetected', 'HighErrorRate', 'WorkerCrashRate', 'DatabasePoolExhausted', 'HighQueueDepth', 'HighAPILatency', 'RedisMemoryHigh']);
  });

  it('evaluates every expression without error, and Prometheus loaded every rule', async () => {
    for (const rule of ALERTS) {
      const r = await query(rule.expr);
      expect(r.status, `${rule.alert}: ${r.error}`).toBe('success');
    }
    const rules = (await (await fetch(`${prometheus.base}/api/v1/rules`)).json()) as { data: { groups: Array<{ file: string; rules: Array<{ name: string; health: string; lastError?: string }> }> } };
    const loaded = rules.data.groups.filter((g) => g.file.endsWith('alerts.yml')).flatMap((g) => g.rules);
    expect(loaded.map((r) => r.name).sort()).toEqual(ALERTS.map((r) => r.alert).sort());
    for (const r of rules.data.groups.flatMap((g) => g.rules)) expect(r.health === 'ok' || r.health === 'unknown', `${r.name}: ${r.lastError}`).toBe(true);
  });

  it('also evaluates the rules @otelkit/mixin generated for the same names', async () => {
    const mixin = (parse(readFileSync(MIXIN_RULES, 'utf8')) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap((g) => g.rules);
    expect(mixin.map((r) => r.expr).join('\n')).toMatch(/autonomos_semaphore_leaked_slots/);
    for (const rule of mixin) {
      const r = await query(rule.expr);
      expect(r.status, `${rule.alert}: ${r.error}`).toBe('success');
    }
    // The mixin's semaphore leak alert sees the same leak as the runbook's.
    const leak = (await query(mixin.find((r) => r.alert === 'OtelkitSemaphoreLeak')!.expr)) as { data: { result: unknown[] } };
    expect(leak.data.result.length).toBeGreaterThanOrEqual(1);
  });

  it('sees the leak and the failing jobs the traffic caused', async () => {
    const expr = (name: string): string => ALERTS.find((r) => r.alert === name)!.expr;
    const leak = (await query(expr('SemaphoreLeakDetected'))) as { data: { result: Array<{ metric: Record<string, string> }> } };
    expect(leak.data.result.map((s) => s.metric.tenant_id)).toContain('tenant-789');
    const errors = (await query(expr('HighErrorRate'))) as { data: { result: unknown[] } };
    expect(errors.data.result.length).toBe(1);
  });
});

describe('dashboards: the runbook\'s three', () => {
  it('has each panel\'s queries evaluate with data', async () => {
    const dir = join(DIR, 'monitoring', 'dashboards');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(['autonomos-aam-intelligence.json', 'autonomos-job-queue.json', 'autonomos-system-overview.json']);
    const empty: string[] = [];
    for (const file of files) {
      const model = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
      expect(model.panels.length).toBeGreaterThanOrEqual(4);
      for (const target of model.panels.flatMap((p) => p.targets.map((t) => ({ title: p.title, expr: t.expr })))) {
        const r = await query(target.expr);
        expect(r.status, `${file} ${target.title}: ${r.error}`).toBe('success');
        if (r.data?.result.length === 0) empty.push(`${file} ${target.title}: ${target.expr}`);
      }
    }
    expect(empty).toEqual([]);
  });
});

describe('endpoints and logs', () => {
  it('answers with X-Trace-ID and the job, serves /metrics on the API port and /health', async () => {
    expect(probe.traceId).toMatch(TRACE_ID);
    expect(probe.failedTraceId).toMatch(TRACE_ID);
    expect(probe.traceId).not.toBe(probe.failedTraceId);
    await expect.poll(() => jobState(probe.jobId), { timeout: 15_000 }).toBe('completed');
    await expect.poll(() => jobState(probe.failedJobId), { timeout: 15_000 }).toBe('failed');
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^autonomos_api_requests_total\{/m);
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'healthy', redis: true, postgres: true });
    const bad = await fetch(`${base}/api/v1/bulk-mappings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-trace-id')).toMatch(TRACE_ID);
  });

  it('logs JSON lines with tenant_id, job_id, trace_id = X-Trace-ID and latency_ms, from the API and the worker', () => {
    const raw = app.stdout().split('\n').filter((l) => l.startsWith('{'));
    const lines = raw.map((l) => JSON.parse(l) as Record<string, unknown>);
    // One value per field: a key written twice is read differently by different JSON parsers.
    for (const l of raw.filter((r) => r.includes(probe.jobId))) for (const key of ['tenant_id', 'job_id', 'trace_id', 'latency_ms']) expect(l.split(`"${key}":`).length, l).toBeLessThanOrEqual(2);
    for (const [traceId, jobId, done] of [[probe.traceId, probe.jobId, 'Job completed'], [probe.failedTraceId, probe.failedJobId, 'Job failed']] as const) {
      const own = lines.filter((l) => l.job_id === jobId);
      const created = own.find((l) => l.message === 'Job created');
      const finished = own.find((l) => String(l.message).startsWith(done));
      for (const line of [created, finished]) {
        expect(line, `${done} ${jobId}`).toBeDefined();
        expect(line).toMatchObject({ tenant_id: probe.tenant, job_id: jobId, trace_id: traceId });
        expect(typeof line!.latency_ms).toBe('number');
        expect(Object.keys(line!)).toEqual(expect.arrayContaining(['timestamp', 'level', 'logger', 'message']));
        expect(Number.isNaN(Date.parse(String(line!.timestamp)))).toBe(false);
      }
      expect(created!.logger).toBe('app.api.v1.bulk_mappings');
      expect(finished!.level).toBe(done === 'Job failed' ? 'ERROR' : 'INFO');
    }
    // The runbook's LogQL: latency_ms on every request line, and the leak named in the message.
    expect(lines.filter((l) => l.message === 'Request completed' && typeof l.latency_ms === 'number').length).toBeGreaterThan(10);
    expect(lines.some((l) => /semaphore.*not released/i.test(String(l.message)))).toBe(true);
  });
});

describe('traces: one per request, across the API and the worker', () => {
  const ofTrace = (id: string): ReceivedSpan[] => receiver.spans().filter((s) => s.traceId === id);

  it('joins the job\'s worker spans to the trace of the request that enqueued it', async () => {
    await receiver.waitFor(() => ofTrace(probe.traceId).some((s) => s.resource['service.name'] === 'autonomos-worker' && s.kind === SPAN_KIND.CONSUMER), { timeoutMs: 15_000 });
    const spans = ofTrace(probe.traceId);
    const server = spans.find((s) => s.kind === SPAN_KIND.SERVER && s.resource['service.name'] === 'autonomos');
    expect(server?.name).toMatch(/POST \/api\/v1\/bulk-mappings/);
    expect(server?.attributes.tenant_id).toBe(probe.tenant);
    const producer = spans.find((s) => s.kind === SPAN_KIND.PRODUCER);
    const consumer = spans.find((s) => s.kind === SPAN_KIND.CONSUMER);
    expect(producer?.resource['service.name']).toBe('autonomos');
    expect(consumer?.resource['service.name']).toBe('autonomos-worker');
    expect(consumer?.attributes).toMatchObject({ tenant_id: probe.tenant, job_id: probe.jobId });
    // Parent chain: worker span -> ... -> the API's server span, which is the root.
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    let at: ReceivedSpan | undefined = consumer;
    while (at !== undefined && at.parentSpanId !== '') at = byId.get(at.parentSpanId);
    expect(at?.spanId).toBe(server?.spanId);
    // The worker's database work is in the same trace.
    expect(spans.some((s) => s.resource['service.name'] === 'autonomos-worker' && s.name !== consumer?.name)).toBe(true);
  });

  it('marks the failed job\'s spans with error status and tenant_id (tags.tenant_id=… tags.error=true)', async () => {
    await receiver.waitFor(() => ofTrace(probe.failedTraceId).some((s) => s.resource['service.name'] === 'autonomos-worker' && s.status.code === 2), { timeoutMs: 15_000 });
    const failed = ofTrace(probe.failedTraceId).filter((s) => s.status.code === 2 && s.attributes.tenant_id === probe.tenant);
    expect(failed.length).toBeGreaterThanOrEqual(1);
    // The completed job's trace has no error.
    expect(ofTrace(probe.traceId).filter((s) => s.status.code === 2)).toEqual([]);
  });

  it('has spans over 2 s with a tenant_id (duration>2s)', () => {
    const slow = receiver.spans().filter((s) => Number(BigInt(s.endTimeUnixNano) - BigInt(s.startTimeUnixNano)) / 1e9 > 2 && typeof s.attributes.tenant_id === 'string');
    expect(slow.length, trafficOutput).toBeGreaterThanOrEqual(1);
  });
});
