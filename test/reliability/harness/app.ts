/**
 * Apps for the reliability scenarios, run as real child processes: under
 * `node --require @otelkit/node/register` (`mode: 'preload'`) or starting otelkit themselves with
 * `start()` from '@otelkit/node' (`mode: 'library'`), with the probe preload (probe.cjs) writing RSS,
 * event-loop delay, open file descriptors and unhandled rejections to a side file, optionally under
 * `--unhandled-rejections=strict`. A hard timeout (SIGKILL) keeps a stuck child from stalling a run.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runApp, type AppExit, type AppProcess } from '@otelkit/testing';
import { sleep, warnLines } from '../../integration/helpers.js';

export { freePort, sleep, warnLines } from '../../integration/helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The `test/` workspace: children run there so `@otelkit/node` resolves. */
export const TEST_DIR = resolve(here, '..', '..');
export const PROBE = join(here, 'probe.cjs');
export const reliabilityFixture = (name: string): string => join(here, '..', 'fixtures', name);
const LISTENING = /listening on http:\/\/127\.0\.0\.1:(\d+)/;

/** One line of the probe. */
export interface ProbeSample {
  kind: 'start' | 'tick' | 'exit' | 'crash';
  t: number;
  rss: number;
  heapUsed: number;
  /** Event-loop delay since the previous sample, in ms. */
  eld: { p50: number; p99: number; max: number };
  /** Open file descriptors (entries of /proc/self/fd). */
  fds: number;
  unhandled: number;
  uncaught: number;
}

export interface HarnessAppOptions {
  /** Script to run. Default: fixtures/load-app.cjs. */
  entry?: string;
  /** `preload` (default): `--require @otelkit/node/register`; `library`: the app calls `start()`. */
  mode?: 'preload' | 'library';
  env?: Record<string, string | undefined>;
  /** Run with `--unhandled-rejections=strict`. */
  strict?: boolean;
  /** Probe period. Default 1000 ms. */
  probeIntervalMs?: number;
  /** SIGKILL after this long. Default 60 s. */
  timeoutMs?: number;
  /** Wait for the `listening on` line. Default true. */
  waitListening?: boolean;
}

export interface HarnessApp extends AsyncDisposable {
  readonly process: AppProcess;
  /** The app's HTTP port (0 if not waited for). */
  readonly port: number;
  readonly baseUrl: string;
  /** Probe lines so far. */
  samples(): ProbeSample[];
  /** Last `generated <n>` the app printed (SPANS_PER_SECOND). */
  generated(): number;
  /** Wait for `generated final <n>` and return n. */
  generatedFinal(timeoutMs?: number): Promise<number>;
  /** otelkit's `WARN` lines so far. */
  warnings(): string[];
  /** Send a signal and wait for the exit. */
  stop(signal?: NodeJS.Signals): Promise<AppExit>;
}

/** Every OTEL_* / OTELKIT_* variable of the test runner is removed so children start clean. */
function cleanEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { NODE_OPTIONS: undefined };
  for (const key of Object.keys(process.env)) if (key.startsWith('OTEL_') || key.startsWith('OTELKIT_')) env[key] = undefined;
  return env;
}


export async function startHarnessApp(options: HarnessAppOptions = {}): Promise<HarnessApp> {
  const dir = mkdtempSync(join(tmpdir(), 'otelkit-rel-'));
  const probeFile = join(dir, 'probe.jsonl');
  const mode = options.mode ?? 'preload';
  const app = runApp({
    entry: options.entry ?? reliabilityFixture('load-app.cjs'),
    preload: mode === 'preload' ? 'require' : 'none',
    cwd: TEST_DIR,
    nodeArgs: [...(options.strict === true ? ['--unhandled-rejections=strict'] : []), '--require', PROBE],
    timeoutMs: options.timeoutMs ?? 60_000,
    env: {
      ...cleanEnv(),
      PORT: '0',
      PROBE_FILE: probeFile,
      PROBE_INTERVAL_MS: String(options.probeIntervalMs ?? 1000),
      HARNESS_MODE: mode,
      ...options.env,
    },
  });
  let port = 0;
  try {
    if (options.waitListening ?? true) port = Number((await app.waitForOutput(LISTENING, { stream: 'stdout', timeoutMs: 15_000 }))[1]);
  } catch (error) {
    await app[Symbol.asyncDispose]();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const samples = (): ProbeSample[] => {
    let text: string;
    try {
      text = readFileSync(probeFile, 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as ProbeSample);
  };
  const generatedCounts = (): number[] => [...app.stdout().matchAll(/^generated (\d+)$/gm)].map((m) => Number(m[1]));
  return {
    process: app,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    samples,
    generated: () => generatedCounts().at(-1) ?? 0,
    async generatedFinal(timeoutMs = 30_000) {
      return Number((await app.waitForOutput(/generated final (\d+)/, { stream: 'stdout', timeoutMs }))[1]);
    },
    warnings: () => warnLines(app.stderr()),
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      app.kill(signal);
      return app.exited;
    },
    async [Symbol.asyncDispose]() {
      await app[Symbol.asyncDispose]();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** RSS growth (MiB) from the first sample at or after `fromMs` (since the first sample) to the last. */
export function rssGrowthMiB(samples: readonly ProbeSample[], fromMs = 0): number {
  const t0 = samples[0]?.t ?? 0;
  const window = samples.filter((s) => s.t - t0 >= fromMs);
  if (window.length < 2) return 0;
  return (window.at(-1)!.rss - window[0]!.rss) / 2 ** 20;
}

/** Least-squares slope of RSS in MiB per minute over the samples at or after `fromMs`. */
export function rssSlopeMiBPerMin(samples: readonly ProbeSample[], fromMs = 0): number {
  const t0 = samples[0]?.t ?? 0;
  const points = samples.filter((s) => s.t - t0 >= fromMs).map((s) => [(s.t - t0) / 60_000, s.rss / 2 ** 20] as const);
  if (points.length < 3) return 0;
  const mx = points.reduce((a, [x]) => a + x, 0) / points.length;
  const my = points.reduce((a, [, y]) => a + y, 0) / points.length;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** The pipeline counters of /status (`OTELKIT_HEALTH_PORT`) for one signal. */
export interface SignalStatus {
  exported: number;
  dropped: number;
  failed: number;
  queued?: number;
  /** Exports in flight now, and the most at once. */
  inFlight: number;
  inFlightMax: number;
  failedByType: Record<string, number>;
  droppedByReason?: Record<string, number>;
}

/** Read `/status` of an app's health server. */
export async function readStatus(healthPort: number, signal: 'traces' | 'metrics' | 'logs' = 'traces'): Promise<SignalStatus> {
  const response = await fetch(`http://127.0.0.1:${healthPort}/status`, { signal: AbortSignal.timeout(5000) });
  const body = (await response.json()) as { exporters: Record<string, SignalStatus> };
  return body.exporters[signal]!;
}

/** Items a signal's pipeline has accounted for: delivered, failed or dropped. */
export const accounted = (s: SignalStatus): number => s.exported + s.failed + s.dropped;

/** Poll `/status` until `done` holds; throws with the last status after `timeoutMs`. */
export async function waitForStatus(port: number, done: (s: SignalStatus) => boolean, timeoutMs: number): Promise<SignalStatus> {
  const until = Date.now() + timeoutMs;
  let last: SignalStatus | undefined;
  for (;;) {
    last = await readStatus(port).catch(() => last);
    if (last !== undefined && done(last)) return last;
    if (Date.now() > until) throw new Error(`/status never got there; last: ${JSON.stringify(last)}`);
    await sleep(200);
  }
}
