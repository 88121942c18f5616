/**
 * The generated mixin against a real Prometheus (Debian package), in both profiles: the mixin-load
 * example runs under the preload and under light load, Prometheus scrapes it every second and
 * evaluates the generated rule files, and then
 * - every rule group loads and evaluates without error;
 * - every dashboard panel's query, with `$__rate_interval`, `$job` and `$instance` filled in as Grafana
 *   would, parses and returns at least one series;
 * - both ways: every series the rules and dashboards name is on the app's `/metrics`, and every family on
 *   `/metrics` is on some dashboard (but the documented exclusions).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DASHBOARD_EXCLUSIONS, dashboardQueries, generateMixin, promqlMetricNames, substituteVariables } from '@otelkit/mixin';
import { parseExposition } from '@otelkit/testing/prometheus';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { disposeAll, example, freePort, sleep, startScenario, waitForPort } from '../integration/helpers.js';
import { startPrometheus, type PrometheusServer } from './prometheus-server.js';

afterEach(disposeAll);

const SLO = { service: 'orders', objectives: { availability: 99, latency: { target: 90, threshold: 0.25 } } };
const LOAD_SECONDS = 14;
// Grafana's $__rate_interval is at least four scrape intervals; the load runs for longer than this.
const RATE_INTERVAL = '10s';

interface QueryResult {
  status: string;
  error?: string;
  data?: { result: unknown[] };
}

async function promQuery(base: string, expr: string): Promise<QueryResult> {
  const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`);
  return (await res.json()) as QueryResult;
}

/** Rule files of the mixin output (YAML documents with `groups:`), written under `dir`. */
function writeRuleFiles(files: ReadonlyMap<string, string>, dir: string): string[] {
  const paths: string[] = [];
  for (const [path, content] of files) {
    if (!/\.ya?ml$/.test(path) || !/^groups:/m.test(content)) continue;
    const target = join(dir, 'mixin', path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    paths.push(target);
  }
  return paths;
}

/** The expressions of the rule files and the names they record. */
function ruleExpressions(files: ReadonlyMap<string, string>): { exprs: string[]; recorded: Set<string> } {
  const exprs: string[] = [];
  const recorded = new Set<string>();
  for (const [path, content] of files) {
    if (!/\.ya?ml$/.test(path) || !/^groups:/m.test(content)) continue;
    const doc = parse(content) as { groups: Array<{ rules: Array<{ expr: string; record?: string }> }> };
    for (const rule of doc.groups.flatMap((g) => g.rules)) {
      exprs.push(String(rule.expr));
      if (rule.record !== undefined) recorded.add(rule.record);
    }
  }
  return { exprs, recorded };
}

describe.each(['semconv', 'prometheus-classic'] as const)('the mixin against a real Prometheus (%s profile)', (profile) => {
  let prometheus: PrometheusServer | undefined;
  afterEach(() => {
    prometheus?.stop();
    prometheus = undefined;
  });

  it('loads the rules, and every dashboard query returns series from the scraped example app', { timeout: 90_000 }, async () => {
    const { files } = generateMixin({ profile, slo: SLO });
    const metricsPort = await freePort();
    const { baseUrl } = await startScenario({
      entry: example('mixin-load/app.js'),
      timeoutMs: 80_000,
      env: { OTELKIT_METRICS_PROFILE: profile, OTEL_METRICS_EXPORTER: 'prometheus,otlp', OTEL_LOGS_EXPORTER: 'otlp', OTEL_METRIC_EXPORT_INTERVAL: '500', OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort) },
    });
    await waitForPort(metricsPort);
    let ruleFiles: string[] = [];
    prometheus = await startPrometheus({ targets: [`127.0.0.1:${metricsPort}`], ruleFiles: (dir) => (ruleFiles = writeRuleFiles(files, dir)) });
    expect(ruleFiles.length).toBeGreaterThan(0);
    const base = prometheus.base;

    // Light load from the example's own generator, while Prometheus scrapes and evaluates.
    const load = spawn(process.execPath, [example('mixin-load/load.mjs'), baseUrl, String(LOAD_SECONDS)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let loadOutput = '';
    load.stdout.on('data', (chunk: Buffer) => (loadOutput += chunk.toString()));
    await new Promise<void>((resolve) => load.once('exit', () => resolve()));
    expect(loadOutput).toMatch(/load done: \d+ rounds/);
    await sleep(2500); // two more scrapes and rule evaluations

    const targets = (await (await fetch(`${base}/api/v1/targets`)).json()) as { data: { activeTargets: Array<{ health: string; lastError: string }> } };
    expect(targets.data.activeTargets.map((t) => `${t.health} ${t.lastError}`)).toEqual(['up ']);

    // Every rule group loaded, and every rule evaluated without an error.
    const rules = (await (await fetch(`${base}/api/v1/rules`)).json()) as { data: { groups: Array<{ name: string; file: string; rules: Array<{ name: string; health: string; lastError?: string }> }> } };
    expect(rules.data.groups.length).toBeGreaterThanOrEqual(ruleFiles.length);
    const unhealthy = rules.data.groups.flatMap((g) => g.rules.filter((r) => r.health !== 'ok').map((r) => `${g.name}/${r.name}: ${r.health} ${r.lastError ?? ''}`));
    expect(unhealthy).toEqual([]);

    // Every dashboard panel's query parses and returns at least one series.
    const models = [...files].filter(([path]) => path.startsWith('dashboards/')).map(([, content]) => JSON.parse(content) as Record<string, unknown>);
    expect(models.length).toBe(5);
    const queries = models.flatMap(dashboardQueries);
    const failures: string[] = [];
    for (const q of queries) {
      const expr = substituteVariables(q.expr, { rateInterval: RATE_INTERVAL });
      const answer = await promQuery(base, expr);
      if (answer.status !== 'success') failures.push(`${q.dashboard} / ${q.panel} [${q.refId}]: ${answer.error} in ${expr}`);
      else if ((answer.data?.result.length ?? 0) === 0) failures.push(`${q.dashboard} / ${q.panel} [${q.refId}]: no series for ${expr}`);
    }
    expect(failures).toEqual([]);

    // Both ways, against the real scrape.
    const scrape = parseExposition(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text());
    expect(scrape.problems).toEqual([]);
    const sampleNames = new Set(scrape.samples.map((s) => s.name));
    const { exprs, recorded } = ruleExpressions(files);
    const named = new Set([...queries.map((q) => q.expr), ...exprs].flatMap(promqlMetricNames));
    const notEmitted = [...named].filter((n) => !n.includes(':') && n !== 'up' && !sampleNames.has(n));
    expect(notEmitted, 'named by a rule or dashboard but not on /metrics').toEqual([]);
    const notRecorded = [...named].filter((n) => n.includes(':') && !recorded.has(n));
    expect(notRecorded, 'recording rules read but not defined').toEqual([]);
    const shown = new Set(queries.flatMap((q) => promqlMetricNames(q.expr)));
    const histogramParts = (family: string): string[] => [`${family}_bucket`, `${family}_count`, `${family}_sum`];
    const hidden = [...scrape.families]
      .filter(([family, f]) => !(f.type === 'histogram' ? histogramParts(family).some((p) => shown.has(p)) : shown.has(family)))
      .map(([family]) => family)
      .filter((family) => DASHBOARD_EXCLUSIONS[family] === undefined);
    expect(hidden, 'on /metrics but on no dashboard').toEqual([]);
  });
});
