/**
 * Runbook 000's observability contract, end to end, against examples/job-platform: `npm start` (API
 * and worker under the preload, with real Redis, PostgreSQL and BullMQ) and `npm run traffic`, which
 * includes the failures the runbook's alerts watch for, while a real Prometheus scrapes both
 * processes as the runbook's job `autonomos`. Then:
 * - every metric the runbook's alert rules and queries name exists, with every label they select on
 *   or group by, and a series for every label matcher they use;
 * - every alert expression evaluates without error (as a query and as a loaded rule), the leak and
 *   error-rate alerts see what the traffic caused, and the example's alerts.yml is the runbook's;
 * - the rules @otelkit/mixin generates for the same naming, and each panel of the three dashboards,
 *   evaluate with data;
 * - log lines carry the runbook's fields, with a trace_id equal to the response's X-Trace-ID;
 * - the endpoints answer as the runbook says (X-Trace-ID, /metrics on the API port, /health);
 * - the API request and its job's worker spans are one trace (decoded by an OTLP receiver), with
 *   tenant_id and error status where the runbook's Jaeger queries look for them.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '@otelkit/testing';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { example, sleep, TRACE_ID } from '../../integration/helpers.js';
import {
  assertAlertsEvaluate,
  assertLogFields,
  assertRunbookMetrics,
  readRunbook,
  requestWithTrace,
  runTraffic,
  startExample,
  startExamplePrometheus,
  stopAll,
  type ExamplePrometheus,
  type RunningExample,
} from './harness.js';

const DIR = example('job-platform');
const CONTRACT = readRunbook('000');
const TRAFFIC_SECONDS = 20;
// What @otelkit/mixin generates for the example's naming (monitoring/generate.mjs).
const MIXIN_RULES = join(DIR, 'monitoring', 'generated', 'prometheus', 'rules', 'otelkit-alerts.yaml');
const SPAN_KIND = { SERVER: 2, PRODUCER: 4, CONSUMER: 5 } as const;
const PREFIX = `e2e-job-platform-${process.pid}`;
const TENANT = 'tenant-e2e';
// A tenant whose one job takes the connector-timeout path that forgets its semaphore slot.
const LEAKY = 'tenant-e2e-leak';
// The runbook's "Key Prometheus Queries" count `autonomos_jobs_total{status="running"}` (jobs started and
// not finished); the example's counter has finished jobs only, and no alert or dashboard uses that query.
const NOT_SERVED = [{ match: /status="running"/, reason: 'jobs_total counts finished jobs; only a key query (no alert or panel) asks for running ones' }];

let receiver: OtlpReceiver;
let app: RunningExample;
let prom: ExamplePrometheus;
const probe = { traceId: '', jobId: '', failedTraceId: '', failedJobId: '', leakJobId: '' };
let trafficOutput = '';

async function submit(body: Record<string, unknown>, tenant = TENANT): Promise<{ traceId: string; jobId: string }> {
  const r = await requestWithTrace(app, '/api/v1/bulk-mappings', { method: 'POST', headers: { 'content-type': 'application/json', 'x-tenant-id': tenant }, body: JSON.stringify(body) });
  expect(r.status, r.body).toBe(202);
  return { traceId: r.traceId, jobId: (JSON.parse(r.body) as { job_id: string }).job_id };
}
async function jobState(id: string): Promise<string> {
  const res = await fetch(`${app.baseUrl}/api/v1/jobs/${id}`);
  return ((await res.json()) as { state?: string }).state ?? `http ${res.status}`;
}
async function value(expr: string): Promise<number> {
  const r = await prom.query(expr);
  return r.data?.result[0]?.value === undefined ? NaN : Number(r.data.result[0].value[1]);
}
const ofTrace = (id: string): ReceivedSpan[] => receiver.spans().filter((s) => s.traceId === id);

afterAll(async () => {
  await stopAll();
  await receiver?.close();
  // The run's queue, semaphores and crash count (every key under its prefix).
  const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
  await redis.connect();
  for await (const keys of redis.scanStream({ match: `${PREFIX}:*`, count: 500 }) as AsyncIterable<string[]>) if (keys.length > 0) await redis.unlink(...keys);
  await redis.quit();
});

// Setup is a test of its own: it asserts (ready processes, the traffic's exit, the worker's restart).
it('starts API and worker, has Prometheus scrape both, and runs the traffic', async () => {
  receiver = await startOtlpReceiver();
  app = await startExample({
    name: 'job-platform',
    extraPorts: ['WORKER_METRICS_PORT'],
    env: {
      JOB_PLATFORM_PREFIX: PREFIX,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    },
  });
  await expect.poll(() => app.stdout().includes('job-platform worker worker-1 ready'), { timeout: 30_000 }).toBe(true);
  // The runbook's scrape target is the API's port (localhost:5000/metrics); the worker serves its own.
  prom = await startExamplePrometheus({
    targets: [`127.0.0.1:${app.port}`, `127.0.0.1:${app.ports.WORKER_METRICS_PORT}`],
    job: 'autonomos',
    runbook: CONTRACT,
    ruleFiles: [MIXIN_RULES],
  });
  await prom.waitForScrapes(2);

  // The probes, for a tenant of their own: one job that completes, one that fails.
  Object.assign(probe, await submit({ connector_type: 'hubspot', mappings: 12 }));
  const failed = await submit({ connector_type: 'hubspot', mappings: 4, simulate: 'fail' });
  probe.failedTraceId = failed.traceId;
  probe.failedJobId = failed.jobId;
  probe.leakJobId = (await submit({ connector_type: 'snowflake', mappings: 3, simulate: 'leak' }, LEAKY)).jobId;

  const traffic = await runTraffic(app, TRAFFIC_SECONDS);
  trafficOutput = traffic.stdout + traffic.stderr;
  expect(traffic.code, trafficOutput).toBe(0);
  // The worker came back from its crash; let the last jobs finish and Prometheus scrape again.
  await expect.poll(() => app.stdout().includes('Worker crash detected'), { timeout: 20_000 }).toBe(true);
  await sleep(3000);
}, 180_000);

describe('metrics: what the runbook queries', () => {
  it('has every metric its alerts and queries name, with the labels and values they select on', async () => {
    const report = await assertRunbookMetrics(prom, CONTRACT, { exclude: NOT_SERVED });
    // A parser that found no names would pass vacuously: these are the runbook's.
    expect(report.found).toEqual(expect.arrayContaining([
      'autonomos_queue_depth', 'autonomos_jobs_total', 'autonomos_job_duration_seconds_bucket', 'autonomos_semaphore_active_jobs', 'autonomos_semaphore_leaked_slots',
      'autonomos_api_requests_total', 'autonomos_api_latency_seconds_bucket', 'autonomos_dcl_graph_nodes', 'autonomos_dcl_graph_edges', 'autonomos_dcl_build_seconds_bucket',
      'autonomos_aam_drift_events_total', 'autonomos_aam_repairs_total', 'autonomos_db_connections', 'autonomos_db_query_seconds_bucket', 'autonomos_redis_memory_bytes',
      'autonomos_worker_crashes_total', 'up', 'process_cpu_seconds_total', 'process_resident_memory_bytes',
    ]));
  });

  it('has the job duration by tenant and job type (Dashboard 2: Job Duration P95 by job_type)', async () => {
    const durations = await prom.series('autonomos_job_duration_seconds_bucket');
    expect(new Set(durations.map((s) => s.job_type))).toEqual(new Set(['bulk_mapping', 'dcl_graph_build']));
    expect(durations.some((s) => s.tenant_id === TENANT && s.job_type === 'bulk_mapping')).toBe(true);
  });

  it('counts per tenant what the traffic did: failed jobs, leaked semaphore slots, a worker crash', async () => {
    // Over time: the probes ran before the worker's crash, and the restarted worker's counters start again.
    expect(await value(`sum(max_over_time(autonomos_jobs_total{status="failed",tenant_id="${TENANT}"}[5m]))`)).toBeGreaterThanOrEqual(1);
    expect(await value(`sum(max_over_time(autonomos_jobs_total{status="completed",tenant_id="${TENANT}"}[5m]))`)).toBeGreaterThanOrEqual(1);
    expect(await value(`max(autonomos_semaphore_leaked_slots{tenant_id="${LEAKY}"})`)).toBe(1);
    expect(await value('max(autonomos_semaphore_leaked_slots{tenant_id="tenant-789"})')).toBeGreaterThanOrEqual(1);
    expect(await value(`max(autonomos_semaphore_leaked_slots{tenant_id="${TENANT}"})`)).toBe(0);
    expect(await value('max(autonomos_worker_crashes_total)')).toBeGreaterThanOrEqual(1);
    expect(await value('sum(autonomos_db_connections{state="active"}) + sum(autonomos_db_connections{state="idle"})')).toBeGreaterThanOrEqual(1);
    expect(await value('max(autonomos_redis_memory_bytes)')).toBeGreaterThan(0);
  });
});

describe('alerts: the runbook\'s rules', () => {
  it('ships them unchanged in monitoring/alerts.yml', () => {
    const shipped = (parse(readFileSync(join(DIR, 'monitoring', 'alerts.yml'), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string; for: string }> }> }).groups.flatMap((g) => g.rules);
    const flat = (expr: string): string => expr.replace(/\s+/g, ' ').trim();
    expect(shipped.map((r) => ({ alert: r.alert, expr: flat(r.expr), for: r.for }))).toEqual(CONTRACT.alerts.map((a) => ({ alert: a.alert, expr: flat(a.expr), for: a.for })));
    expect(shipped.map((r) => r.alert)).toEqual(['SemaphoreLeakDetected', 'HighErrorRate', 'WorkerCrashRate', 'DatabasePoolExhausted', 'HighQueueDepth', 'HighAPILatency', 'RedisMemoryHigh']);
  });

  it('ships a Prometheus config that promtool accepts, with the runbook\'s and the mixin\'s rules', () => {
    const check = spawnSync('promtool', ['check', 'config', join(DIR, 'monitoring', 'prometheus.yml')], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout + check.stderr).toMatch(/SUCCESS: 7 rules found/);
  });

  it('evaluates every expression without error, as a query and as a loaded rule', async () => {
    expect((await assertAlertsEvaluate(prom, CONTRACT)).length).toBe(7);
  });

  it('sees the leak and the failing jobs the traffic caused', async () => {
    const expr = (name: string): string => CONTRACT.alerts.find((a) => a.alert === name)!.expr;
    const leak = await prom.query(expr('SemaphoreLeakDetected'));
    expect(leak.data?.result.map((s) => s.metric.tenant_id)).toEqual(expect.arrayContaining([LEAKY, 'tenant-789']));
    expect(leak.data?.result.map((s) => s.metric.tenant_id)).not.toContain(TENANT);
    const errors = await prom.query(expr('HighErrorRate'));
    expect(errors.data?.result.length).toBe(1);
  });

  it('evaluates the rules @otelkit/mixin generated for the same names, which see the same leak', async () => {
    const mixin = (parse(readFileSync(MIXIN_RULES, 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> }).groups.flatMap((g) => g.rules);
    expect(mixin.map((r) => r.expr).join('\n')).toMatch(/autonomos_semaphore_leaked_slots/);
    for (const rule of mixin) {
      const r = await prom.query(rule.expr);
      expect(r.status, `${rule.alert}: ${r.error}`).toBe('success');
    }
    const leak = await prom.query(mixin.find((r) => r.alert === 'OtelkitSemaphoreLeak')!.expr);
    // It sums over tenants, by semaphore: the worker's one semaphore `jobs`.
    expect(leak.data?.result.map((s) => s.metric.semaphore_name)).toEqual(['jobs']);
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
        const r = await prom.query(target.expr);
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
    expect(probe.traceId).not.toBe(probe.failedTraceId);
    await expect.poll(() => jobState(probe.jobId), { timeout: 15_000 }).toBe('completed');
    await expect.poll(() => jobState(probe.failedJobId), { timeout: 15_000 }).toBe('failed');
    const metrics = await fetch(`${app.baseUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^autonomos_api_requests_total\{/m);
    const health = await fetch(`${app.baseUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'healthy', redis: true, postgres: true });
    const bad = await fetch(`${app.baseUrl}/api/v1/bulk-mappings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-trace-id')).toMatch(TRACE_ID);
  });

  it('logs JSON lines with tenant_id, job_id, trace_id = X-Trace-ID and latency_ms, from the API and the worker', () => {
    const fields = ['timestamp', 'level', 'logger', 'message', 'tenant_id', 'job_id', 'trace_id', 'latency_ms'];
    for (const [traceId, jobId, done] of [[probe.traceId, probe.jobId, 'Job completed'], [probe.failedTraceId, probe.failedJobId, 'Job failed']] as const) {
      const own = assertLogFields(app.logs(), fields, { where: (l) => l.job_id === jobId && (l.message === 'Job created' || String(l.message).startsWith(done)), atLeast: 2 });
      for (const line of own) expect(line).toMatchObject({ tenant_id: TENANT, job_id: jobId, trace_id: traceId });
      expect(own.map((l) => l.logger).sort()).toEqual(['app.api.v1.bulk_mappings', 'app.workers.mapping_worker']);
      expect(own.find((l) => l.message !== 'Job created')!.level).toBe(done === 'Job failed' ? 'ERROR' : 'INFO');
    }
    // One value per field: a key written twice is read differently by different JSON parsers.
    for (const raw of app.stdout().split('\n').filter((l) => l.includes(probe.jobId))) {
      for (const key of ['tenant_id', 'job_id', 'trace_id', 'latency_ms']) expect(raw.split(`"${key}":`).length, raw).toBeLessThanOrEqual(2);
    }
    // The runbook's LogQL: latency_ms on request lines, and semaphore leaks named in the message.
    expect(app.logs().filter((l) => l.message === 'Request completed' && typeof l.latency_ms === 'number').length).toBeGreaterThan(10);
    const leakLine = app.logs().find((l) => l.job_id === probe.leakJobId && l.level === 'ERROR');
    expect(leakLine?.message).toMatch(/semaphore slot not released/);
  });
});

describe('traces: one per request, across the API and the worker', () => {
  it('joins the job\'s worker spans to the trace of the request that enqueued it', async () => {
    await receiver.waitFor(() => ofTrace(probe.traceId).some((s) => s.resource['service.name'] === 'autonomos-worker' && s.kind === SPAN_KIND.CONSUMER), { timeoutMs: 15_000 });
    const spans = ofTrace(probe.traceId);
    const server = spans.find((s) => s.kind === SPAN_KIND.SERVER && s.resource['service.name'] === 'autonomos');
    expect(server?.name).toBe('POST /api/v1/bulk-mappings');
    expect(server?.attributes.tenant_id).toBe(TENANT);
    const producer = spans.find((s) => s.kind === SPAN_KIND.PRODUCER);
    const consumer = spans.find((s) => s.kind === SPAN_KIND.CONSUMER);
    expect(producer?.resource['service.name']).toBe('autonomos');
    expect(consumer?.resource['service.name']).toBe('autonomos-worker');
    expect(consumer?.attributes).toMatchObject({ tenant_id: TENANT, job_id: probe.jobId });
    // Parent chain: worker span -> producer -> ... -> the API's server span, the root.
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    let at: ReceivedSpan | undefined = consumer;
    const chain: string[] = [];
    while (at !== undefined && at.parentSpanId !== '') {
      chain.push(at.name);
      at = byId.get(at.parentSpanId);
    }
    expect(at?.spanId, chain.join(' <- ')).toBe(server?.spanId);
    // The worker's own work (database, AAM scan) is in the same trace.
    expect(spans.filter((s) => s.resource['service.name'] === 'autonomos-worker').map((s) => s.name)).toEqual(expect.arrayContaining(['aam.drift_scan']));
  });

  it('marks the failed job\'s spans with error status and tenant_id (tags.tenant_id=… tags.error=true)', async () => {
    await receiver.waitFor(() => ofTrace(probe.failedTraceId).some((s) => s.resource['service.name'] === 'autonomos-worker' && s.status.code === 2), { timeoutMs: 15_000 });
    const failed = ofTrace(probe.failedTraceId).filter((s) => s.status.code === 2 && s.attributes.tenant_id === TENANT);
    expect(failed.map((s) => s.resource['service.name'])).toContain('autonomos-worker');
    expect(ofTrace(probe.traceId).filter((s) => s.status.code === 2)).toEqual([]);
  });

  it('has spans over 2 s with a tenant_id (duration>2s)', () => {
    const slow = receiver.spans().filter((s) => Number(BigInt(s.endTimeUnixNano) - BigInt(s.startTimeUnixNano)) / 1e9 > 2 && typeof s.attributes.tenant_id === 'string');
    expect(slow.length, trafficOutput).toBeGreaterThanOrEqual(1);
  });
});
