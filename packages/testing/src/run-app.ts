/**
 * Runs a user app as a real child process, optionally under the otelkit preload, and captures
 * its output. A hard timeout (SIGKILL) keeps a stuck app from stalling the test run.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { isAbsolute } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

/** How the preload is passed to node. */
export type PreloadMode = 'require' | 'import' | 'none';

/** Options for {@link runApp}. */
export interface RunAppOptions {
  /** Path of the script to run. */
  entry: string;
  /** Arguments after the script. */
  args?: string[];
  /** Working directory of the child. Default: this process's. */
  cwd?: string;
  /** Merged over `process.env`; a key set to `undefined` is removed from the child's environment. */
  env?: Record<string, string | undefined>;
  /** `require` passes `--require <spec>`, `import` passes `--import <spec>`. Default `none`. */
  preload?: PreloadMode;
  /** What to preload. Default `@otelkit/node/register`, resolved from the child's `cwd`. */
  preloadSpecifier?: string;
  /** Extra node flags, placed before the preload flag. */
  nodeArgs?: string[];
  /** Node binary. Default `process.execPath`. */
  execPath?: string;
  /** Kill the child with SIGKILL after this many milliseconds. Default 30000; 0 disables. */
  timeoutMs?: number;
}

/** How a child process ended. */
export interface AppExit {
  /** Exit code, or null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the runner killed the child because `timeoutMs` elapsed. */
  timedOut: boolean;
  durationMs: number;
  /** Set when the child could not be started (e.g. a wrong `execPath`). */
  spawnError?: Error;
}

/** Options for {@link AppProcess.waitForOutput}. */
export interface WaitForOutputOptions {
  /** Which stream to search. Default `both` (either stream may match). */
  stream?: 'stdout' | 'stderr' | 'both';
  /** Give up after this many milliseconds. Default 10000. */
  timeoutMs?: number;
}

/** A running child app. Use with `await using` to have it killed at the end of a scope. */
export interface AppProcess extends AsyncDisposable {
  readonly child: ChildProcess;
  /** The child's pid (undefined if it could not be started). */
  readonly pid: number | undefined;
  /** stdout captured so far. */
  stdout(): string;
  /** stderr captured so far. */
  stderr(): string;
  /**
   * Resolve with the first match of `pattern` in the output. Rejects, quoting the output, if the
   * child exits or the timeout passes first.
   */
  waitForOutput(pattern: RegExp, options?: WaitForOutputOptions): Promise<RegExpMatchArray>;
  /** Send a signal (default SIGTERM). Returns false if the child is gone. */
  kill(signal?: NodeJS.Signals): boolean;
  /** Settles (never rejects) when the child has exited and its output is fully read. */
  readonly exited: Promise<AppExit>;
}

const DEFAULT_PRELOAD = '@otelkit/node/register';
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_OUTPUT_TIMEOUT_MS = 10_000;

function childEnv(overrides: Record<string, string | undefined> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

function preloadArgs(mode: PreloadMode, specifier: string): string[] {
  if (mode === 'none') return [];
  if (mode === 'require') return ['--require', specifier];
  // --import takes a URL or a specifier; an absolute Windows path would read as a URL scheme.
  return ['--import', isAbsolute(specifier) ? pathToFileURL(specifier).href : specifier];
}

// A /g or /y pattern would carry lastIndex between calls; match with a fresh, stateless copy.
function stateless(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
}

function describeOutput(stdout: string, stderr: string): string {
  return `--- stdout ---\n${stdout}--- stderr ---\n${stderr}`;
}

/**
 * Start `node [nodeArgs] [--require|--import spec] entry [args]` as a child process.
 *
 * @example
 * ```ts
 * await using app = runApp({ entry: 'server.js', preload: 'require', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
 * await app.waitForOutput(/listening/);
 * ```
 */
export function runApp(options: RunAppOptions): AppProcess {
  const argv = [
    ...(options.nodeArgs ?? []),
    ...preloadArgs(options.preload ?? 'none', options.preloadSpecifier ?? DEFAULT_PRELOAD),
    options.entry,
    ...(options.args ?? []),
  ];
  const started = performance.now();
  const child = spawn(options.execPath ?? process.execPath, argv, {
    cwd: options.cwd,
    env: childEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let stdout = '';
  let stderr = '';
  let timedOut = false;
  let done = false;
  const listeners = new Set<() => void>();
  const notify = (): void => {
    for (const listener of listeners) listener();
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    notify();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    notify();
  });

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const killTimer =
    timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, timeoutMs)
      : undefined;
  // The child itself keeps the event loop alive; the timer must not outlive it.
  killTimer?.unref();

  const exited = new Promise<AppExit>((resolve) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error): void => {
      if (done) return;
      done = true;
      clearTimeout(killTimer);
      const exit: AppExit = { code, signal, stdout, stderr, timedOut, durationMs: performance.now() - started };
      if (spawnError !== undefined) exit.spawnError = spawnError;
      resolve(exit);
      notify();
    };
    // 'close' rather than 'exit': it fires once the output pipes are drained too.
    child.once('close', (code, signal) => finish(code, signal));
    // A child that never started emits 'error' and no 'close'.
    child.once('error', (error) => {
      if (child.pid === undefined) finish(null, null, error);
    });
  });

  const waitForOutput = (pattern: RegExp, waitOptions: WaitForOutputOptions = {}): Promise<RegExpMatchArray> => {
    const stream = waitOptions.stream ?? 'both';
    const regex = stateless(pattern);
    const search = (): RegExpMatchArray | null => {
      const inStdout = stream === 'stderr' ? null : stdout.match(regex);
      return inStdout ?? (stream === 'stdout' ? null : stderr.match(regex));
    };
    return new Promise((resolve, reject) => {
      const settle = (): void => {
        const match = search();
        if (match === null && !done) return;
        listeners.delete(settle);
        clearTimeout(timer);
        if (match !== null) resolve(match);
        else reject(new Error(`app exited before its ${stream} matched ${pattern}\n${describeOutput(stdout, stderr)}`));
      };
      const timer = setTimeout(() => {
        listeners.delete(settle);
        reject(new Error(`no ${stream} output matched ${pattern} within ${waitOptions.timeoutMs ?? DEFAULT_OUTPUT_TIMEOUT_MS} ms\n${describeOutput(stdout, stderr)}`));
      }, waitOptions.timeoutMs ?? DEFAULT_OUTPUT_TIMEOUT_MS);
      listeners.add(settle);
      settle();
    });
  };

  return {
    child,
    pid: child.pid,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForOutput,
    kill: (signal: NodeJS.Signals = 'SIGTERM') => child.kill(signal),
    exited,
    async [Symbol.asyncDispose](): Promise<void> {
      if (!done && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Run an app to completion and return how it ended. Same options as {@link runApp}. */
export function runAppToExit(options: RunAppOptions): Promise<AppExit> {
  return runApp(options).exited;
}
