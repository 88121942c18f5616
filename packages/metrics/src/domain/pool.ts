/**
 * Connection pool metrics: `observePool({ name, pool })` for a `pg` Pool or a `generic-pool` pool, or
 * `observePool({ name, used, idle, waiting, max })` with your own readers. Read at collection time:
 * connections by state, the maximum, callers waiting, and utilization (used / max).
 */
import type { Attributes, BatchObservableResult, Meter, Observable } from '@opentelemetry/api';
import { invalidOption, warnOnce } from '@otelkit/core';
import { ProviderBound, createObservable } from '../instruments.js';

/** What `pg`'s Pool exposes. */
export interface PgPoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/** What `generic-pool` exposes. */
export interface GenericPoolLike {
  size: number;
  available: number;
  pending: number;
  max: number;
}

export interface PoolReaders {
  used: () => number;
  idle: () => number;
  waiting?: () => number;
  max: number | (() => number);
}

export type PoolOptions = { name: string; pool: PgPoolLike | GenericPoolLike } | ({ name: string } & PoolReaders);

export interface PoolObservation {
  readonly name: string;
  /** The figures the next collection will report. */
  read(): { used: number; idle: number; waiting: number; max: number; utilization: number };
  close(): void;
}

function readersOf(options: PoolOptions): PoolReaders {
  if ('pool' in options) {
    const pool = options.pool as Partial<PgPoolLike & GenericPoolLike>;
    if (typeof pool?.totalCount === 'number') {
      const pg = pool as PgPoolLike;
      return { used: () => pg.totalCount - pg.idleCount, idle: () => pg.idleCount, waiting: () => pg.waitingCount, max: () => pg.options?.max ?? 10 };
    }
    if (typeof pool?.size === 'number' && typeof pool.available === 'number') {
      const gp = pool as GenericPoolLike;
      return { used: () => gp.size - gp.available, idle: () => gp.available, waiting: () => gp.pending, max: () => gp.max };
    }
    throw invalidOption('pool', 'a pg Pool or a generic-pool pool (or pass used/idle/max readers)', options.pool);
  }
  if (typeof options.used !== 'function' || typeof options.idle !== 'function') throw invalidOption('used/idle', 'functions returning counts', options.used);
  if (typeof options.max !== 'function' && !(typeof options.max === 'number' && options.max > 0)) throw invalidOption('max', 'a positive number or a function', options.max);
  return options;
}

function count(owner: string, what: string, read: (() => number) | undefined): number {
  if (read === undefined) return 0;
  try {
    const v = read();
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  } catch (error) {
    warnOnce(`pool:${owner}:${what}`, `${owner}: reading ${what} failed (${(error as Error).message}).`);
    return 0;
  }
  warnOnce(`pool:${owner}:${what}`, `${owner}: ${what} is not a count; reported as 0.`);
  return 0;
}

export function observePool(options: PoolOptions): PoolObservation {
  if (typeof options?.name !== 'string' || options.name === '') throw invalidOption('name', 'a non-empty string', options?.name);
  const { name } = options;
  const readers = readersOf(options);
  const owner = `pool ${name}`;
  const base: Attributes = { 'pool.name': name };
  const read = (): { used: number; idle: number; waiting: number; max: number; utilization: number } => {
    const used = count(owner, 'used', readers.used);
    const idle = count(owner, 'idle', readers.idle);
    const waiting = count(owner, 'waiting', readers.waiting);
    const max = typeof readers.max === 'number' ? readers.max : count(owner, 'max', readers.max);
    return { used, idle, waiting, max, utilization: max > 0 ? Math.min(1, used / max) : 0 };
  };
  const bound = new ProviderBound<{ meter: Meter; observables: Observable[]; callback: (r: BatchObservableResult) => void }>(
    (meter) => {
      const conns = createObservable(meter, 'pool.connections');
      const max = createObservable(meter, 'pool.connections.max');
      const pending = createObservable(meter, 'pool.pending_requests');
      const utilization = createObservable(meter, 'pool.utilization');
      const callback = (result: BatchObservableResult): void => {
        const f = read();
        conns.observe(result, f.used, { ...base, 'pool.state': 'used' });
        conns.observe(result, f.idle, { ...base, 'pool.state': 'idle' });
        max.observe(result, f.max, base);
        pending.observe(result, f.waiting, base);
        utilization.observe(result, f.utilization, base);
      };
      const observables = [conns, max, pending, utilization].map((o) => o.observable);
      meter.addBatchObservableCallback(callback, observables);
      return { meter, observables, callback };
    },
    (v) => v.meter.removeBatchObservableCallback(v.callback, v.observables),
  );
  bound.get();
  return { name, read, close: () => bound.close() };
}
