/**
 * Semaphore metrics with leak detection: `trackSemaphore({ name, limit })`.
 *
 * Each acquired slot is a handle the holder keeps until it calls `release()`. A slot is leaked when
 * it is still counted as held but nobody holds it any more: its handle was garbage-collected without
 * a release, or the counter kept elsewhere (say, in Redis, read through `counted`) is higher than the
 * number of live holders. A slot held longer than `maxHoldMs` counts as leaked too. The sum is
 * `semaphore.leaked_slots` (Prometheus `semaphore_leaked_slots`), and a leak prints one warning a minute.
 */
import type { Attributes, BatchObservableResult, Meter, Observable } from '@opentelemetry/api';
import { invalidOption, warnOnce } from '@otelkit/core';
import { ProviderBound, createInstrument, createObservable } from '../instruments.js';
import { withTenant } from '../tenant.js';

export interface SemaphoreOptions {
  name: string;
  /** Slots the semaphore allows. */
  limit: number;
  /** A slot held longer than this (ms) counts as leaked. Default: no bound. */
  maxHoldMs?: number;
  /**
   * The authoritative count of held slots, when the semaphore lives outside this process (e.g. a
   * Redis counter). Compared with the live holders at each collection. Return one number, or counts
   * per tenant (an object or a Map keyed by tenant id) for a semaphore kept per tenant: with
   * `tenantLabel`, each tenant's count is compared with that tenant's live holders; without it, the
   * counts are summed.
   */
  counted?: () => SemaphoreCount | Promise<SemaphoreCount>;
  /** Add `tenant.id` to the semaphore's series (opt-in). */
  tenantLabel?: boolean;
}

/** What `counted` returns: the held slots in all, or per tenant id. */
export type SemaphoreCount = number | Readonly<Record<string, number>> | ReadonlyMap<string, number>;

/** A held slot. Releasing twice is ignored. */
export interface SemaphoreSlot {
  release(): void;
}

export interface SemaphoreInstrument {
  readonly name: string;
  readonly limit: number;
  /** Record a slot taken by your semaphore; keep the handle until you release it. */
  acquire(options?: { tenant?: string }): SemaphoreSlot;
  /** Take a slot if fewer than `limit` are counted here; otherwise record a rejection and return undefined. */
  tryAcquire(options?: { tenant?: string }): SemaphoreSlot | undefined;
  /** Record an acquire attempt your semaphore turned down. */
  reject(options?: { tenant?: string }): void;
  /** Hold a slot while `fn` runs (released even when it throws). */
  run<T>(fn: () => T | Promise<T>, options?: { tenant?: string }): Promise<T>;
  /** Current figures, as the next collection will report them (counted from `counted` if given). */
  snapshot(): Promise<{ active: number; alive: number; leaked: number }>;
  close(): void;
}

interface Holder {
  tenant: string;
  since: number;
}

export function trackSemaphore(options: SemaphoreOptions): SemaphoreInstrument {
  if (typeof options?.name !== 'string' || options.name === '') throw invalidOption('name', 'a non-empty string', options?.name);
  if (!Number.isInteger(options.limit) || options.limit < 1) throw invalidOption('limit', 'a positive integer', options.limit);
  if (options.maxHoldMs !== undefined && !(options.maxHoldMs > 0)) throw invalidOption('maxHoldMs', 'a positive number of milliseconds', options.maxHoldMs);
  const { name, limit, maxHoldMs, counted } = options;
  const tenants = options.tenantLabel === true;
  const owner = `semaphore ${name}`;
  const base: Attributes = { 'semaphore.name': name };
  const attrs = (tenant: string): Attributes => withTenant(owner, base, tenants, tenant === '' ? undefined : tenant);

  // Slots counted as held (acquired − released) and the live holders, per tenant key.
  const held = new Map<string, number>([['', 0]]);
  const alive = new Set<Holder>();
  const finalizer = new FinalizationRegistry<{ holder: Holder; released: { value: boolean } }>(({ holder, released }) => {
    // The handle is gone: if it was never released, its slot stays counted with no holder.
    if (!released.value) alive.delete(holder);
  });

  const bound = new ProviderBound<{ meter: Meter; acquisitions: ReturnType<typeof createInstrument>; hold: ReturnType<typeof createInstrument>; observables: Observable[]; callback: (r: BatchObservableResult) => Promise<void> }>(
    (meter) => {
      const active = createObservable(meter, 'semaphore.active_slots');
      const limitGauge = createObservable(meter, 'semaphore.limit');
      const leaked = createObservable(meter, 'semaphore.leaked_slots');
      const callback = async (result: BatchObservableResult): Promise<void> => {
        limitGauge.observe(result, limit, base);
        for (const [tenant, figures] of await figuresByTenant()) {
          active.observe(result, figures.active, attrs(tenant));
          leaked.observe(result, figures.leaked, attrs(tenant));
        }
      };
      const observables = [active.observable, limitGauge.observable, leaked.observable];
      meter.addBatchObservableCallback(callback, observables);
      return { meter, acquisitions: createInstrument(meter, 'semaphore.acquisitions'), hold: createInstrument(meter, 'semaphore.hold.duration'), observables, callback };
    },
    (v) => v.meter.removeBatchObservableCallback(v.callback, v.observables),
  );
  bound.get();

  /** `counted()` as a number or a map per tenant; undefined (one warning) when it fails or is not a count. */
  async function readCounted(): Promise<number | Map<string, number> | undefined> {
    const unusable = (what: string): undefined => {
      warnOnce(`semaphore:counted:${name}`, `${owner}: counted() ${what}; using the in-process count.`);
      return undefined;
    };
    let value: SemaphoreCount;
    try {
      value = await counted!();
    } catch (error) {
      return unusable(`failed (${(error as Error).message})`);
    }
    const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;
    if (isCount(value)) return value;
    if (value === null || typeof value !== 'object') return unusable(`returned ${String(value)}, not a count`);
    const entries = value instanceof Map ? [...(value as ReadonlyMap<string, number>).entries()] : Object.entries(value);
    const byTenant = new Map<string, number>();
    for (const [tenant, n] of entries) {
      if (!isCount(n)) return unusable(`returned ${String(n)} for tenant ${JSON.stringify(tenant)}, not a count`);
      byTenant.set(String(tenant), n);
    }
    return byTenant;
  }

  async function figuresByTenant(): Promise<Map<string, { active: number; alive: number; leaked: number }>> {
    const now = performance.now();
    const out = new Map<string, { active: number; alive: number; leaked: number }>();
    for (const [tenant, n] of held) out.set(tenant, { active: n, alive: 0, leaked: 0 });
    let overdue = 0;
    for (const h of alive) {
      const f = out.get(h.tenant) ?? { active: 0, alive: 0, leaked: 0 };
      f.alive++;
      if (maxHoldMs !== undefined && now - h.since > maxHoldMs) {
        f.leaked++;
        overdue++;
      }
      out.set(h.tenant, f);
    }
    if (counted !== undefined) {
      // The external counter is authoritative: it replaces the in-process counts.
      const external = await readCounted();
      if (external !== undefined) {
        const aliveBy = new Map<string, number>();
        const overdueBy = new Map<string, number>();
        for (const [tenant, f] of out) {
          aliveBy.set(tenant, f.alive);
          overdueBy.set(tenant, f.leaked);
        }
        out.clear();
        const total = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
        if (typeof external === 'number' || !tenants) {
          const count = typeof external === 'number' ? external : total(external);
          out.set('', { active: count, alive: alive.size, leaked: Math.max(0, count - alive.size) + overdue });
        } else {
          // Per tenant: tenants with live holders but no external count hold none by the counter's word.
          for (const tenant of new Set([...external.keys(), ...aliveBy.keys()])) {
            if (tenant === '' && !external.has('') && (aliveBy.get('') ?? 0) === 0) continue;
            const count = external.get(tenant) ?? 0;
            const live = aliveBy.get(tenant) ?? 0;
            out.set(tenant, { active: count, alive: live, leaked: Math.max(0, count - live) + (overdueBy.get(tenant) ?? 0) });
          }
        }
      }
    }
    for (const f of out.values()) if (counted === undefined) f.leaked += Math.max(0, f.active - f.alive);
    let leakedTotal = 0;
    for (const f of out.values()) leakedTotal += f.leaked;
    if (leakedTotal > 0) warnOnce(`semaphore:leak:${name}`, `${owner}: semaphore leak detected: ${leakedTotal} leaked slot(s) (counted as held with no live holder, or held longer than maxHoldMs).`);
    return out;
  }

  const acquireSlot = (tenant: string): SemaphoreSlot => {
    const holder: Holder = { tenant, since: performance.now() };
    const released = { value: false };
    held.set(tenant, (held.get(tenant) ?? 0) + 1);
    alive.add(holder);
    bound.get().acquisitions.add(1, { ...attrs(tenant), 'semaphore.outcome': 'acquired' });
    const slot: SemaphoreSlot = {
      release() {
        if (released.value) return;
        released.value = true;
        alive.delete(holder);
        held.set(tenant, Math.max(0, (held.get(tenant) ?? 0) - 1));
        bound.get().hold.record((performance.now() - holder.since) / 1000, attrs(tenant));
      },
    };
    finalizer.register(slot, { holder, released });
    return slot;
  };
  const keyOf = (o?: { tenant?: string }): string => (tenants && o?.tenant !== undefined ? String(o.tenant) : '');
  const reject = (o?: { tenant?: string }): void => {
    bound.get().acquisitions.add(1, { ...attrs(keyOf(o)), 'semaphore.outcome': 'rejected' });
  };
  const totalHeld = (): number => {
    let n = 0;
    for (const v of held.values()) n += v;
    return n;
  };

  return {
    name,
    limit,
    acquire: (o) => acquireSlot(keyOf(o)),
    tryAcquire(o) {
      if (totalHeld() >= limit) {
        reject(o);
        return undefined;
      }
      return acquireSlot(keyOf(o));
    },
    reject,
    async run<T>(fn: () => T | Promise<T>, o?: { tenant?: string }): Promise<T> {
      const slot = acquireSlot(keyOf(o));
      try {
        return await fn();
      } finally {
        slot.release();
      }
    },
    async snapshot() {
      const sum = { active: 0, alive: 0, leaked: 0 };
      for (const f of (await figuresByTenant()).values()) {
        sum.active += f.active;
        sum.alive += f.alive;
        sum.leaked += f.leaked;
      }
      return sum;
    },
    close: () => bound.close(),
  };
}
