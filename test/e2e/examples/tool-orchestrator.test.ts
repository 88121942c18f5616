/**
 * Contract of examples/tool-orchestrator against its monitoring playbook (runbook 002), through the
 * examples harness: the generated rules are current, `npm start` runs the example under the preload,
 * a real Prometheus scrapes it every second with the playbook's alerts, its KPI thresholds as rules
 * and the generated SLO and otelkit rules loaded, `npm run traffic` drives it, and
 * - every series the playbook's alerts read and every metric it lists exists with its labels;
 * - every playbook alert expression evaluates without error, every rule group is healthy, the SLO
 *   recording rules have values, and HighErrorRate, ToolSuccessRateLow and RateLimitUtilizationHigh
 *   go pending under the traffic's failures;
 * - every query of the example's dashboard returns series;
 * - log lines carry the playbook's fields and a trace_id equal to the response's X-Trace-ID;
 * - the request's trace, with one span per tool, reaches the OTLP traces endpoint.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { example, newReceiver } from '../../integration/helpers.js';
import { alertState, expectDashboardAnswers, expectRuleFileMatches, scalar } from './checks.js';
import { assertAlertsEvaluate, assertLogFields, assertRunbookMetrics, readRunbook, requestWithTrace, runTraffic, startExample, startExamplePrometheus, stopAll } from './harness.js';

afterAll(stopAll);

const DIR = example('tool-orchestrator');
const GENERATED = join(DIR, 'monitoring', 'generated', 'prometheus', 'rules');
const JOB = 'tool-orchestrator';

describe('examples/tool-orchestrator: the playbook contract', () => {
  it('serves the metrics, alerts, dashboards, logs and traces the playbook names', { timeout: 180_000 }, async () => {
    const contract = readRunbook('002');
    expectRuleFileMatches(join(DIR, 'monitoring', 'runbook-alerts.yaml'), contract);
    // The committed rules and dashboards are what the generator makes from slo.yaml and example.env.
    const generated = spawnSync(process.execPath, [join(DIR, 'monitoring', 'generate.mjs'), '--check'], { encoding: 'utf8' });
    expect(generated.status, generated.stdout + generated.stderr).toBe(0);

    const receiver = await newReceiver();
    const ex = await startExample({ name: 'tool-orchestrator', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '50' } });
    const prom = await startExamplePrometheus({ targets: [ex], job: JOB, runbook: contract, ruleFiles: [join(DIR, 'monitoring', 'kpi-alerts.yaml'), join(GENERATED, 'otelkit-slo.yaml'), join(GENERATED, 'otelkit-alerts.yaml')] });

    // One request of our own, followed through logs and traces.
    const traced = await requestWithTrace(ex, '/orchestrate', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': 'req-12345' },
      body: JSON.stringify({ prompt: 'search the latest news and compute the total of 2 and 3', user_id: 'user-789' }),
    });
    expect(traced.status).toBe(200);
    expect(traced.headers.get('x-correlation-id')).toBe('req-12345');
    const plan = (JSON.parse(traced.body) as { plan: string[] }).plan;

    const traffic = await runTraffic(ex, 8, { args: ['--rps', '15'] });
    expect(traffic.code, traffic.stdout + traffic.stderr).toBe(0);
    expect(traffic.stdout).toMatch(/200: \d+/);
    await prom.waitForScrapes(3);
    await expect.poll(async () => scalar(prom, 'sum(rate_limit_hits_total)'), { timeout: 10_000 }).toBeGreaterThan(0);

    // The series the alerts read and the metrics the playbook lists, with their labels. The
    // container and Kubernetes series come from cAdvisor and kube-state-metrics, not from the app;
    // requests in flight are counted by method only (the route is unknown when a request starts).
    await assertRunbookMetrics(prom, contract, {
      declared: true,
      exclude: [
        { match: /^(container|kube)_/, reason: 'infrastructure series, scraped from the cluster' },
        { match: 'http_requests_in_flight', reason: 'checked below: by method, without endpoint' },
        { match: /^(http_request|tool_execution)_duration_seconds$/, reason: 'histogram families: checked below through their _bucket series' },
      ],
    });
    expect((await prom.series('http_requests_in_flight')).some((s) => 'method' in s)).toBe(true);
    for (const [histogram, labels] of [['http_request_duration_seconds', ['method', 'endpoint']], ['tool_execution_duration_seconds', ['tool_name']]] as const) {
      const buckets = await prom.series(`${histogram}_bucket`);
      for (const label of labels) expect(buckets.some((s) => label in s), `${histogram} has the label ${label}`).toBe(true);
    }
    await assertAlertsEvaluate(prom, contract);

    // Every rule group evaluates without error, the SLO recording rules have values, and the error
    // rate the traffic makes (502s from the partner API) puts HighErrorRate in pending (`for: 5m`).
    await expect.poll(async () => (await prom.rules()).filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.lastError ?? r.health}`), { timeout: 15_000 }).toEqual([]);
    await expect.poll(async () => (await prom.query('slo:sli_error:ratio_rate5m{service="tool-orchestrator"}')).data?.result.length, { timeout: 10_000 }).toBe(2);
    // The traffic's 502s are random (a partner call fails 35 % of the time, on about 9 % of its
    // requests), and a rate needs the counter to rise between two scrapes: in a short run that can
    // miss, so each poll adds one partner-only request a second (under the partner's 5-a-second limit).
    const partnerCall = (): Promise<number> => fetch(`${ex.baseUrl}/orchestrate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'confirm the partner booking', tools: ['partner_api'], user_id: 'user-789' }),
    }).then((r) => r.status);
    await expect.poll(async () => {
      expect(await partnerCall()).toBeOneOf([200, 502]);
      return alertState(prom, 'HighErrorRate');
    }, { timeout: 30_000, interval: 1_000 }).toMatch(/pending|firing/);
    // The KPI thresholds: the partner API fails more than 5 % of its calls and its bursts use its whole
    // limit. The traffic's bursts are timed by the clock, and on a loaded host its requests spread
    // out, so a burst of our own fills the partner's 5-a-second window at once; the utilization stays
    // at 1 for that window and the next, which the 1 s scrapes see.
    const burst = Array.from({ length: 15 }, partnerCall);
    expect((await Promise.all(burst)).filter((status) => status === 429).length).toBeGreaterThan(0);
    for (const alert of ['ToolSuccessRateLow', 'RateLimitUtilizationHigh']) await expect.poll(async () => `${alert} ${await alertState(prom, alert)}`, { timeout: 20_000 }).toMatch(/ (pending|firing)$/);

    await expectDashboardAnswers(prom, join(DIR, 'monitoring', 'dashboards', 'tool-orchestrator.json'), JOB);

    // The failures the business metrics watch for.
    for (const expr of ['sum(tool_executions_total{status!="success"})', 'sum(speculation_attempts_total{outcome="miss"})', 'sum(http_requests_total{status="429"})']) {
      expect(await scalar(prom, expr), expr).toBeGreaterThan(0);
    }
    const accuracy = await scalar(prom, 'speculation_accuracy_ratio');
    expect(accuracy).toBeGreaterThan(0);
    expect(accuracy).toBeLessThan(1);

    // Logs: the playbook's fields on every tool line of our request, with the response's trace id.
    const toolLines = assertLogFields(traced.lines, ['timestamp', 'level', 'logger', 'message', 'correlation_id', 'tool_name', 'duration_ms', 'status', 'user_id'], {
      where: (l) => l['message'] === 'Tool execution completed',
    });
    for (const line of toolLines) expect(line).toMatchObject({ level: 'INFO', logger: 'orchestrator.tools', correlation_id: 'req-12345', user_id: 'user-789', status: 'success', trace_id: traced.traceId });
    assertLogFields(ex.logs(), ['timestamp', 'correlation_id', 'trace_id', 'service'], { where: (l) => l['message'] === 'rate_limit_exceeded' });

    // Traces: the server span and one span per tool of the plan, in the response's trace.
    await expect.poll(() => receiver.spans().filter((s) => s.traceId === traced.traceId).map((s) => s.name), { timeout: 10_000 }).toEqual(expect.arrayContaining(plan.map((tool) => `tool ${tool}`)));
    expect(receiver.spans().some((s) => s.traceId === traced.traceId && s.kind === 2)).toBe(true);
  });
});
