/**
 * The check registry and the state behind the four endpoints. One default instance per process
 * ({@link health}), shared through a global symbol, so the copy bundled into the preload and the
 * app's own import of @otelkit/health see the same checks and the same shutdown state.
 */
import { OtelkitError, OTELKIT_VERSION, invalidOption } from '@otelkit/core';
import { runCheck, type RegisteredCheck } from './checks.js';
import { EventLoopMonitor } from './event-loop.js';
import { checkKnown, optionalString, positiveNumber, ratio } from './options.js';
import { readDisk, readMemory } from './system.js';
import type {
  CheckResult,
  CheckStatus,
  HealthCheckFn,
  HealthCheckOptions,
  HealthRegistryOptions,
  HealthReport,
  HealthStatus,
  LiveReport,
  ReadyReport,
  StatusSource,
} from './types.js';

/** The registry's defaults (and `addCheck`'s timeout), for code that configures it from elsewhere. */
export const HEALTH_DEFAULTS: Readonly<{ cacheMs: number; eventLoopDelayMaxMs: number; memoryWarnRatio: number; diskWarnRatio: number; checkTimeoutMs: number }> =
  Object.freeze({ cacheMs: 5000, eventLoopDelayMaxMs: 2000, memoryWarnRatio: 0.9, diskWarnRatio: 0.9, checkTimeoutMs: 2000 });
const DEFAULTS = HEALTH_DEFAULTS;
const REGISTRY_OPTIONS = ['cacheMs', 'eventLoopDelayMaxMs', 'diskPath', 'memoryWarnRatio', 'diskWarnRatio', 'version', 'serviceName'];
const CHECK_OPTIONS = ['critical', 'timeout'];
const CHECK_NAME = /^[A-Za-z0-9._:-]{1,64}$/;
const MAX_TIMEOUT_MS = 600_000;

function validate(options: HealthRegistryOptions): void {
  checkKnown('health options', options, REGISTRY_OPTIONS);
  positiveNumber('cacheMs', options.cacheMs, 3_600_000);
  positiveNumber('eventLoopDelayMaxMs', options.eventLoopDelayMaxMs, MAX_TIMEOUT_MS);
  ratio('memoryWarnRatio', options.memoryWarnRatio);
  ratio('diskWarnRatio', options.diskWarnRatio);
  optionalString('diskPath', options.diskPath);
  optionalString('version', options.version);
  optionalString('serviceName', options.serviceName);
}

function worst(statuses: Iterable<CheckStatus>): CheckStatus {
  let out: CheckStatus = 'ok';
  for (const s of statuses) {
    if (s === 'fail') return 'fail';
    if (s === 'warn') out = 'warn';
  }
  return out;
}

/** Holds dependency checks, runs them (cached, bounded) and answers the four endpoints. */
export class HealthRegistry {
  private options: HealthRegistryOptions = {};
  private readonly checks = new Map<string, RegisteredCheck>();
  private readonly sources = new Map<string, StatusSource>();
  private readonly loop = new EventLoopMonitor();
  private inFlight: Promise<CheckResult[]> | undefined;
  private cached: { at: number; results: CheckResult[] } | undefined;
  private started = true;
  private shuttingDown = false;
  private runs = 0;
  private readonly createdAt = Date.now();

  constructor(options: HealthRegistryOptions = {}) {
    this.configure(options);
  }

  /** Merge options into the current ones. Invalid values throw {@link OtelkitError}. */
  configure(options: HealthRegistryOptions): this {
    validate(options);
    this.options = { ...this.options, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
    this.cached = undefined;
    return this;
  }

  /** The options in effect, defaults filled in. */
  settings(): Required<Omit<HealthRegistryOptions, 'version' | 'serviceName'>> & Pick<HealthRegistryOptions, 'version' | 'serviceName'> {
    const o = this.options;
    return {
      cacheMs: o.cacheMs ?? DEFAULTS.cacheMs,
      eventLoopDelayMaxMs: o.eventLoopDelayMaxMs ?? DEFAULTS.eventLoopDelayMaxMs,
      diskPath: o.diskPath ?? process.cwd(),
      memoryWarnRatio: o.memoryWarnRatio ?? DEFAULTS.memoryWarnRatio,
      diskWarnRatio: o.diskWarnRatio ?? DEFAULTS.diskWarnRatio,
      version: o.version,
      serviceName: o.serviceName,
    };
  }

  /**
   * Register a dependency check. Returns a function that removes it.
   * @example
   * health.addCheck('db', async () => { await pool.query('SELECT 1'); }, { critical: true, timeout: 2000 });
   */
  addCheck(name: string, fn: HealthCheckFn, options: HealthCheckOptions = {}): () => void {
    if (typeof name !== 'string' || !CHECK_NAME.test(name)) throw invalidOption('name', '1 to 64 characters of A-Z a-z 0-9 . _ : -', name);
    if (typeof fn !== 'function') throw invalidOption('check', 'a function', fn);
    checkKnown('addCheck()', options, CHECK_OPTIONS);
    positiveNumber('timeout', options.timeout, MAX_TIMEOUT_MS);
    if (options.critical !== undefined && typeof options.critical !== 'boolean') throw invalidOption('critical', 'a boolean', options.critical);
    if (this.checks.has(name)) throw new OtelkitError('OTELKIT_ERR_DUPLICATE_CHECK', `a health check named "${name}" is already registered`);
    const check: RegisteredCheck = { name, fn, critical: options.critical ?? true, timeoutMs: options.timeout ?? DEFAULTS.checkTimeoutMs };
    this.checks.set(name, check);
    this.cached = undefined;
    return () => {
      if (this.checks.get(name) === check) this.removeCheck(name);
    };
  }

  /** Remove a check by name. Returns false when there was none. */
  removeCheck(name: string): boolean {
    const removed = this.checks.delete(name);
    if (removed) this.cached = undefined;
    return removed;
  }

  /** Names of the registered checks. */
  checkNames(): string[] {
    return [...this.checks.keys()];
  }

  /** Declare whether startup is complete; `/ready` is 503 until it is. Starting again clears the shutdown state. */
  setStarted(started = true): void {
    this.started = started;
    if (started) this.shuttingDown = false;
  }

  /** From now on `/ready` answers 503, so load balancers drain the instance before it exits. */
  setShuttingDown(shuttingDown = true): void {
    this.shuttingDown = shuttingDown;
  }

  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Add (or with `undefined`, remove) a named section of `/status`. The function must return JSON-safe data. */
  setStatusSource(name: string, source: StatusSource | undefined): void {
    if (source === undefined) this.sources.delete(name);
    else this.sources.set(name, source);
  }

  /** How many times the dependency checks actually ran (cache misses). */
  checkRuns(): number {
    return this.runs;
  }

  /**
   * Results of every check. A run is reused for `cacheMs` after it finished, and callers that come
   * while a run is in progress share it. Never rejects.
   */
  runChecks(): Promise<CheckResult[]> {
    const cached = this.cached;
    if (cached !== undefined && Date.now() - cached.at < this.settings().cacheMs) return Promise.resolve(cached.results);
    this.inFlight ??= this.runAll();
    return this.inFlight;
  }

  private async runAll(): Promise<CheckResult[]> {
    this.runs++;
    try {
      const checks = [...this.checks.values()];
      const results = await Promise.all(checks.map((c) => runCheck(c)));
      checks.forEach((c, i) => (c.last = results[i]));
      this.cached = { at: Date.now(), results };
      return results;
    } finally {
      this.inFlight = undefined;
    }
  }

  /** `/live`: the process answers and its event loop is not stalled. Runs no dependency check. */
  live(): LiveReport {
    const max = this.settings().eventLoopDelayMaxMs;
    const delay = Math.round(this.loop.delayMs());
    return { status: delay <= max ? 'ok' : 'fail', eventLoopDelayMs: delay, eventLoopDelayMaxMs: max };
  }

  /** `/ready`: started, not shutting down, and every critical check passing. */
  async ready(): Promise<ReadyReport> {
    if (this.shuttingDown) return { status: 'not_ready', reason: 'shutting_down' };
    if (!this.started) return { status: 'not_ready', reason: 'starting' };
    const results = await this.runChecks();
    // Shutdown may have begun while the checks ran.
    if (this.shuttingDown) return { status: 'not_ready', reason: 'shutting_down' };
    const failed = results.filter((r) => r.critical && r.status === 'fail').map((r) => r.name);
    return failed.length === 0 ? { status: 'ready' } : { status: 'not_ready', reason: 'checks_failed', failed };
  }

  /** `/health`: memory, disk and dependencies, summed up as healthy, degraded or unhealthy. */
  async health(): Promise<HealthReport> {
    const s = this.settings();
    const [results, disk] = await Promise.all([this.runChecks(), readDisk(s.diskPath, s.diskWarnRatio)]);
    const memory = readMemory(s.memoryWarnRatio);
    const dependencies = Object.fromEntries(results.map((r) => [r.name, r.status])) as Record<string, CheckStatus>;
    const depStatus = worst(results.map((r) => r.status));
    return {
      status: overall(results, [memory.status, disk.status]),
      timestamp: new Date().toISOString(),
      version: s.version,
      checks: { memory: memory.status, disk: disk.status, dependencies: depStatus },
      dependencies,
    };
  }

  /** `/status`: everything an on-call human wants on one page. */
  async status(): Promise<Record<string, unknown>> {
    const s = this.settings();
    const [results, disk] = await Promise.all([this.runChecks(), readDisk(s.diskPath, s.diskWarnRatio)]);
    const memory = readMemory(s.memoryWarnRatio);
    const ready = await this.ready();
    const report: Record<string, unknown> = {
      status: overall(results, [memory.status, disk.status]),
      timestamp: new Date().toISOString(),
      service: { name: s.serviceName, version: s.version },
      uptimeSeconds: Math.round(process.uptime() * 10) / 10,
      startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
      versions: { node: process.version, v8: process.versions.v8, otelkit: OTELKIT_VERSION },
      lifecycle: { started: this.started, shuttingDown: this.shuttingDown, ready: ready.status === 'ready' },
      live: this.live(),
      memory,
      disk,
      cache: { intervalMs: s.cacheMs, runs: this.runs, registryAgeSeconds: Math.round((Date.now() - this.createdAt) / 1000) },
      checks: results.map((r) => ({ ...r, timeoutMs: this.checks.get(r.name)?.timeoutMs })),
    };
    for (const [name, source] of this.sources) {
      try {
        report[name] = source();
      } catch (error) {
        report[name] = { error: (error as Error)?.message ?? String(error) };
      }
    }
    return report;
  }
}

function overall(results: readonly CheckResult[], system: readonly CheckStatus[]): HealthStatus {
  if (results.some((r) => r.critical && r.status === 'fail')) return 'unhealthy';
  if (results.some((r) => r.status !== 'ok') || system.some((st) => st !== 'ok')) return 'degraded';
  return 'healthy';
}

const REGISTRY_KEY = Symbol.for('otelkit.health.v1');
const holder = globalThis as unknown as Record<symbol, HealthRegistry | undefined>;

/** The process-wide registry that the preload's health server and the adapters use by default. */
export const health: HealthRegistry = (holder[REGISTRY_KEY] ??= new HealthRegistry());
