/**
 * Job queue metrics: `instrumentQueue({ name })` → enqueue / start / complete / fail, with the
 * backlog (`job.queue.depth`), running jobs (`job.active`), wait and run durations, and finished
 * jobs by status (`job.processed{job.status}`), which gives throughput and the failure rate.
 */
import type { Attributes, BatchObservableResult, Meter, Observable } from '@opentelemetry/api';
import { invalidOption } from '@otelkit/core';
import { ProviderBound, createInstrument, createObservable } from '../instruments.js';
import { labelValue, withTenant } from '../tenant.js';

export interface QueueOptions {
  /** Queue name (the `queue.name` attribute). */
  name: string;
  /** Add `tenant.id` to the queue's series when a tenant is given (opt-in: it multiplies series). */
  tenantLabel?: boolean;
}

export interface JobOptions {
  tenant?: string;
  /**
   * The kind of job (the `job.type` attribute on its duration, wait time and outcome). Keep the set
   * small and fixed, as for any attribute: a value that is not 1-64 visible ASCII characters is
   * recorded as `_invalid`.
   */
  type?: string;
  /** When the job was enqueued (ms since epoch), for the wait time of jobs enqueued elsewhere. */
  enqueuedAt?: number;
}

/** A running job. Ending it twice is ignored. */
export interface JobHandle {
  complete(): void;
  /** Mark the job failed; `error` gives `error.type` (its name, or the string). */
  fail(error?: unknown): void;
}

export interface QueueInstrument {
  readonly name: string;
  /** A job was added to the queue (backlog +1). */
  enqueue(options?: { tenant?: string }): void;
  /** A job left the queue and started (backlog −1, running +1). */
  start(options?: JobOptions): JobHandle;
  /** Run `fn` as one job: started now, completed or failed by its outcome. */
  track<T>(fn: () => T | Promise<T>, options?: JobOptions): Promise<T>;
  /** Set the backlog from the queue itself (e.g. Redis `LLEN`), replacing the counted value. */
  setDepth(depth: number, options?: { tenant?: string }): void;
  /** Remove the queue's observable callbacks. */
  close(): void;
}

function errorType(error: unknown): string {
  if (error instanceof Error) return error.name || 'Error';
  if (typeof error === 'string' && error !== '') return error.slice(0, 64);
  return '_OTHER';
}

export function instrumentQueue(options: QueueOptions): QueueInstrument {
  if (typeof options?.name !== 'string' || options.name === '') throw invalidOption('name', 'a non-empty string', options?.name);
  const { name } = options;
  const tenants = options.tenantLabel === true;
  const owner = `queue ${name}`;
  // Backlog and running jobs per tenant key ('' when there is no tenant).
  const depth = new Map<string, number>();
  const active = new Map<string, number>();
  const base: Attributes = { 'queue.name': name };
  const attrs = (tenant: string | undefined): Attributes => withTenant(owner, base, tenants, tenant);
  const key = (tenant: string | undefined): string => (tenants && tenant !== undefined ? String(tenant) : '');
  const bump = (map: Map<string, number>, k: string, by: number): void => {
    map.set(k, Math.max(0, (map.get(k) ?? 0) + by));
  };

  const bound = new ProviderBound<{ meter: Meter; enqueued: ReturnType<typeof createInstrument>; processed: ReturnType<typeof createInstrument>; duration: ReturnType<typeof createInstrument>; wait: ReturnType<typeof createInstrument>; observables: Observable[]; callback: (r: BatchObservableResult) => void }>(
    (meter) => {
      const depthGauge = createObservable(meter, 'job.queue.depth');
      const activeGauge = createObservable(meter, 'job.active');
      const callback = (result: BatchObservableResult): void => {
        for (const [k, v] of depth) depthGauge.observe(result, v, attrs(k === '' ? undefined : k));
        for (const [k, v] of active) activeGauge.observe(result, v, attrs(k === '' ? undefined : k));
      };
      const observables = [depthGauge.observable, activeGauge.observable];
      meter.addBatchObservableCallback(callback, observables);
      return {
        meter,
        enqueued: createInstrument(meter, 'job.enqueued'),
        processed: createInstrument(meter, 'job.processed'),
        duration: createInstrument(meter, 'job.duration'),
        wait: createInstrument(meter, 'job.queue.wait_time'),
        observables,
        callback,
      };
    },
    (v) => v.meter.removeBatchObservableCallback(v.callback, v.observables),
  );
  depth.set('', 0);
  active.set('', 0);
  bound.get();

  const start = (jobOptions: JobOptions = {}): JobHandle => {
    const k = key(jobOptions.tenant);
    bump(depth, k, -1);
    bump(active, k, 1);
    const a = jobOptions.type === undefined ? attrs(jobOptions.tenant) : { ...attrs(jobOptions.tenant), 'job.type': labelValue(owner, 'job type', jobOptions.type) };
    const startedAt = performance.now();
    if (typeof jobOptions.enqueuedAt === 'number' && Number.isFinite(jobOptions.enqueuedAt)) {
      const waited = (Date.now() - jobOptions.enqueuedAt) / 1000;
      if (waited >= 0) bound.get().wait.record(waited, a);
    }
    let ended = false;
    const end = (status: 'completed' | 'failed', error?: unknown): void => {
      if (ended) return;
      ended = true;
      bump(active, k, -1);
      const i = bound.get();
      const statusAttrs = { ...a, 'job.status': status };
      i.duration.record((performance.now() - startedAt) / 1000, statusAttrs);
      i.processed.add(1, status === 'failed' ? { ...statusAttrs, 'error.type': errorType(error) } : statusAttrs);
    };
    return { complete: () => end('completed'), fail: (error?: unknown) => end('failed', error) };
  };

  return {
    name,
    enqueue(o = {}) {
      bump(depth, key(o.tenant), 1);
      bound.get().enqueued.add(1, attrs(o.tenant));
    },
    start,
    async track<T>(fn: () => T | Promise<T>, o?: JobOptions): Promise<T> {
      const job = start(o);
      try {
        const result = await fn();
        job.complete();
        return result;
      } catch (error) {
        job.fail(error);
        throw error;
      }
    },
    setDepth(value, o = {}) {
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) depth.set(key(o.tenant), value);
    },
    close: () => bound.close(),
  };
}
