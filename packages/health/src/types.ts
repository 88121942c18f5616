/** Public types of @otelkit/health. */

/** Outcome of one check: `warn` degrades `/health` without failing `/ready`. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

/** Overall status of `/health` and `/status`, as in the runbooks. */
export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

/**
 * What a check function may return. `undefined`, `true` or any other value means ok; `false`
 * means fail; an object with a `status` reports that status (and an optional short message).
 * A throw, a rejection or a timeout is a failure.
 */
export type HealthCheckReturn = void | boolean | { status?: CheckStatus; message?: string };

/** A dependency check: resolve when the dependency is usable, throw or reject when it is not. */
export type HealthCheckFn = () => HealthCheckReturn | Promise<HealthCheckReturn> | unknown;

/** Options of {@link HealthRegistry.addCheck}. */
export interface HealthCheckOptions {
  /** A failing critical check makes `/ready` 503 and `/health` `unhealthy`. @default true */
  critical?: boolean;
  /** Milliseconds after which a run counts as failed. @default 2000 */
  timeout?: number;
}

/** Last result of one dependency check. */
export interface CheckResult {
  readonly name: string;
  readonly status: CheckStatus;
  readonly critical: boolean;
  /** Milliseconds the run took (the timeout when it timed out). */
  readonly latencyMs: number;
  /** ISO-8601 time the run started. */
  readonly checkedAt: string;
  /** Why it failed or warned (the error message, truncated); absent when ok. */
  readonly message?: string;
  readonly timedOut?: boolean;
}

/** Options of a {@link HealthRegistry}. Every field is optional. */
export interface HealthRegistryOptions {
  /** Milliseconds a run of the dependency checks is reused, so a probe storm runs them once. @default 5000 */
  cacheMs?: number;
  /** `/live` fails while the event loop was last seen delayed by more than this many ms. @default 2000 */
  eventLoopDelayMaxMs?: number;
  /** Path whose file system `/health` reports (fs.statfs). @default process.cwd() */
  diskPath?: string;
  /** Heap used over the heap limit at or above which memory reports `warn`. @default 0.9 */
  memoryWarnRatio?: number;
  /** Used space over total at or above which disk reports `warn`. @default 0.9 */
  diskWarnRatio?: number;
  /** Service version shown by `/health` and `/status`. */
  version?: string;
  /** Service name shown by `/status`. */
  serviceName?: string;
}

/** Body of `/live`. */
export interface LiveReport {
  status: 'ok' | 'fail';
  eventLoopDelayMs: number;
  eventLoopDelayMaxMs: number;
}

/** Body of `/ready`. */
export interface ReadyReport {
  status: 'ready' | 'not_ready';
  /** Why not: still starting, shutting down, or critical checks failing. */
  reason?: 'starting' | 'shutting_down' | 'checks_failed';
  /** Names of the failing critical checks. */
  failed?: string[];
}

/** Body of `/health`, shaped as in the runbooks. */
export interface HealthReport {
  status: HealthStatus;
  timestamp: string;
  version: string | undefined;
  checks: { memory: CheckStatus; disk: CheckStatus; dependencies: CheckStatus };
  /** Per-dependency status. */
  dependencies: Record<string, CheckStatus>;
}

/** A section of `/status` provided by someone else (the SDK's exporter state, its config). */
export type StatusSource = () => unknown;

/** The four endpoints. */
export type HealthEndpoint = 'health' | 'ready' | 'live' | 'status';

/** Request paths of the four endpoints. */
export type HealthPaths = Readonly<Record<HealthEndpoint, string>>;

/** A rendered endpoint response. */
export interface HealthResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}
