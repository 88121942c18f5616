/**
 * The agent-orchestrator example (runbook 004) against its contract, through the examples' harness:
 * `npm start` on free ports with an OTLP receiver, its own traffic script (`npm run traffic`), and a
 * real Prometheus scraping /metrics on the app port (where the runbook serves it) and evaluating the
 * example's alert rules. Then:
 * - the runbook's key metrics exist, and every series the alerts and dashboards read exists with
 *   every label value they select and every label they group by;
 * - every alert rule evaluates without error, and every dashboard query runs;
 * - JSON log lines carry the event fields and `trace_id` equal to the response's X-Trace-ID, and the
 *   spans of that trace reach the receiver;
 * - /health, /ready, /live, /status and /metrics answer as documented, including a failing database;
 * - traces and metrics switched off and on at run time (POST /admin/observability).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardQueries, substituteVariables } from '@otelkit/mixin';
import { parseExposition } from '@otelkit/testing/prometheus';
import type { OtlpReceiver } from '@otelkit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { disposeAll, example, newReceiver, sleep, TRACE_ID } from '../../integration/helpers.js';
import {
  assertAlertsEvaluate,
  assertLogFields,
  assertRunbookMetrics,
  parsePromql,
  readRunbook,
  requestWithTrace,
  runTraffic,
  startExample,
  startExamplePrometheus,
  stopAll,
  type ExamplePrometheus,
  type JsonLogLine,
  type RunbookContract,
  type RunningExample,
} from './harness.js';

const DIR = example('agent-orchestrator');
const ALERTS = join(DIR, 'prometheus', 'alerts.yaml');
const TRAFFIC_SECONDS = 8;
const RATE_INTERVAL = '10s';

const alertRules = (parse(readFileSync(ALERTS, 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string; for?: string }> }> }).groups.flatMap((g) => g.rules);
const dashboards = readdirSync(join(DIR, 'dashboards'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(DIR, 'dashboards', f), 'utf8')) as Record<string, unknown>);
const panelQueries = dashboards.flatMap(dashboardQueries).map((q) => ({ ...q, expr: substituteVariables(q.expr, { rateInterval: RATE_INTERVAL }) }));

/**
 * The runbook names its metrics (the "Key Metrics" listing) but writes no PromQL: the expressions are
 * the example's alerts and dashboards, held to the runbook's names.
 */
const contract: RunbookContract = {
  file: 'examples/agent-orchestrator/prometheus/alerts.yaml and dashboards/',
  alerts: alertRules.map((r) => ({ expr: r.expr, source: 'alert', alert: r.alert, ...(r.for === undefined ? {} : { for: r.for }), line: 0, ...parsePromql(r.expr) })),
  queries: panelQueries.map((q) => ({ expr: q.expr, source: 'query', line: 0, ...parsePromql(q.expr) })),
  declared: [],
};

describe('examples/agent-orchestrator against runbook 004', () => {
  let app: RunningExample;
  let receiver: OtlpReceiver;
  let prometheus: ExamplePrometheus;
  const query = (expr: string): ReturnType<ExamplePrometheus['query']> => prometheus.query(expr);
  const logLines = (): JsonLogLine[] => app.logs();
  const post = (path: string, body: unknown): Promise<Response> => fetch(`${app.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const scrapeValue = async (name: string): Promise<number> => {
    const samples = parseExposition(await (await fetch(`${app.baseUrl}/metrics`)).text()).samples.filter((s) => s.name === name);
    return samples.reduce((sum, s) => sum + s.value, 0);
  };

  // Started by the first test that needs it (expect.poll, used while starting Prometheus, works in tests only).
  let started: Promise<void> | undefined;
  const running = (): Promise<void> => (started ??= setup());
  async function setup(): Promise<void> {
    receiver = await newReceiver();
    app = await startExample({
      name: 'agent-orchestrator',
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_BSP_SCHEDULE_DELAY: '50',
        OTELKIT_HEALTH_CACHE: '100',
        AET_CYCLE_MS: '200',
      },
    });
    // The runbook serves /metrics on the app port: Prometheus scrapes that one, as job agent-orchestrator.
    prometheus = await startExamplePrometheus({ targets: [`127.0.0.1:${app.port}`], job: 'agent-orchestrator', ruleFiles: [ALERTS] });
    const traffic = await runTraffic(app, TRAFFIC_SECONDS, { args: ['--incident-every', '12'] });
    expect(traffic.code, traffic.stdout + traffic.stderr).toBe(0);
    const summary = JSON.parse(traffic.stdout.trim().split('\n').at(-1)!) as { by_status: Record<string, number>; connection_errors: number };
    expect(summary.connection_errors).toBe(0);
    expect(summary.by_status['200']).toBeGreaterThan(50);
    expect(summary.by_status['500']).toBeGreaterThan(0); // the failures the alerts watch for
    await prometheus.waitForScrapes(3);
    await sleep(2000); // rule evaluations after the last traffic
  }

  afterAll(async () => {
    await stopAll();
    await disposeAll();
  });

  it('Prometheus scrapes the app port and every alert rule evaluates without error', { timeout: 120_000 }, async () => {
    await running();
    const targets = (await (await fetch(`${prometheus.base}/api/v1/targets`)).json()) as { data: { activeTargets: Array<{ health: string; lastError: string }> } };
    expect(targets.data.activeTargets.map((t) => `${t.health} ${t.lastError}`)).toEqual(['up ']);
    expect((await prometheus.rules()).map((r) => r.name).sort()).toEqual(alertRules.map((r) => r.alert).sort());
    expect((await assertAlertsEvaluate(prometheus, contract)).length).toBe(alertRules.length);
  });

  it("the runbook's key metrics exist, and every series the alerts and dashboards read, with the label values they select and the labels they group by", { timeout: 120_000 }, async () => {
    await running();
    // The runbook lists histograms by family name; Prometheus stores their _count, _sum and _bucket series.
    const families = parseExposition(await (await fetch(`${app.baseUrl}/metrics`)).text()).families;
    const declared = readRunbook('004').declared.map((d) => (families.get(d.metric)?.type === 'histogram' ? { ...d, metric: `${d.metric}_count` } : d));
    expect(declared.length).toBe(8);
    const { found } = await assertRunbookMetrics(prometheus, { ...contract, declared }, { declared: true });
    for (const name of ['aet_tasks_total', 'aet_task_duration_seconds_count', 'aet_events_total', 'aet_agent_response_seconds_bucket', 'up']) expect(found).toContain(name);
  });

  it('every dashboard query runs, and the panels of the runbook metrics have data', { timeout: 120_000 }, async () => {
    await running();
    expect(dashboards.map((d) => d['title']).sort()).toEqual(['AET / Agent Performance', 'AET / Error Tracking', 'AET / Resource Usage', 'AET / System Overview']);
    const failures: string[] = [];
    for (const q of panelQueries) {
      const answer = await query(q.expr);
      if (answer.status !== 'success') failures.push(`${q.dashboard} / ${q.panel}: ${answer.error}`);
      // "Failing health checks" is empty while every check passes.
      else if ((answer.data?.result.length ?? 0) === 0 && q.panel !== 'Failing health checks') failures.push(`${q.dashboard} / ${q.panel}: no series for ${q.expr}`);
    }
    expect(failures).toEqual([]);
  });

  it('the runbook key metrics are on /metrics, on the app port and on OTEL_EXPORTER_PROMETHEUS_PORT', { timeout: 120_000 }, async () => {
    await running();
    const names = ['aet_tasks_total', 'aet_task_duration_seconds', 'aet_active_tasks', 'aet_agent_requests_total', 'aet_agent_response_seconds', 'aet_cpu_usage_percent', 'aet_memory_usage_bytes', 'aet_events_total'];
    for (const url of [`${app.baseUrl}/metrics`, `http://127.0.0.1:${app.metricsPort}/metrics`]) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const parsed = parseExposition(await res.text());
      expect(parsed.problems).toEqual([]);
      for (const name of names) expect([...parsed.families.keys()], url).toContain(name);
      const tasks = parsed.samples.filter((s) => s.name === 'aet_tasks_total');
      expect(new Set(tasks.map((s) => s.labels['status']))).toEqual(new Set(['success', 'failure']));
      expect(new Set(tasks.map((s) => s.labels['task_type']))).toEqual(new Set(['feature', 'bugfix', 'review', 'docs']));
    }
  });

  it('log lines carry the event fields and trace_id = X-Trace-ID; the trace reaches the receiver', { timeout: 120_000 }, async () => {
    await running();
    const json = { method: 'POST', headers: { 'content-type': 'application/json' } };
    const ok = await requestWithTrace(app, '/tasks', { ...json, body: JSON.stringify({ type: 'bugfix' }) });
    const okBody = JSON.parse(ok.body) as { task_id: string };
    const failed = await requestWithTrace(app, '/tasks', { ...json, body: JSON.stringify({ type: 'feature', fail_agent: 'developer' }) });
    expect(failed.status).toBe(500);
    const failedBody = JSON.parse(failed.body) as { task_id: string; error: string };
    const failedTrace = failed.traceId;

    await expect.poll(() => logLines().filter((l) => l['trace_id'] === failedTrace).length, { timeout: 5000 }).toBe(3);
    await expect.poll(() => logLines().filter((l) => l['trace_id'] === ok.traceId).length, { timeout: 5000 }).toBe(2);
    const okLines = assertLogFields(logLines(), ['timestamp', 'level', 'logger', 'message', 'event_type', 'task_id', 'task_type', 'span_id', 'trace_flags'], { where: (l) => l['trace_id'] === ok.traceId, atLeast: 2 });
    expect(okLines.map((l) => l['event_type'])).toEqual(['task_started', 'task_completed']);
    for (const line of okLines) {
      expect(line).toMatchObject({ logger: 'aet.orchestrator', task_id: okBody.task_id, task_type: 'bugfix', trace_flags: '01' });
      expect(Date.parse(String(line['timestamp']))).not.toBeNaN();
    }
    expect(okLines[1]).toMatchObject({ level: 'INFO', status: 'success', message: 'Task completed' });
    expect(typeof okLines[1]!['duration_ms']).toBe('number');
    const failedLines = logLines().filter((l) => l['trace_id'] === failedTrace);
    expect(failedLines.map((l) => `${String(l['level'])} ${String(l['event_type'])}`)).toEqual(['INFO task_started', 'WARN agent_error', 'ERROR task_failed']);
    expect(failedLines[2]).toMatchObject({ task_id: failedBody.task_id, agent: 'developer', status: 'failure', error: failedBody.error });
    expect(failedTrace).toMatch(TRACE_ID);

    // aet.task, then per agent call (architect, developer) aet.agent.execute and aet.context.assemble, then aet.registry.update.
    await expect.poll(() => receiver.spans().filter((s) => s.traceId === failedTrace).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(6);
    const trace = receiver.spans().filter((s) => s.traceId === failedTrace);
    const names = trace.map((s) => s.name);
    for (const name of ['aet.task', 'aet.agent.execute', 'aet.context.assemble', 'aet.registry.update']) expect(names).toContain(name);
    const task = trace.find((s) => s.name === 'aet.task')!;
    expect(task.status.code).toBe(2); // ERROR
    expect(task.attributes['aet.task.id']).toBe(failedBody.task_id);
  });

  it('/health, /ready, /live and /status answer as documented, and a failing database turns them 503', { timeout: 120_000 }, async () => {
    await running();
    const health = await fetch(`${app.baseUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'healthy', dependencies: { database: 'ok', orchestrator: 'ok', agents: 'ok' } });
    const ready = await fetch(`${app.baseUrl}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    expect((await fetch(`${app.baseUrl}/live`)).status).toBe(200);
    const status = (await (await fetch(`${app.baseUrl}/status`)).json()) as Record<string, Record<string, unknown>>;
    expect(status['tasks']).toMatchObject({ active: 0 });
    expect((status['tasks']!['by_status'] as Record<string, number>)['success']).toBeGreaterThan(0);
    expect(status['agents']).toHaveLength(5);
    const observability = status['observability'] as { sdk: boolean; overhead: { tasks_measured: number; telemetry_calls: number; overhead_percent: number; avg_overhead_ms: number; within_target: boolean } };
    expect(observability).toMatchObject({ sdk: true, tracing: true, metrics: true });
    const overhead = observability.overhead;
    expect(overhead.tasks_measured).toBeGreaterThan(50);
    expect(overhead.telemetry_calls).toBeGreaterThan(overhead.tasks_measured);
    expect(overhead.overhead_percent).toBeGreaterThan(0);
    expect(overhead.avg_overhead_ms).toBeGreaterThan(0);
    expect(overhead.within_target).toBe(overhead.overhead_percent < 5);

    await post('/admin/database', { down: true });
    try {
      await expect.poll(async () => (await fetch(`${app.baseUrl}/health`)).status, { timeout: 5000 }).toBe(503);
      const body = (await (await fetch(`${app.baseUrl}/ready`)).json()) as { status: string; failed: string[] };
      expect(body).toMatchObject({ status: 'not_ready', reason: 'checks_failed', failed: ['database'] });
      // The health gauge follows, and the runbook's alert expression selects the failing check.
      await expect
        .poll(async () => (await query('min by (job, instance, check) (aet_health_check_status) == 0')).data?.result.map((r) => r.metric['check']), { timeout: 10_000 })
        .toEqual(['database']);
    } finally {
      await post('/admin/database', { down: false });
    }
    await expect.poll(async () => (await fetch(`${app.baseUrl}/ready`)).status, { timeout: 5000 }).toBe(200);
  });

  it('AET_TRACING_ENABLED=false and AET_METRICS_ENABLED=false start it with both off; it serves tasks and turns them on', { timeout: 120_000 }, async () => {
    await running();
    const dark = await startExample({ name: 'agent-orchestrator', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '50', AET_TRACING_ENABLED: 'false', AET_METRICS_ENABLED: 'false' } });
    try {
      const status = (await (await fetch(`${dark.baseUrl}/status`)).json()) as { observability: Record<string, unknown> };
      expect(status.observability).toMatchObject({ sdk: true, tracing: false, metrics: false });
      const res = await fetch(`${dark.baseUrl}/tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'docs' }) });
      expect(res.status).toBe(200);
      const darkTrace = res.headers.get('x-trace-id')!;
      expect(darkTrace).toMatch(TRACE_ID);
      const metrics = parseExposition(await (await fetch(`${dark.baseUrl}/metrics`)).text()).samples;
      expect(metrics.filter((m) => m.name === 'aet_tasks_total')).toEqual([]);
      await sleep(500);
      expect(receiver.spans().filter((sp) => sp.traceId === darkTrace)).toEqual([]);
      const on = await fetch(`${dark.baseUrl}/admin/observability`, { method: 'POST', body: JSON.stringify({ tracing: true, metrics: true }) });
      expect(await on.json()).toEqual({ sdk: true, tracing: true, metrics: true });
    } finally {
      await dark.stop();
    }
  });

  it('traces and metrics switch off and on at run time, and the app keeps answering', { timeout: 120_000 }, async () => {
    await running();
    const off = await post('/admin/observability', { tracing: false, metrics: false });
    expect(await off.json()).toEqual({ sdk: true, tracing: false, metrics: false });
    try {
      const before = await scrapeValue('aet_tasks_total');
      const dark = await post('/tasks', { type: 'review' });
      expect(dark.status).toBe(200);
      const darkTrace = dark.headers.get('x-trace-id')!;
      expect(darkTrace).toMatch(TRACE_ID);
      // Logs still correlate (the trace is not sampled), nothing is counted, nothing is exported.
      await expect.poll(() => logLines().filter((l) => l['trace_id'] === darkTrace).map((l) => l['trace_flags']), { timeout: 5000 }).toEqual(['00', '00']);
      expect(await scrapeValue('aet_tasks_total')).toBe(before);
      const status = (await (await fetch(`${app.baseUrl}/status`)).json()) as { observability: Record<string, unknown> };
      expect(status.observability).toMatchObject({ tracing: false, metrics: false });
      await sleep(500);
      expect(receiver.spans().filter((s) => s.traceId === darkTrace)).toEqual([]);
    } finally {
      await post('/admin/observability', { tracing: true, metrics: true });
    }
    const before = await scrapeValue('aet_tasks_total');
    const lit = await post('/tasks', { type: 'review' });
    const litTrace = lit.headers.get('x-trace-id')!;
    expect(await scrapeValue('aet_tasks_total')).toBe(before + 1);
    await expect.poll(() => receiver.spans().filter((s) => s.traceId === litTrace).length, { timeout: 10_000 }).toBeGreaterThan(3);
  });
});
