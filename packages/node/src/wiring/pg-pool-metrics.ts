/**
 * pg's connection-pool metrics, read from the pools at collection time.
 *
 * @opentelemetry/instrumentation-pg keeps `db.client.connection.count` and
 * `db.client.connection.pending_requests` as up-down counters fed with deltas on every pool event
 * (connect, acquire, release, remove). It keeps one set of "last seen" counts for all pools, so an
 * app with two pools (a primary and a replica, a pool per tenant) gets each pool's deltas computed
 * against the other's counts: idle counts below zero, used counts that belong to the other pool. It
 * also costs three `add()` calls, each hashing a fresh attribute object, on every acquire and
 * every release: twice per query made through `pool.query()`.
 *
 * Here the instrumentation's meter hands it inert instruments under those two names, and the same
 * meter (so the series keep the instrumentation's scope, names, units and attributes) reads every
 * live pool's `totalCount`, `idleCount` and `waitingCount` when metrics are collected. Pools are
 * found as they hand out their first client (`Pool#connect`, which `pool.query()` uses too:
 * instrumentations/pg-pool-tracker.ts) and held weakly, so a pool the app drops is collected as
 * before; a pool that has ended and closed its connections is no longer reported. Pools with the same name (host:port/database, as the
 * instrumentation names them) are added up into one series. `db.client.connection.max` and the
 * operation duration stay the instrumentation's own: they are right per pool.
 */
import type { Attributes, BatchObservableResult, Meter, Observable, UpDownCounter } from '@opentelemetry/api';
import { warnOnce } from '@otelkit/core';

/** The meter scope of @opentelemetry/instrumentation-pg. */
export const PG_INSTRUMENTATION_SCOPE = '@opentelemetry/instrumentation-pg';
const CONNECTION_COUNT = 'db.client.connection.count';
const PENDING_REQUESTS = 'db.client.connection.pending_requests';
const STATE = 'db.client.connection.state';
const POOL_NAME = 'db.client.connection.pool.name';

/** What a pg-pool Pool exposes that is read here. */
export interface PgPoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  ended?: boolean;
  options?: { host?: unknown; port?: unknown; database?: unknown };
}

let seen = new WeakSet<object>();
let pools: WeakRef<PgPoolLike>[] = [];

/** Starts reading a pool (once; later calls for the same pool cost one WeakSet lookup). */
export function trackPool(pool: unknown): void {
  if (typeof pool !== 'object' || pool === null || seen.has(pool)) return;
  seen.add(pool);
  pools.push(new WeakRef(pool as PgPoolLike));
}

/** The pool's name as the instrumentation gives it: `host:port/database`, `unknown_*` for a part not set. */
export function poolName(pool: PgPoolLike): string {
  const o = pool.options;
  const part = (value: unknown, unknown: string): string => (value ? String(value) : unknown);
  return `${part(o?.host, 'unknown_host')}:${part(o?.port, 'unknown_port')}/${part(o?.database, 'unknown_database')}`.trim();
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

interface PoolFigures {
  used: number;
  idle: number;
  pending: number;
}

/** Every live pool's figures by name; drops pools that were collected or have ended and closed. */
export function readPools(): Map<string, PoolFigures> {
  const byName = new Map<string, PoolFigures>();
  const live: WeakRef<PgPoolLike>[] = [];
  for (const ref of pools) {
    const pool = ref.deref();
    if (pool === undefined) continue;
    let total: number;
    let idle: number;
    let pending: number;
    let name: string;
    try {
      total = count(pool.totalCount);
      idle = Math.min(count(pool.idleCount), total);
      pending = count(pool.waitingCount);
      if (pool.ended === true && total === 0 && pending === 0) continue;
      name = poolName(pool);
    } catch (error) {
      // A pool object of an unexpected shape (a getter that throws) is left out, not the others.
      warnOnce('pg-pool-metrics:read', `a pg pool could not be read for db.client.connection.count (${(error as Error)?.message ?? String(error)}); it is left out.`);
      continue;
    }
    live.push(ref);
    const figures = byName.get(name);
    if (figures === undefined) byName.set(name, { used: total - idle, idle, pending });
    else {
      figures.used += total - idle;
      figures.idle += idle;
      figures.pending += pending;
    }
  }
  pools = live;
  return byName;
}

/** For tests: forget every pool. */
export function resetPoolsForTest(): void {
  pools = [];
  seen = new WeakSet<object>();
}

const INERT: UpDownCounter = { add: () => undefined };

/**
 * The instrumentation's meter with the two pool counters replaced by observables read from the
 * pools. The observables are registered once per meter, whenever the instrumentation (re)creates
 * its instruments.
 */
export function pgPoolMetricsMeter(meter: Meter): Meter {
  const wrapped = Object.create(meter) as Meter;
  let registered = false;
  let connections: Observable | undefined;
  let pending: Observable | undefined;
  const register = (): void => {
    if (registered || connections === undefined || pending === undefined) return;
    registered = true;
    const countObs = connections;
    const pendingObs = pending;
    meter.addBatchObservableCallback((result: BatchObservableResult) => {
      for (const [name, figures] of readPools()) {
        const used: Attributes = { [STATE]: 'used', [POOL_NAME]: name };
        const idle: Attributes = { [STATE]: 'idle', [POOL_NAME]: name };
        result.observe(countObs, figures.used, used);
        result.observe(countObs, figures.idle, idle);
        result.observe(pendingObs, figures.pending, { [POOL_NAME]: name });
      }
    }, [countObs, pendingObs]);
  };
  wrapped.createUpDownCounter = (name, options) => {
    if (name === CONNECTION_COUNT) {
      connections ??= meter.createObservableUpDownCounter(name, options);
      register();
      return INERT;
    }
    if (name === PENDING_REQUESTS) {
      pending ??= meter.createObservableUpDownCounter(name, options);
      register();
      return INERT;
    }
    return meter.createUpDownCounter(name, options);
  };
  return wrapped;
}
