/**
 * Rate limit metrics: `trackRateLimit({ name, limit })` → `allow()` / `reject()` as
 * `rate_limit.requests{rate_limit.outcome}`, and the window's utilization (`rate_limit.utilization`,
 * 0 to 1) from `setUsage(used)` or `setUtilization(ratio)`, and, for a limiter that queues, the
 * requests waiting (`rate_limit.queue.depth`) from `setQueueDepth(n)`.
 */
import type { Attributes, BatchObservableResult, Meter, Observable } from '@opentelemetry/api';
import { invalidOption } from '@otelkit/core';
import { ProviderBound, createInstrument, createObservable, validValue } from '../instruments.js';
import { withTenant } from '../tenant.js';

export interface RateLimitOptions {
  name: string;
  /** Requests allowed per window; needed for `setUsage`. */
  limit?: number;
  tenantLabel?: boolean;
}

export interface RateLimitInstrument {
  readonly name: string;
  allow(options?: { tenant?: string }): void;
  reject(options?: { tenant?: string }): void;
  /** Requests used in the current window (needs `limit`). */
  setUsage(used: number, options?: { tenant?: string }): void;
  setUtilization(ratio: number, options?: { tenant?: string }): void;
  /** Requests waiting to be admitted, for a limiter that queues (`rate_limit.queue.depth`). */
  setQueueDepth(depth: number, options?: { tenant?: string }): void;
  close(): void;
}

export function trackRateLimit(options: RateLimitOptions): RateLimitInstrument {
  if (typeof options?.name !== 'string' || options.name === '') throw invalidOption('name', 'a non-empty string', options?.name);
  if (options.limit !== undefined && !(typeof options.limit === 'number' && options.limit > 0)) throw invalidOption('limit', 'a positive number', options.limit);
  const { name, limit } = options;
  const tenants = options.tenantLabel === true;
  const owner = `rate limit ${name}`;
  const base: Attributes = { 'rate_limit.name': name };
  const key = (o?: { tenant?: string }): string => (tenants && o?.tenant !== undefined ? String(o.tenant) : '');
  const attrs = (k: string): Attributes => withTenant(owner, base, tenants, k === '' ? undefined : k);
  const utilization = new Map<string, number>();
  const queued = new Map<string, number>();
  const bound = new ProviderBound<{ meter: Meter; requests: ReturnType<typeof createInstrument>; observables: Observable[]; callback: (r: BatchObservableResult) => void }>(
    (meter) => {
      const gauge = createObservable(meter, 'rate_limit.utilization');
      const depth = createObservable(meter, 'rate_limit.queue.depth');
      const callback = (result: BatchObservableResult): void => {
        for (const [k, v] of utilization) gauge.observe(result, v, attrs(k));
        for (const [k, v] of queued) depth.observe(result, v, attrs(k));
      };
      const observables = [gauge.observable, depth.observable];
      meter.addBatchObservableCallback(callback, observables);
      return { meter, requests: createInstrument(meter, 'rate_limit.requests'), observables, callback };
    },
    (v) => v.meter.removeBatchObservableCallback(v.callback, v.observables),
  );
  bound.get();
  const setUtilization = (ratio: number, o?: { tenant?: string }): void => {
    if (validValue(`rate_limit.utilization (${name})`, ratio, false)) utilization.set(key(o), Math.min(1, ratio));
  };
  return {
    name,
    allow: (o) => bound.get().requests.add(1, { ...attrs(key(o)), 'rate_limit.outcome': 'allowed' }),
    reject: (o) => bound.get().requests.add(1, { ...attrs(key(o)), 'rate_limit.outcome': 'rejected' }),
    setUsage(used, o) {
      if (limit === undefined) throw invalidOption('limit', 'set in trackRateLimit() to use setUsage()', limit);
      if (validValue(`rate_limit.utilization (${name})`, used, false)) setUtilization(used / limit, o);
    },
    setUtilization,
    setQueueDepth(depth, o) {
      if (validValue(`rate_limit.queue.depth (${name})`, depth, false)) queued.set(key(o), depth);
    },
    close: () => bound.close(),
  };
}
