/**
 * The contract-test harness of examples/: start an example on free ports and wait until it answers,
 * drive its traffic script, have a real Prometheus scrape it with the runbook's own alert rules (and
 * any generated ones), then check the runbook's contract:
 * - every series its alerts and queries read exists, with the labels their matchers select on;
 * - every alert expression evaluates without error, through the query API and as a loaded rule;
 * - the example's stdout JSON log lines carry the runbook's fields, and one carries the `trace_id`
 *   of a response's `X-Trace-ID`.
 *
 * Every example follows one interface (issue 26): `npm start -w examples/<name>` listens on `PORT`
 * and serves Prometheus metrics on `OTEL_EXPORTER_PROMETHEUS_PORT` (or a port of its own, named by
 * `metricsPortEnv`); `npm run traffic -w examples/<name> -- --seconds N` drives load against
 * `BASE_URL` (also given as `PORT`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { freePort, REGISTER_CJS, REPO_ROOT, sleep } from '../../integration/helpers.js';
import { startPrometheus, type PrometheusServer } from '../prometheus-server.js';
import { contractMetrics, type RunbookContract, type RunbookExpression } from './runbook.js';

export { contractMetrics, parsePromql, readRunbook, seedPath, SEEDS_DIR } from './runbook.js';
export type { PromqlMatcher, PromqlParts, PromqlSelector, RunbookContract, RunbookExpression, RunbookMetricDeclaration } from './runbook.js';

// ---------------------------------------------------------------------------------------------
// Processes

const cleanups = new Set<() => Promise<void>>();

/** Stop every example, traffic run and Prometheus still running. Call it in afterEach/afterAll. */
export async function stopAll(): Promise<void> {
  await Promise.allSettled([...cleanups].map((c) => c()));
}

/** A child in its own process group, so `npm` and the node it starts are stopped together. */
interface Child {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The environment of a child: the test's own, without OTel settings that would leak into the example. */
function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OTEL_') && !k.startsWith('OTELKIT_') && k !== 'NODE_OPTIONS' && !k.startsWith('npm_')) env[k] = v;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

function startChild(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Child {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: null, signal: null }));
  });
  const kill = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const hard = setTimeout(() => kill('SIGKILL'), options.timeoutMs);
  hard.unref();
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> => {
    if (child.exitCode === null && child.signalCode === null) {
      kill(signal);
      const late = setTimeout(() => kill('SIGKILL'), 8000);
      await exited;
      clearTimeout(late);
    }
    clearTimeout(hard);
    cleanups.delete(cleanup);
    return exited;
  };
  const cleanup = async (): Promise<void> => {
    await stop('SIGKILL');
  };
  cleanups.add(cleanup);
  void exited.then(() => clearTimeout(hard));
  return { child, stdout: () => out, stderr: () => err, exited, stop };
}

/** A JSON log line of the example's output. */
export type JsonLogLine = Record<string, unknown>;

/** The lines of `text` that are JSON objects (other lines are skipped). */
export function jsonLogLines(text: string): JsonLogLine[] {
  const out: JsonLogLine[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    try {
      const value = JSON.parse(t) as unknown;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) out.push(value as JsonLogLine);
    } catch {
      // not JSON after all
    }
  }
  return out;
}

export interface StartExampleOptions {
  /** Folder under examples/, e.g. `saas-api`. */
  name: string;
  /** Extra environment (OTEL_*, OTELKIT_*, DATABASE_URL...). `PORT` and the metrics port are set by the harness. */
  env?: Record<string, string | undefined>;
  /**
   * `npm` (default): `npm start -w examples/<name>`, the documented interface. `node`: node on
   * `entry` under the preload (`--require @otelkit/node/register`), for examples with several entries.
   */
  via?: 'npm' | 'node';
  /** With `via: 'node'`: the entry file, relative to the example folder. */
  entry?: string;
  /** Path answered once the example is ready (any status below 500). Default `/health`, then `/`. */
  readyPath?: string;
  /** Variable naming the example's metrics port. Default `OTEL_EXPORTER_PROMETHEUS_PORT`; `null`: metrics on `PORT`. */
  metricsPortEnv?: string | null;
  /** Metrics path. Default `/metrics`. */
  metricsPath?: string;
  /** More variables to give free ports to (a worker's metrics port...). */
  extraPorts?: readonly string[];
  /** Wait this long for readiness. Default 60 s (npm and a cold preload are slow on a busy machine). */
  readyTimeoutMs?: number;
  /** Kill the example after this long whatever happens. Default 10 min. */
  timeoutMs?: number;
}

export interface RunningExample {
  name: string;
  port: number;
  /** `http://127.0.0.1:<port>`. */
  baseUrl: string;
  /** Port of its /metrics (equal to `port` when metrics share the app's port). */
  metricsPort: number;
  /** `127.0.0.1:<metricsPort>`, a Prometheus target. */
  metricsTarget: string;
  metricsPath: string;
  /** Ports handed out, by variable (PORT, the metrics port and `extraPorts`). */
  ports: Readonly<Record<string, number>>;
  /** The environment the example was started with (`PORT`, ports, `env`). */
  env: Readonly<Record<string, string>>;
  stdout(): string;
  stderr(): string;
  /** JSON log lines written so far (stdout and stderr). */
  logs(): JsonLogLine[];
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function answers(url: string): Promise<number | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return undefined;
  }
}

/** Start an example on free ports and resolve once it answers on `readyPath` and its metrics endpoint. */
export async function startExample(options: StartExampleOptions): Promise<RunningExample> {
  const dir = join(REPO_ROOT, 'examples', options.name);
  const port = await freePort();
  const metricsEnv = options.metricsPortEnv === undefined ? 'OTEL_EXPORTER_PROMETHEUS_PORT' : options.metricsPortEnv;
  const ports: Record<string, number> = { PORT: port };
  if (metricsEnv !== null) ports[metricsEnv] = await freePort();
  for (const name of options.extraPorts ?? []) ports[name] = await freePort();
  const portEnv = Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)]));
  const env: Record<string, string> = { ...portEnv };
  for (const [k, v] of Object.entries(options.env ?? {})) if (v !== undefined) env[k] = v;
  Object.assign(env, portEnv);
  const full = childEnv({ ...options.env, ...portEnv });
  const timeoutMs = options.timeoutMs ?? 600_000;
  const child =
    (options.via ?? 'npm') === 'npm'
      ? startChild('npm', ['start', '--silent', '-w', `examples/${options.name}`], { cwd: REPO_ROOT, env: full, timeoutMs })
      : startChild(process.execPath, ['--require', REGISTER_CJS, options.entry ?? 'index.js'], { cwd: dir, env: full, timeoutMs });
  const baseUrl = `http://127.0.0.1:${port}`;
  const metricsPort = metricsEnv === null ? port : ports[metricsEnv]!;
  const metricsPath = options.metricsPath ?? '/metrics';
  const describeOutput = (): string => `\n--- stdout ---\n${child.stdout().slice(-4000)}\n--- stderr ---\n${child.stderr().slice(-4000)}`;
  const deadline = performance.now() + (options.readyTimeoutMs ?? 60_000);
  const readyPaths = options.readyPath === undefined ? ['/health', '/'] : [options.readyPath];
  for (;;) {
    if (child.child.exitCode !== null || child.child.signalCode !== null) {
      throw new Error(`example ${options.name} exited (${child.child.exitCode ?? child.child.signalCode}) before it was ready${describeOutput()}`);
    }
    let ready = false;
    for (const path of readyPaths) {
      const status = await answers(`${baseUrl}${path}`);
      if (status !== undefined && status < 500) {
        ready = true;
        break;
      }
    }
    if (ready && (await answers(`http://127.0.0.1:${metricsPort}${metricsPath}`)) === 200) break;
    if (performance.now() > deadline) {
      await child.stop('SIGKILL');
      throw new Error(`example ${options.name} was not ready on ${baseUrl}${readyPaths.join(' or ')} and :${metricsPort}${metricsPath} in time${describeOutput()}`);
    }
    await sleep(250);
  }
  return {
    name: options.name,
    port,
    baseUrl,
    metricsPort,
    metricsTarget: `127.0.0.1:${metricsPort}`,
    metricsPath,
    ports,
    env,
    stdout: child.stdout,
    stderr: child.stderr,
    logs: () => [...jsonLogLines(child.stdout()), ...jsonLogLines(child.stderr())],
    stop: child.stop,
  };
}

export interface TrafficResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of the run, ms. */
  elapsedMs: number;
}

/**
 * `npm run traffic -w examples/<name> -- --seconds N` against a running example (`BASE_URL` and
 * `PORT` point at it, as do the example's other ports). Resolves when the script exits.
 */
export async function runTraffic(example: RunningExample, seconds: number, options: { env?: Record<string, string>; args?: readonly string[] } = {}): Promise<TrafficResult> {
  const started = performance.now();
  const child = startChild('npm', ['run', 'traffic', '--silent', '-w', `examples/${example.name}`, '--', '--seconds', String(seconds), ...(options.args ?? [])], {
    cwd: REPO_ROOT,
    env: childEnv({ ...example.env, BASE_URL: example.baseUrl, ...options.env }),
    timeoutMs: seconds * 1000 + 120_000,
  });
  const { code } = await child.exited;
  await child.stop();
  return { code, stdout: child.stdout(), stderr: child.stderr(), elapsedMs: performance.now() - started };
}

// ---------------------------------------------------------------------------------------------
// Prometheus

export interface ExamplePrometheusOptions {
  /** Examples (or `host:port` targets) to scrape. */
  targets: ReadonlyArray<RunningExample | string>;
  /** Scrape job name: the runbooks select on it (`up{job="autonomos"}`). Default `app`. */
  job?: string;
  /** Target labels Prometheus adds to every series, as a relabelling would (`service: api`). */
  labels?: Readonly<Record<string, string>>;
  /** Write the runbook's alert rules as a rule file (checked by promtool) and load it. */
  runbook?: RunbookContract;
  /** Rule files to load too (generated mixin rules, an SLO file's rules...), as absolute paths. */
  ruleFiles?: readonly string[];
  /** Metrics path of the targets given as strings. Default `/metrics`. */
  metricsPath?: string;
}

export interface PromQueryResult {
  status: 'success' | 'error';
  error?: string;
  errorType?: string;
  data?: { resultType: string; result: Array<{ metric: Record<string, string>; value?: [number, string] }> };
}

export interface ExamplePrometheus extends PrometheusServer {
  /** Instant query; never throws for a bad expression (see `status` and `error`). */
  query(expr: string): Promise<PromQueryResult>;
  /** Label sets of the series a selector matches over the last `minutes` (default 10). */
  series(selector: string, minutes?: number): Promise<Array<Record<string, string>>>;
  /** Alerting and recording rules as Prometheus evaluates them. */
  rules(): Promise<Array<{ name: string; type: string; query: string; health: string; lastError?: string; lastEvaluation: string }>>;
  /** Resolve once every target of the job was scraped successfully `count` times. */
  waitForScrapes(count?: number, timeoutMs?: number): Promise<void>;
}

/** Alerting rules of a runbook as a Prometheus rule file (name, expression and `for:` as written). */
export function runbookRuleFile(contract: RunbookContract, dir: string): string {
  const path = join(dir, 'runbook-alerts.yaml');
  const rules = contract.alerts.map((a) => [
    `      - alert: ${JSON.stringify(a.alert)}`,
    `        expr: ${JSON.stringify(a.expr)}`,
    ...(a.for === undefined ? [] : [`        for: ${a.for}`]),
  ].join('\n'));
  writeFileSync(path, ['groups:', '  - name: runbook', '    rules:', ...rules, ''].join('\n'));
  const check = spawnSync('promtool', ['check', 'rules', path], { encoding: 'utf8' });
  expect(check.status, `promtool check rules on the runbook's alerts:\n${check.stdout}${check.stderr}`).toBe(0);
  return path;
}

/** A real Prometheus scraping the examples every second and evaluating the rules every second. */
export async function startExamplePrometheus(options: ExamplePrometheusOptions): Promise<ExamplePrometheus> {
  const job = options.job ?? 'app';
  const targets = options.targets.map((t) => (typeof t === 'string' ? { target: t, path: options.metricsPath ?? '/metrics' } : { target: t.metricsTarget, path: t.metricsPath }));
  const paths = [...new Set(targets.map((t) => t.path))];
  const server = await startPrometheus({
    config: (dir) => {
      const rules = [...(options.runbook === undefined ? [] : [runbookRuleFile(options.runbook, dir)]), ...(options.ruleFiles ?? [])];
      const labels = Object.entries(options.labels ?? {});
      const config = join(dir, 'prometheus.yml');
      const jobs = paths.flatMap((path, i) => [
        `  - job_name: ${JSON.stringify(paths.length === 1 ? job : `${job}-${i}`)}`,
        `    metrics_path: ${JSON.stringify(path)}`,
        '    static_configs:',
        `      - targets: [${targets.filter((t) => t.path === path).map((t) => JSON.stringify(t.target)).join(', ')}]`,
        ...(labels.length === 0 ? [] : ['        labels:', ...labels.map(([k, v]) => `          ${k}: ${JSON.stringify(v)}`)]),
      ]);
      writeFileSync(config, ['global:', '  scrape_interval: 1s', '  evaluation_interval: 1s', `rule_files: [${rules.map((f) => JSON.stringify(f)).join(', ')}]`, 'scrape_configs:', ...jobs, ''].join('\n'));
      return config;
    },
  });
  const api = async <T>(path: string): Promise<T> => (await (await fetch(`${server.base}${path}`)).json()) as T;
  const prom: ExamplePrometheus = {
    ...server,
    query: (expr) => api<PromQueryResult>(`/api/v1/query?query=${encodeURIComponent(expr)}`),
    async series(selector, minutes = 10) {
      const start = Math.floor(Date.now() / 1000) - minutes * 60;
      const r = await api<{ status: string; error?: string; data?: Array<Record<string, string>> }>(`/api/v1/series?match[]=${encodeURIComponent(selector)}&start=${start}`);
      if (r.status !== 'success') throw new Error(`series ${selector}: ${r.error ?? r.status}`);
      return r.data ?? [];
    },
    async rules() {
      const r = await api<{ data: { groups: Array<{ rules: Array<{ name: string; type: string; query: string; health: string; lastError?: string; lastEvaluation: string }> }> } }>('/api/v1/rules');
      return r.data.groups.flatMap((g) => g.rules);
    },
    async waitForScrapes(count = 3, timeoutMs = 30_000) {
      const jobs = paths.length === 1 ? `job="${job}"` : `job=~"${job}-.*"`;
      const expected = targets.length;
      await expect
        .poll(async () => {
          const r = await prom.query(`count_over_time(up{${jobs}}[10m]) >= ${count} and up{${jobs}} == 1`);
          return r.data?.result.length ?? 0;
        }, { timeout: timeoutMs, interval: 500 })
        .toBe(expected);
    },
  };
  const stop = async (): Promise<void> => {
    cleanups.delete(stop);
    server.stop();
  };
  cleanups.add(stop);
  return { ...prom, stop: () => void stop() };
}

// ---------------------------------------------------------------------------------------------
// Contract checks

/** A runbook name or selector left out of a check, with the reason (node_exporter's, cAdvisor's...). */
export interface ContractExclusion {
  /** A metric name, or a pattern tested against the metric name (and, for selectors, the selector text). */
  match: string | RegExp;
  reason: string;
}

const excluded = (list: readonly ContractExclusion[] | undefined, ...texts: string[]): boolean =>
  (list ?? []).some((x) => texts.some((t) => (typeof x.match === 'string' ? x.match === t : x.match.test(t))));

export interface MetricCheckOptions {
  /** Series the example does not serve, with why (they come from node_exporter, cAdvisor, another service...). */
  exclude?: readonly ContractExclusion[];
  /** Also require the labels of `by (...)` clauses on the series. Default true. */
  groupBy?: boolean;
  /**
   * Also require each selector with matchers to match at least one series (`status=~"5.."` needs a
   * 5xx to have happened): the traffic must drive what the alerts watch for. Default true.
   * Selectors listed in `exclude` (by their text) are skipped.
   */
  selectorsMatch?: boolean;
  /** Also check the runbook's metric listings (name and listed labels; a histogram family by its `_bucket` series). Default false. */
  declared?: boolean;
}

export interface MetricCheckReport {
  /** Series names checked and found. */
  found: string[];
  /** `metric`, `metric: label` or `selector` entries that failed. */
  missing: string[];
}

/**
 * Every series the runbook's alerts and queries read exists in Prometheus, with the labels their
 * matchers select on (and their `by` labels), and every selector with matchers matches a series.
 * Fails with the full list of what is missing; returns what was checked.
 */
export async function assertRunbookMetrics(prom: ExamplePrometheus, contract: RunbookContract, options: MetricCheckOptions = {}): Promise<MetricCheckReport> {
  const wanted = contractMetrics(contract);
  // A listing names a family: a histogram's series are `<name>_bucket` (and `_count`, `_sum`).
  const listed = new Set<string>();
  if (options.declared === true) {
    for (const d of contract.declared) {
      const entry = wanted.get(d.metric) ?? { matchers: new Set<string>(), groupBy: new Set<string>() };
      for (const l of d.labels) entry.matchers.add(l);
      wanted.set(d.metric, entry);
      listed.add(d.metric);
    }
  }
  const found: string[] = [];
  const missing: string[] = [];
  for (const [metric, labels] of wanted) {
    if (excluded(options.exclude, metric)) continue;
    let series = await prom.series(metric);
    if (series.length === 0 && listed.has(metric)) series = await prom.series(`${metric}_bucket`);
    if (series.length === 0) {
      missing.push(metric);
      continue;
    }
    found.push(metric);
    const required = [...labels.matchers, ...(options.groupBy === false ? [] : labels.groupBy)];
    for (const label of required) if (!series.some((s) => label in s)) missing.push(`${metric}: ${label}`);
  }
  if (options.selectorsMatch !== false) {
    const selectors = new Map([...contract.alerts, ...contract.queries].flatMap((e) => e.selectors).filter((s) => s.matchers.length > 0).map((s) => [s.text, s]));
    for (const s of selectors.values()) {
      if (excluded(options.exclude, s.metric, s.text) || missing.includes(s.metric)) continue;
      if ((await prom.series(s.text)).length === 0) missing.push(s.text);
    }
  }
  expect(missing, `runbook ${contract.file}: missing from Prometheus: ${missing.join('; ')} (found: ${found.join(', ')})`).toEqual([]);
  return { found, missing };
}

/**
 * Every alert expression of the runbook evaluates without error: through the query API, and, when
 * the runbook's rules were loaded (`startExamplePrometheus({ runbook })`), as a rule whose health is
 * `ok` after an evaluation. Returns the alerts checked.
 */
export async function assertAlertsEvaluate(prom: ExamplePrometheus, contract: RunbookContract, options: { exclude?: readonly ContractExclusion[] } = {}): Promise<RunbookExpression[]> {
  const checked = contract.alerts.filter((a) => !excluded(options.exclude, a.alert ?? '', a.expr));
  const errors: string[] = [];
  for (const a of checked) {
    const r = await prom.query(a.expr);
    if (r.status !== 'success') errors.push(`${a.alert}: ${r.errorType ?? ''} ${r.error ?? ''}`.trim());
  }
  expect(errors, `runbook ${contract.file}: alert expressions that fail: ${errors.join('; ')}`).toEqual([]);
  const names = new Set(checked.map((a) => a.alert));
  const loaded = (await prom.rules()).filter((r) => r.type === 'alerting' && names.has(r.name));
  if (loaded.length > 0) {
    await expect
      .poll(async () => (await prom.rules()).filter((r) => names.has(r.name) && r.lastEvaluation.startsWith('0001')).map((r) => r.name), { timeout: 15_000, interval: 500 })
      .toEqual([]);
    const unhealthy = (await prom.rules()).filter((r) => names.has(r.name) && r.health !== 'ok').map((r) => `${r.name}: ${r.health} ${r.lastError ?? ''}`);
    expect(unhealthy, `runbook ${contract.file}: loaded alert rules with errors: ${unhealthy.join('; ')}`).toEqual([]);
  }
  return checked;
}

/**
 * Log lines (those `where` selects, default all) that miss one of `fields`; asserts there is at
 * least `atLeast` (default 1) selected line and none misses a field. Returns the selected lines.
 */
export function assertLogFields(lines: readonly JsonLogLine[], fields: readonly string[], options: { where?: (line: JsonLogLine) => boolean; atLeast?: number } = {}): JsonLogLine[] {
  const selected = lines.filter(options.where ?? (() => true));
  expect(selected.length, `log lines selected (of ${lines.length})`).toBeGreaterThanOrEqual(options.atLeast ?? 1);
  const lacking = selected.flatMap((line) => {
    const absent = fields.filter((f) => line[f] === undefined || line[f] === null);
    return absent.length === 0 ? [] : [`${absent.join(', ')} missing in ${JSON.stringify(line).slice(0, 300)}`];
  });
  expect(lacking.slice(0, 5), `${lacking.length} log lines lack fields`).toEqual([]);
  return selected;
}

export interface TracedResponse {
  status: number;
  headers: Headers;
  body: string;
  /** The response's `X-Trace-ID` (asserted to be 32 lowercase hex digits). */
  traceId: string;
  /** The example's log lines with `trace_id` equal to it (at least one, waited for). */
  lines: JsonLogLine[];
}

/**
 * Request `path` from the example, read `X-Trace-ID` (or `header`), and wait until the example has
 * written a JSON log line whose `trace_id` equals it. Asserts both.
 */
export async function requestWithTrace(example: RunningExample, path: string, init: RequestInit & { header?: string; timeoutMs?: number } = {}): Promise<TracedResponse> {
  const res = await fetch(`${example.baseUrl}${path}`, init);
  const body = await res.text();
  const traceId = res.headers.get(init.header ?? 'x-trace-id') ?? '';
  expect(traceId, `${path}: X-Trace-ID`).toMatch(/^[0-9a-f]{32}$/);
  let lines: JsonLogLine[] = [];
  await expect
    .poll(() => (lines = example.logs().filter((l) => l['trace_id'] === traceId)).length, { timeout: init.timeoutMs ?? 10_000, interval: 100, message: `a log line with trace_id ${traceId}` })
    .toBeGreaterThan(0);
  return { status: res.status, headers: res.headers, body, traceId, lines };
}
