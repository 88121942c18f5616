/**
 * The generated rules against a real Prometheus that scrapes an app under load, in both profiles:
 * Prometheus loads the generated config and rule files, every rule evaluates without error, the SLO
 * recordings have values, and every metric the rules read exists on the app's /metrics.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateMixin, promqlMetricNames as metricNames, writeMixin } from '@otelkit/mixin';
import { afterEach, describe, expect, it } from 'vitest';
import { disposeAll, fixture, freePort, get, startScenario } from '../integration/helpers.js';
import { startPrometheus, type PrometheusServer } from './prometheus-server.js';

interface RuleState {
  name: string;
  type: 'alerting' | 'recording';
  query: string;
  health: string;
  lastError?: string;
}

let prometheus: PrometheusServer | undefined;
afterEach(async () => {
  prometheus?.stop();
  prometheus = undefined;
  await disposeAll();
});

async function api<T>(base: string, path: string): Promise<T> {
  const body = (await (await fetch(`${base}${path}`)).json()) as { status: string; data: T };
  expect(body.status, path).toBe('success');
  return body.data;
}

describe.each(['semconv', 'prometheus-classic'] as const)('generated rules in a real Prometheus (%s profile)', (profile) => {
  it('load, evaluate without errors, record SLO ratios, and read only metrics the app exposes', async () => {
    const metricsPort = await freePort();
    const { baseUrl } = await startScenario({
      entry: fixture('metrics-app.cjs'),
      env: { OTELKIT_METRICS_PROFILE: profile, OTEL_METRICS_EXPORTER: 'prometheus,otlp', OTEL_METRIC_EXPORT_INTERVAL: '200', OTEL_LOGS_EXPORTER: 'otlp', OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort) },
    });
    const output = generateMixin({
      profile,
      scrapeTarget: `127.0.0.1:${metricsPort}`,
      slo: { service: 'app', selector: 'job="otelkit-app"', objectives: { availability: 99.9, latency: { target: 95, threshold: 0.5 } } },
    });
    prometheus = await startPrometheus({
      config: (dir) => {
        writeMixin(dir, output);
        // The example scrapes every 15 s and evaluates every 30 s; a test can't wait that long.
        const config = join(dir, 'prometheus', 'prometheus.yml');
        writeFileSync(config, readFileSync(config, 'utf8').replace(/(scrape|evaluation)_interval: \d+s/g, '$1_interval: 1s'));
        return config;
      },
    });
    const base = prometheus.base;

    // The first scrape must come before the load: increments before a series' first sample are not
    // in its rate, and a busy machine can delay that scrape by seconds.
    await expect.poll(async () => (await api<{ activeTargets: Array<{ health: string }> }>(base, '/api/v1/targets')).activeTargets.map((t) => t.health), { timeout: 15_000 }).toEqual(['up']);
    // Load for ~6 s: successes, failures (5xx), slow requests, jobs through the queue and semaphore.
    const until = Date.now() + 6000;
    while (Date.now() < until) {
      await Promise.all([get(`${baseUrl}/users/1`), get(`${baseUrl}/users/2`), get(`${baseUrl}/fail`), get(`${baseUrl}/sleep?ms=600`), get(`${baseUrl}/work`)]);
    }

    const rules = async () => (await api<{ groups: Array<{ rules: RuleState[] }> }>(base, '/api/v1/rules')).groups.flatMap((g) => g.rules);
    const generatedRules = [...output.files].filter(([p]) => p.startsWith('prometheus/rules/')).flatMap(([, text]) => text.match(/^\s+- (?:alert|record): /gm) ?? []);
    await expect.poll(async () => (await rules()).length, { timeout: 10_000 }).toBe(generatedRules.length);
    // Every rule has been evaluated and its query ran without error.
    await expect.poll(async () => (await rules()).filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.health} ${r.lastError ?? ''}`), { timeout: 15_000 }).toEqual([]);

    // The SLO recordings see the load: /fail is one request in five, /sleep?ms=600 another one in five above 0.5 s.
    const ratio = async (slo: string) => {
      const result = await api<{ result: Array<{ value: [number, string] }> }>(base, `/api/v1/query?query=${encodeURIComponent(`slo:sli_error:ratio_rate5m{slo="${slo}"}`)}`);
      return result.result.length === 1 ? Number(result.result[0]!.value[1]) : Number.NaN;
    };
    // One request in five of the load fails, another one in five is slow. Over a few seconds of data
    // the 5m rates extrapolate each series on its own, so the ratios are near, not at, 0.2: check that
    // each SLO sees both good and bad requests. The objectives are separate groups: wait for each.
    for (const slo of ['app-availability', 'app-latency']) {
      await expect.poll(() => ratio(slo), { timeout: 15_000 }).toBeGreaterThan(0.05);
      expect(await ratio(slo)).toBeLessThan(0.5);
    }

    // Every metric a rule reads is one the app exposes in this profile (recordings aside).
    const present = new Set(await api<string[]>(base, '/api/v1/label/__name__/values'));
    const recorded = new Set((await rules()).filter((r) => r.type === 'recording').map((r) => r.name));
    const read = new Set((await rules()).flatMap((r) => metricNames(r.query)).filter((n) => !recorded.has(n)));
    expect(read.size).toBeGreaterThan(15);
    // Except the log exporter's counter: its series start with the first log export, and this app
    // writes no log records (the log processor's series, read by the same rules, are there).
    expect([...read].filter((n) => !present.has(n)).sort()).toEqual(['otel_sdk_exporter_log_exported_total']);
  }, 90_000);
});
