/**
 * Contract of examples/inference-service against its monitoring runbook (runbook 003), through the
 * examples harness: `npm start` runs the example under the preload, a real Prometheus scrapes its
 * /metrics (on the app's port) as job "active-inference" every second with the runbook's alerts
 * loaded, `npm run traffic` drives it, and
 * - /health, /ready, /live and /metrics answer with the runbook's status codes and bodies;
 * - every series the runbook's alerts read and every metric of its tables is scraped;
 * - every runbook alert expression evaluates without error, and HighErrorRate and LowModelAccuracy go
 *   pending under the traffic's sensor glitches and recalibrated sensor;
 * - the failures the other alerts watch for happen: 5xx answers, inferences over 1 s;
 * - every query of the example's dashboard returns series;
 * - log lines carry the runbook's fields and a trace_id equal to the response's X-Trace-ID;
 * - the inference span reaches the OTLP traces endpoint in the same trace.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { example, newReceiver } from '../../integration/helpers.js';
import { alertState, expectDashboardAnswers, expectRuleFileMatches, scalar } from './checks.js';
import { assertAlertsEvaluate, assertLogFields, assertRunbookMetrics, readRunbook, requestWithTrace, runTraffic, startExample, startExamplePrometheus, stopAll } from './harness.js';

afterAll(stopAll);

const DIR = example('inference-service');
const JOB = 'active-inference';

describe('examples/inference-service: the runbook contract', () => {
  it('answers the endpoints and serves the metrics, alerts, dashboards, logs and traces the runbook names', { timeout: 180_000 }, async () => {
    const contract = readRunbook('003');
    expectRuleFileMatches(join(DIR, 'monitoring', 'runbook-alerts.yaml'), contract);
    const receiver = await newReceiver();
    const ex = await startExample({ name: 'inference-service', metricsPortEnv: null, readyPath: '/ready', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '50' } });

    // Endpoints, as the runbook documents them.
    const healthRes = await fetch(`${ex.baseUrl}/health`);
    expect(healthRes.status).toBe(200);
    const health = (await healthRes.json()) as Record<string, unknown>;
    expect(Object.keys(health)).toEqual(expect.arrayContaining(['status', 'timestamp', 'version', 'checks']));
    expect(health).toMatchObject({ version: '0.1.0', checks: { memory: expect.stringMatching(/^(ok|warn)$/), disk: expect.stringMatching(/^(ok|warn)$/), dependencies: 'ok' } });
    expect(new Date(String(health.timestamp)).toISOString()).toBe(health.timestamp);
    // "healthy" as in the runbook, unless this machine's memory or disk is nearly full.
    expect(health.status).toBe(Object.values(health.checks as Record<string, string>).every((v) => v === 'ok') ? 'healthy' : 'degraded');
    await expect.poll(async () => (await fetch(`${ex.baseUrl}/ready`)).status, { timeout: 10_000 }).toBe(200);
    for (const [path, status] of [['/ready', 'ready'], ['/live', 'ok']] as const) {
      const res = await fetch(`${ex.baseUrl}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect(await res.json(), path).toMatchObject({ status });
    }

    const prom = await startExamplePrometheus({ targets: [ex], job: JOB, runbook: contract });
    const traced = await requestWithTrace(ex, '/infer', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': 'req-12345' },
      body: JSON.stringify({ observations: [3, 3, 4, null, 4, 5], true_state: 5, model_id: 'model-abc123', user_id: 'user-67890' }),
    });
    expect(traced.status).toBe(200);
    expect(JSON.parse(traced.body)).toMatchObject({ model_id: 'model-abc123', state: expect.any(Number), belief_entropy: expect.any(Number), free_energy: expect.any(Number) });

    // Readings no state can explain: 500, and the 5xx series exists before the traffic's storms.
    const impossible = await fetch(`${ex.baseUrl}/infer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ observations: [0, 8] }) });
    expect(impossible.status).toBe(500);
    expect(await impossible.json()).toMatchObject({ error: 'inference_failed' });
    await prom.waitForScrapes(2);

    const traffic = await runTraffic(ex, 8, { args: ['--rps', '12'] });
    expect(traffic.code, traffic.stdout + traffic.stderr).toBe(0);
    expect(traffic.stdout).toMatch(/200: \d+/);
    await prom.waitForScrapes(3);

    const metrics = await fetch(`${ex.baseUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await metrics.text()).toMatch(/^ai_inference_duration_seconds_bucket\{/m);

    await assertRunbookMetrics(prom, contract, {
      declared: true,
      exclude: [{ match: 'ai_inference_duration_seconds', reason: 'a histogram family: its _bucket series are read by HighResponseTime and checked with it' }],
    });
    await assertAlertsEvaluate(prom, contract);
    expect(await scalar(prom, `up{job="${JOB}"}`)).toBe(1);

    // The failures the alerts watch for.
    expect(await scalar(prom, 'sum(http_requests_total{status=~"5.."})')).toBeGreaterThan(0);
    expect(await scalar(prom, 'sum(ai_inference_duration_seconds_count) - sum(ai_inference_duration_seconds_bucket{le="1"})')).toBeGreaterThan(0);
    expect(await scalar(prom, 'ai_model_accuracy{model_id="model-legacy"}')).toBeLessThan(0.8);
    expect(await scalar(prom, 'max(ai_episodes_completed)')).toBeGreaterThan(1);
    // Sensor glitches answer 500 at more than 0.1 a second, the recalibrated sensor keeps model-legacy
    // under 0.8 accuracy: both alerts go pending (their `for:` is minutes).
    for (const alert of ['HighErrorRate', 'LowModelAccuracy']) await expect.poll(async () => `${alert} ${await alertState(prom, alert)}`, { timeout: 15_000 }).toMatch(/ (pending|firing)$/);

    await expectDashboardAnswers(prom, join(DIR, 'monitoring', 'dashboards', 'active-inference.json'), JOB);

    // Logs: the runbook's structured format, with the trace id of the response.
    const [line] = assertLogFields(traced.lines, ['timestamp', 'level', 'logger', 'message', 'correlation_id', 'user_id', 'model_id', 'duration_ms', 'context'], {
      where: (l) => l['message'] === 'Inference completed successfully',
    });
    expect(line).toMatchObject({ level: 'INFO', logger: 'active_inference.core', correlation_id: 'req-12345', user_id: 'user-67890', model_id: 'model-abc123', context: { episode: expect.any(Number), step: 6, accuracy: expect.any(Number) } });
    assertLogFields(ex.logs(), ['timestamp', 'correlation_id', 'trace_id', 'model_id'], { where: (l) => l['message'] === 'Inference failed' && l['level'] === 'ERROR' });

    // Traces: the inference span in the response's trace.
    await expect.poll(() => receiver.spans().filter((s) => s.traceId === traced.traceId).map((s) => s.name), { timeout: 10_000 }).toContain('active_inference.infer');
  });
});
