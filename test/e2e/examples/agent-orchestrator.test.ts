/**
 * The agent-orchestrator example (runbook 004) against its contract: the app runs under the preload
 * with an OTLP receiver, its own traffic script drives it, and a real Prometheus scrapes its /metrics
 * (the app port, as the runbook serves it) and evaluates the example's alert rules. Then:
 * - every series the alerts and dashboards read exists with every label value they select on, and
 *   every label they group by;
 * - every alert rule evaluates without error, and every dashboard query runs;
 * - JSON log lines carry the runbook's event fields and `trace_id` equal to the response's X-Trace-ID,
 *   and the spans of that trace reach the receiver;
 * - /health, /ready, /live, /status and /metrics answer as documented, including a failing database;
 * - traces and metrics switched off and on at run time (POST /admin/observability).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardQueries, promqlMetricNames, substituteVariables } from '@otelkit/mixin';
import { parseExposition } from '@otelkit/testing/prometheus';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { disposeAll, example, freePort, sleep, startScenario, TRACE_ID, type Scenario } from '../../integration/helpers.js';
import { startPrometheus, type PrometheusServer } from '../prometheus-server.js';

const DIR = example('agent-orchestrator');
const TRAFFIC_SECONDS = 8;
const RATE_INTERVAL = '10s';

interface AlertRule {
  alert: string;
  expr: string;
}
const alertRules = (parse(readFileSync(join(DIR, 'prometheus', 'alerts.yaml'), 'utf8')) as { groups: Array<{ rules: AlertRule[] }> }).groups.flatMap((g) => g.rules);
const dashboards = readdirSync(join(DIR, 'dashboards'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(DIR, 'dashboards', f), 'utf8')) as Record<string, unknown>);
const panelQueries = dashboards.flatMap(dashboardQueries).map((q) => ({ ...q, expr: substituteVariables(q.expr, { rateInterval: RATE_INTERVAL }) }));

/** Each `name{matchers}` of an expression, and the labels of its `by (...)` / `on (...)` lists. */
function selectorsOf(expr: string): { selectors: string[]; groupLabels: string[] } {
  const selectors = [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{([^}]*)\}/g)].map((m) => `${m[1]}{${m[2]}}`);
  const bare = promqlMetricNames(expr).filter((name) => !selectors.some((s) => s.startsWith(`${name}{`)));
  const groupLabels = [...expr.matchAll(/\b(?:by|on|ignoring)\s*\(([^)]*)\)/g)].flatMap((m) => m[1]!.split(',').map((l) => l.trim()).filter(Boolean));
  return { selectors: [...selectors, ...bare], groupLabels };
}

interface Answer {
  status: string;
  error?: string;
  data?: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

interface LogLine {
  level: string;
  timestamp: string;
  logger: string;
  message: string;
  trace_id?: string;
  trace_flags?: string;
  event_type?: string;
  [field: string]: unknown;
}

describe('examples/agent-orchestrator against runbook 004', () => {
  let app: Scenario;
  let prometheus: PrometheusServer;
  let promPort: number;
  const query = async (expr: string): Promise<Answer> => (await (await fetch(`${prometheus.base}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as Answer;
  const logLines = (): LogLine[] =>
    app.app
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);
  const post = (path: string, body: unknown): Promise<Response> => fetch(`${app.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const scrapeValue = async (name: string): Promise<number> => {
    const samples = parseExposition(await (await fetch(`${app.baseUrl}/metrics`)).text()).samples.filter((s) => s.name === name);
    return samples.reduce((sum, s) => sum + s.value, 0);
  };

  // Started by the first test that needs it (expect.poll, used while starting Prometheus, works in tests only).
  let started: Promise<void> | undefined;
  const running = (): Promise<void> => (started ??= setup());
  async function setup(): Promise<void> {
    promPort = await freePort();
    app = await startScenario({
      entry: join(DIR, 'app.js'),
      cwd: DIR,
      // As npm start runs it: the runbook's names for the task metrics.
      nodeArgs: [`--env-file=${join(DIR, 'metrics-naming.env')}`],
      timeoutMs: 170_000,
      env: {
        OTEL_SERVICE_NAME: 'agent-orchestrator',
        OTEL_METRICS_EXPORTER: 'prometheus',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(promPort),
        OTELKIT_HEALTH_CACHE: '100',
        AET_CYCLE_MS: '200',
      },
    });
    prometheus = await startPrometheus({
      config: (dir) => {
        copyFileSync(join(DIR, 'prometheus', 'alerts.yaml'), join(dir, 'alerts.yaml'));
        const config = join(dir, 'prometheus.yml');
        writeFileSync(
          config,
          ['global: { scrape_interval: 1s, evaluation_interval: 1s }', 'rule_files: [alerts.yaml]', 'scrape_configs:', '  - job_name: agent-orchestrator', `    static_configs: [{ targets: ['127.0.0.1:${app.port}'] }]`, ''].join('\n'),
        );
        return config;
      },
    });
    const traffic = spawn(process.execPath, [join(DIR, 'traffic.mjs'), '--seconds', String(TRAFFIC_SECONDS), '--url', app.baseUrl, '--incident-every', '12'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    traffic.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => traffic.once('exit', resolve));
    expect(code, output).toBe(0);
    const summary = JSON.parse(output.trim().split('\n').at(-1)!) as { by_status: Record<string, number>; connection_errors: number };
    expect(summary.connection_errors).toBe(0);
    expect(summary.by_status['200']).toBeGreaterThan(50);
    expect(summary.by_status['500']).toBeGreaterThan(0); // the failures the alerts watch for
    await sleep(2500); // two more scrapes and rule evaluations
  }

  afterAll(async () => {
    prometheus?.stop();
    await disposeAll();
  });

  it('Prometheus scrapes the app port and every alert rule evaluates without error', { timeout: 120_000 }, async () => {
    await running();
    const targets = (await (await fetch(`${prometheus.base}/api/v1/targets`)).json()) as { data: { activeTargets: Array<{ health: string; lastError: string }> } };
    expect(targets.data.activeTargets.map((t) => `${t.health} ${t.lastError}`)).toEqual(['up ']);
    const rules = (await (await fetch(`${prometheus.base}/api/v1/rules`)).json()) as { data: { groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> } };
    const evaluated = rules.data.groups.flatMap((g) => g.rules);
    expect(evaluated.map((r) => r.name).sort()).toEqual(alertRules.map((r) => r.alert).sort());
    expect(evaluated.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.health} ${r.lastError ?? ''}`)).toEqual([]);
    for (const rule of alertRules) expect((await query(rule.expr)).status, rule.alert).toBe('success');
  });

  it('every series the alerts and dashboards read exists, with the label values they select and the labels they group by', { timeout: 120_000 }, async () => {
    await running();
    const exprs = [...alertRules.map((r) => r.expr), ...panelQueries.map((q) => q.expr)];
    const missing: string[] = [];
    for (const expr of exprs) {
      const { selectors, groupLabels } = selectorsOf(expr);
      expect(selectors.length, expr).toBeGreaterThan(0);
      const labelsSeen = new Set<string>();
      for (const selector of selectors) {
        const found = await query(selector);
        if (found.status !== 'success' || (found.data?.result.length ?? 0) === 0) missing.push(`${selector} (in ${expr})`);
        for (const series of found.data?.result ?? []) for (const label of Object.keys(series.metric)) labelsSeen.add(label);
      }
      for (const label of groupLabels) if (!labelsSeen.has(label)) missing.push(`label ${label} (grouped by in ${expr})`);
    }
    expect(missing).toEqual([]);
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
    for (const url of [`${app.baseUrl}/metrics`, `http://127.0.0.1:${promPort}/metrics`]) {
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
    const ok = await post('/tasks', { type: 'bugfix' });
    const okBody = (await ok.json()) as { task_id: string; status: string };
    const okTrace = ok.headers.get('x-trace-id')!;
    expect(okTrace).toMatch(TRACE_ID);
    const failed = await post('/tasks', { type: 'feature', fail_agent: 'developer' });
    expect(failed.status).toBe(500);
    const failedBody = (await failed.json()) as { task_id: string; error: string };
    const failedTrace = failed.headers.get('x-trace-id')!;

    await expect.poll(() => logLines().filter((l) => l.trace_id === failedTrace).length, { timeout: 5000 }).toBe(3);
    const okLines = logLines().filter((l) => l.trace_id === okTrace);
    expect(okLines.map((l) => l.event_type)).toEqual(['task_started', 'task_completed']);
    for (const line of okLines) {
      expect(line).toMatchObject({ logger: 'aet.orchestrator', task_id: okBody.task_id, task_type: 'bugfix', trace_flags: '01' });
      expect(Date.parse(line.timestamp)).not.toBeNaN();
    }
    expect(okLines[1]).toMatchObject({ level: 'INFO', status: 'success', message: 'Task completed' });
    expect(typeof okLines[1]!['duration_ms']).toBe('number');
    const failedLines = logLines().filter((l) => l.trace_id === failedTrace);
    expect(failedLines.map((l) => `${l.level} ${l.event_type}`)).toEqual(['INFO task_started', 'WARN agent_error', 'ERROR task_failed']);
    expect(failedLines[2]).toMatchObject({ task_id: failedBody.task_id, agent: 'developer', status: 'failure', error: failedBody.error });

    // aet.task, then per agent call (architect, developer) aet.agent.execute and aet.context.assemble, then aet.registry.update.
    await expect.poll(() => app.receiver.spans().filter((s) => s.traceId === failedTrace).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(6);
    const trace = app.receiver.spans().filter((s) => s.traceId === failedTrace);
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
    const observability = status['observability'] as { sdk: boolean; tracing: boolean; metrics: boolean; overhead: Record<string, number | boolean> };
    expect(observability).toMatchObject({ sdk: true, tracing: true, metrics: true });
    expect(observability.overhead['tasks_measured']).toBeGreaterThan(50);
    expect(observability.overhead['telemetry_calls']).toBeGreaterThan(observability.overhead['tasks_measured'] as number);
    expect(observability.overhead['overhead_percent']).toBeGreaterThan(0);
    expect(observability.overhead['within_target']).toBe(observability.overhead['overhead_percent'] < 5);

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
      await expect.poll(() => logLines().filter((l) => l.trace_id === darkTrace).map((l) => l.trace_flags), { timeout: 5000 }).toEqual(['00', '00']);
      expect(await scrapeValue('aet_tasks_total')).toBe(before);
      const status = (await (await fetch(`${app.baseUrl}/status`)).json()) as { observability: Record<string, unknown> };
      expect(status.observability).toMatchObject({ tracing: false, metrics: false });
      await sleep(500);
      expect(app.receiver.spans().filter((s) => s.traceId === darkTrace)).toEqual([]);
    } finally {
      await post('/admin/observability', { tracing: true, metrics: true });
    }
    const before = await scrapeValue('aet_tasks_total');
    const lit = await post('/tasks', { type: 'review' });
    const litTrace = lit.headers.get('x-trace-id')!;
    expect(await scrapeValue('aet_tasks_total')).toBe(before + 1);
    await expect.poll(() => app.receiver.spans().filter((s) => s.traceId === litTrace).length, { timeout: 10_000 }).toBeGreaterThan(3);
  });
});
