/**
 * otelkit's own diagnostics: short lines on stderr, rate-limited per distinct problem.
 *
 * Runtime paths call {@link warnOnce} instead of throwing. A problem key prints at most one line a
 * minute, so a broken collector or a bad header can never flood the host app's logs.
 */
import { activeEnv } from './env/source.js';

/** Severity of an otelkit diagnostic line. */
export type OtelkitDiagLevel = 'error' | 'warn' | 'info' | 'debug';

/** Where diagnostic lines go; tests and embedders may replace it. */
export type OtelkitDiagSink = (level: OtelkitDiagLevel, line: string) => void;

const RANK: Record<string, number> = { none: 0, error: 1, warn: 2, info: 3, debug: 4, verbose: 5, all: 6 };
const LEVEL_RANK: Record<OtelkitDiagLevel, number> = { error: 1, warn: 2, info: 3, debug: 4 };
const REPEAT_INTERVAL_MS = 60_000;

const defaultSink: OtelkitDiagSink = (_level, line) => {
  try {
    process.stderr.write(`${line}\n`);
  } catch {
    // stderr closed: nothing sensible left to do.
  }
};

interface DiagState {
  sink: OtelkitDiagSink;
  lastPrinted: Map<string, number>;
}

// One state per process, shared by every installed copy of @otelkit/core.
const STATE_KEY = Symbol.for('otelkit.diag.v1');
const holder = globalThis as unknown as Record<symbol, DiagState | undefined>;
const state: DiagState = (holder[STATE_KEY] ??= { sink: defaultSink, lastPrinted: new Map() });

function threshold(): number {
  // OTEL_LOG_LEVEL is read raw here: the env reader itself reports through this module.
  const raw = activeEnv()['OTEL_LOG_LEVEL']?.trim().toLowerCase();
  return raw !== undefined && raw in RANK ? (RANK[raw] as number) : RANK['info']!;
}

/** True when a line of this level would be printed under the current `OTEL_LOG_LEVEL`. */
export function diagEnabled(level: OtelkitDiagLevel): boolean {
  return LEVEL_RANK[level] <= threshold();
}

/** Print one diagnostic line now, if the level allows it. Never throws. */
export function diagLog(level: OtelkitDiagLevel, message: string): void {
  if (!diagEnabled(level)) return;
  try {
    state.sink(level, `otelkit ${level.toUpperCase()} ${message}`);
  } catch {
    // A failing sink must not reach the caller.
  }
}

/**
 * Print a line for `key` unless one was printed for the same key in the last minute.
 * @returns true when the line was printed.
 */
export function warnOnce(key: string, message: string, level: OtelkitDiagLevel = 'warn'): boolean {
  const now = Date.now();
  const last = state.lastPrinted.get(key);
  if (last !== undefined && now - last < REPEAT_INTERVAL_MS) return false;
  state.lastPrinted.set(key, now);
  diagLog(level, message);
  return true;
}

/** Replace the sink (returns the previous one). Meant for tests and embedding. */
export function setDiagSink(sink: OtelkitDiagSink): OtelkitDiagSink {
  const previous = state.sink;
  state.sink = sink;
  return previous;
}

/** Forget which keys were printed, so the next warning for each prints again. Meant for tests. */
export function resetDiagRateLimit(): void {
  state.lastPrinted.clear();
}

/**
 * Let `work` go on without anyone awaiting it. Its rejection, which would otherwise surface as an
 * unhandled rejection (by default the end of the host process), becomes one rate-limited warning
 * under `key`: `what: <reason>`. Never throws, and the warning path cannot throw either.
 */
export function runDetached(work: PromiseLike<unknown>, key: string, what: string): void {
  try {
    work.then(undefined, (error: unknown) => {
      warnOnce(key, `${what}: ${reasonOf(error)}`);
    });
  } catch (error) {
    // A thenable whose then() throws: report it the same way.
    warnOnce(key, `${what}: ${reasonOf(error)}`);
  }
}

function reasonOf(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'an unprintable value';
  }
}
