/**
 * Traces and metrics turned off and on while the app runs (OtelkitHandle.setSignalEnabled), under
 * the preload: while traces are off nothing is exported but X-Trace-ID still answers; while metrics
 * are off /metrics keeps the last values and callbacks are not called; both come back at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseExposition } from '@otelkit/testing/prometheus';
import { disposeAll, fixture, freePort, get, sleep, startScenario, traceHeader, warnLines } from './helpers.js';

afterEach(disposeAll);

/** The sum of a metric family's series on /metrics; undefined when it has none. */
async function value(url: string, name: string): Promise<number | undefined> {
  const found = parseExposition(await (await fetch(url)).text()).samples.filter((s) => s.name === name);
  return found.length === 0 ? undefined : found.reduce((sum, s) => sum + s.value, 0);
}

describe('run-time signal switch', () => {
  it('traces off: no span exported, X-Trace-ID still set; on again: exported', async () => {
    const { baseUrl, receiver, app } = await startScenario({ entry: fixture('signal-switch-app.cjs'), env: { OTEL_METRICS_EXPORTER: 'none' } });
    const first = traceHeader(await get(`${baseUrl}/work`));
    await receiver.waitForSpans(2);
    expect(receiver.spans().filter((s) => s.traceId === first).map((s) => s.name).sort()).toEqual(['GET', 'work']);

    expect(JSON.parse((await get(`${baseUrl}/switch?signal=traces&on=0`)).body)).toEqual({ traces: false, metrics: true });
    const before = receiver.spans().length;
    const dark: string[] = [];
    for (let i = 0; i < 5; i++) dark.push(traceHeader(await get(`${baseUrl}/work`)));
    expect(new Set(dark).size).toBe(5);

    await get(`${baseUrl}/switch?signal=traces&on=1`);
    const back = traceHeader(await get(`${baseUrl}/work`));
    await expect.poll(() => receiver.spans().filter((s) => s.traceId === back).length, { timeout: 10_000 }).toBe(2);
    // The /switch requests while traces were off recorded nothing either; the later ones did.
    await sleep(300);
    const exported = receiver.spans().slice(before).map((s) => s.traceId);
    for (const id of dark) expect(exported).not.toContain(id);
    expect(warnLines(app.stderr())).toEqual([]);
  });

  it('metrics off: values stay where they were, callbacks stop; on again: counting continues without a reset', async () => {
    const promPort = await freePort();
    const { baseUrl, app } = await startScenario({ entry: fixture('signal-switch-app.cjs'), env: { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: String(promPort) } });
    const metricsUrl = `http://127.0.0.1:${promPort}/metrics`;
    for (let i = 0; i < 3; i++) await get(`${baseUrl}/work`);
    expect(await value(metricsUrl, 'app_work_total')).toBe(3);
    const requests = await value(metricsUrl, 'http_server_request_duration_seconds_count');
    expect(requests).toBe(3);

    await get(`${baseUrl}/switch?signal=metrics&on=0`);
    const observedAtOff = await value(metricsUrl, 'app_observed');
    for (let i = 0; i < 4; i++) await get(`${baseUrl}/work`);
    expect(await value(metricsUrl, 'app_work_total')).toBe(3);
    // 3 /work requests and the /switch request, which started while metrics were on.
    expect(await value(metricsUrl, 'http_server_request_duration_seconds_count')).toBe(4);
    const observedWhileOff = await value(metricsUrl, 'app_observed');
    expect(observedWhileOff === undefined || observedWhileOff === observedAtOff).toBe(true);

    expect(JSON.parse((await get(`${baseUrl}/switch?signal=metrics&on=1`)).body)).toEqual({ traces: true, metrics: true });
    for (let i = 0; i < 2; i++) await get(`${baseUrl}/work`);
    expect(await value(metricsUrl, 'app_work_total')).toBe(5);
    expect(await value(metricsUrl, 'app_observed')).toBeGreaterThan(observedAtOff ?? 0);
    expect(warnLines(app.stderr())).toEqual([]);
  });

  it('an unknown signal name is a typed error, and the switches are unchanged', async () => {
    const { baseUrl } = await startScenario({ entry: fixture('signal-switch-app.cjs'), env: { OTEL_METRICS_EXPORTER: 'none' } });
    const res = await get(`${baseUrl}/switch?signal=logs&on=0`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ code: 'OTELKIT_ERR_INVALID_OPTION' });
    expect(JSON.parse((await get(`${baseUrl}/switch`)).body)).toEqual({ traces: true, metrics: true });
  });
});
