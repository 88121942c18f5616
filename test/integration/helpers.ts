/**
 * Shared plumbing for the integration tests: a real OTLP receiver, a real child process under the
 * otelkit preload, real HTTP requests, and the little parsers the assertions need.
 */
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  runApp,
  startOtlpReceiver,
  type OtlpReceiverOptions,
  type AppExit,
  type AppProcess,
  type OtlpReceiver,
  type PreloadMode,
  type ReceivedSpan,
} from '@otelkit/testing';

const here = dirname(fileURLToPath(import.meta.url));
/** The `test/` workspace: children run here so `@otelkit/node/register` resolves. */
export const TEST_DIR = resolve(here, '..');
export const REPO_ROOT = resolve(TEST_DIR, '..');
export const fixture = (name: string): string => join(TEST_DIR, 'fixtures', name);
export const example = (path: string): string => join(REPO_ROOT, 'examples', path);
/** The built preload, by absolute path (for children whose cwd cannot resolve the package). */
export const REGISTER_CJS = join(REPO_ROOT, 'packages', 'node', 'dist', 'register.cjs');

export const TRACE_ID = /^[0-9a-f]{32}$/;
export const SPAN_ID = /^[0-9a-f]{16}$/;
export const ZERO_TRACE_ID = '0'.repeat(32);
export const LISTENING = /listening on http:\/\/127\.0\.0\.1:(\d+)/;

export const SPAN_KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3 } as const;

/** Every OTEL_* / OTELKIT_* variable of the test runner is removed so children start clean. */
function cleanEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { NODE_OPTIONS: undefined };
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('OTEL_') || key.startsWith('OTELKIT_')) env[key] = undefined;
  }
  return env;
}

// ---------------------------------------------------------------------------------------------
// Resource tracking: everything started through these helpers is torn down by disposeAll().

const openResources = new Set<() => Promise<void>>();

function track(dispose: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  const once = (): Promise<void> => {
    openResources.delete(once);
    done ??= dispose();
    return done;
  };
  openResources.add(once);
  return once;
}

/** Kill every app and close every receiver still open. Call it in afterEach. */
export async function disposeAll(): Promise<void> {
  const pending = [...openResources];
  await Promise.allSettled(pending.map((dispose) => dispose()));
}

export async function newReceiver(options?: OtlpReceiverOptions): Promise<OtlpReceiver> {
  const receiver = await startOtlpReceiver(options);
  track(() => receiver.close());
  return receiver;
}

export interface StartOptions {
  entry: string;
  preload?: PreloadMode;
  env?: Record<string, string | undefined>;
  cwd?: string;
  preloadSpecifier?: string;
  /** An existing receiver; default: a new one. */
  receiver?: OtlpReceiver;
  /** Wait for the `listening on http://127.0.0.1:PORT` line. Default true. */
  waitListening?: boolean;
  /** Hard kill after this many ms. Default 25000 (below the 30 s test timeout). */
  timeoutMs?: number;
  /** Node flags before the preload (e.g. `--expose-gc`). */
  nodeArgs?: string[];
}

export interface Scenario {
  receiver: OtlpReceiver;
  app: AppProcess;
  /** Port of the app's server (0 when waitListening is false). */
  port: number;
  baseUrl: string;
  /** Send a signal and wait for the exit; `signalToExitMs` is measured from the signal. */
  stop(signal?: NodeJS.Signals): Promise<AppExit & { signalToExitMs: number }>;
  dispose(): Promise<void>;
}

/**
 * Start a receiver (unless given) and the app under the preload, pointed at the receiver with a
 * short batch delay, and wait for its listening line.
 */
export async function startScenario(options: StartOptions): Promise<Scenario> {
  const receiver = options.receiver ?? (await newReceiver());
  const app = runApp({
    entry: options.entry,
    preload: options.preload ?? 'require',
    cwd: options.cwd ?? TEST_DIR,
    timeoutMs: options.timeoutMs ?? 25_000,
    ...(options.preloadSpecifier === undefined ? {} : { preloadSpecifier: options.preloadSpecifier }),
    ...(options.nodeArgs === undefined ? {} : { nodeArgs: options.nodeArgs }),
    env: {
      ...cleanEnv(),
      PORT: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '50',
      ...options.env,
    },
  });
  const disposeApp = track(async () => {
    await app[Symbol.asyncDispose]();
  });
  let port = 0;
  if (options.waitListening ?? true) {
    const match = await app.waitForOutput(LISTENING, { stream: 'stdout', timeoutMs: 15_000 });
    port = Number(match[1]);
  }
  return {
    receiver,
    app,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      const sentAt = performance.now();
      app.kill(signal);
      const exit = await app.exited;
      return { ...exit, signalToExitMs: performance.now() - sentAt };
    },
    dispose: disposeApp,
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP

export interface HttpResult {
  status: number;
  headers: Headers;
  body: string;
}

export async function get(url: string, headers: HeadersInit = {}): Promise<HttpResult> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** The X-Trace-ID of a response, asserted to be present. */
export function traceHeader(result: HttpResult, name = 'x-trace-id'): string {
  const value = result.headers.get(name);
  if (value === null) throw new Error(`response has no ${name} header (status ${result.status})`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Spans

export const serverSpans = (spans: readonly ReceivedSpan[]): ReceivedSpan[] => spans.filter((s) => s.kind === SPAN_KIND.SERVER);

/** Wait for the server span of a trace and return it. */
export async function waitForServerSpan(receiver: OtlpReceiver, traceId: string, timeoutMs = 10_000): Promise<ReceivedSpan> {
  await receiver.waitFor((r) => r.spans().some((s) => s.kind === SPAN_KIND.SERVER && s.traceId === traceId), { timeoutMs });
  return receiver.spans().find((s) => s.kind === SPAN_KIND.SERVER && s.traceId === traceId)!;
}

/** Distinct `test.seq` values received, and how many spans carried one. */
export function seqStats(spans: readonly ReceivedSpan[]): { distinct: Set<string>; total: number; duplicateSpanIds: number } {
  const distinct = new Set<string>();
  let total = 0;
  const ids = new Set<string>();
  let duplicateSpanIds = 0;
  for (const span of spans) {
    if (ids.has(span.spanId)) duplicateSpanIds++;
    ids.add(span.spanId);
    const seq = span.attributes['test.seq'];
    if (seq === undefined) continue;
    total++;
    distinct.add(String(seq));
  }
  return { distinct, total, duplicateSpanIds };
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

/** otelkit's warning lines (`otelkit WARN ...`) in a stderr capture. */
export function warnLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('otelkit WARN '));
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Warning lines that name an environment variable (as a whole word). */
export function warningsNaming(stderr: string, name: string): string[] {
  const word = new RegExp(`(^|[^A-Z0-9_])${escapeRegex(name)}([^A-Z0-9_]|$)`);
  return warnLines(stderr).filter((line) => word.test(line));
}

// ---------------------------------------------------------------------------------------------
// Misc

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Run `fn` over `items` with at most `limit` running at once (children are heavy on 2 cores). */
export async function inPool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export function parseTraceparent(value: string | null): { version: string; traceId: string; spanId: string; flags: string } | undefined {
  const match = value === null ? null : /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(value);
  if (match === null) return undefined;
  return { version: match[1]!, traceId: match[2]!, spanId: match[3]!, flags: match[4]! };
}

/**
 * A TCP port that was free a moment ago (for servers a child process must bind to a known port).
 * Drawn below Linux's ephemeral range (32768-60999): a port picked there by listen(0) could be handed
 * to another test's server (listening on port 0) before the child binds it, which made a scrape
 * reach the wrong server now and then. Between this check and the child's listen() another test
 * file could draw the same port, so each vitest worker draws from a slice of its own
 * (`VITEST_POOL_ID`), and a process never hands out the same port twice.
 */
const PORT_BASE = 20_000;
const PORT_SLICE = 1_500;
const PORT_SLICES = 8;
const handedOut = new Set<number>();

export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const pool = Number(process.env['VITEST_POOL_ID']);
  const slice = Number.isInteger(pool) && pool > 0 ? (pool - 1) % PORT_SLICES : Math.floor(Math.random() * PORT_SLICES);
  const first = PORT_BASE + slice * PORT_SLICE;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 200) throw new Error(`no free port found between ${first} and ${first + PORT_SLICE}`);
    const port = first + Math.floor(Math.random() * PORT_SLICE);
    if (handedOut.has(port)) continue;
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (bound) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      handedOut.add(port);
      return port;
    }
  }
}

/**
 * Resolve once something accepts connections on 127.0.0.1:`port` (a child's `/metrics` server binds
 * a little after its app prints that it is ready).
 */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (performance.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await sleep(50);
  }
}
