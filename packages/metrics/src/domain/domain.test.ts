import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installTestMeter, type TestMeter } from '@otelkit/testing/metrics';
import { instrumentCache } from './cache.js';
import { observePool } from './pool.js';
import { instrumentQueue } from './queue.js';
import { trackRateLimit } from './rate-limit.js';
import { trackSemaphore } from './semaphore.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let m: TestMeter;
beforeEach(() => {
  m = installTestMeter();
});
afterEach(async () => {
  await m.close();
});

describe('instrumentQueue', () => {
  it('shows a backlog building up, then throughput and failures by status', async () => {
    const q = instrumentQueue({ name: 'mappings' });
    for (let i = 0; i < 40; i++) q.enqueue();
    expect(await m.value('job.queue.depth', { 'queue.name': 'mappings' })).toBe(40);
    expect(await m.value('job.enqueued')).toBe(40);
    const jobs = Array.from({ length: 10 }, () => q.start({ enqueuedAt: Date.now() - 1500 }));
    expect(await m.value('job.queue.depth')).toBe(30);
    expect(await m.value('job.active')).toBe(10);
    jobs.slice(0, 7).forEach((j) => j.complete());
    jobs.slice(7).forEach((j) => j.fail(new TypeError('bad row')));
    jobs[0]!.fail(); // a second end is ignored
    expect(await m.value('job.active')).toBe(0);
    expect(await m.value('job.processed', { 'job.status': 'completed' })).toBe(7);
    expect(await m.value('job.processed', { 'job.status': 'failed', 'error.type': 'TypeError' })).toBe(3);
    const wait = await m.metric('job.queue.wait_time');
    const point = wait!.dataPoints[0]!.value as { count: number; min: number };
    expect(point.count).toBe(10);
    expect(point.min).toBeGreaterThanOrEqual(1.4);
    const duration = await m.metric('job.duration');
    expect(duration!.dataPoints.reduce((n, p) => n + (p.value as { count: number }).count, 0)).toBe(10);
  });

  it('tracks jobs run through track(), rethrowing failures', async () => {
    const q = instrumentQueue({ name: 'emails', tenantLabel: true });
    q.enqueue({ tenant: 't1' });
    await expect(q.track(async () => 'ok', { tenant: 't1' })).resolves.toBe('ok');
    await expect(q.track(() => { throw new RangeError('x'); }, { tenant: 't2' })).rejects.toThrow(RangeError);
    expect(await m.value('job.processed', { 'tenant.id': 't1', 'job.status': 'completed' })).toBe(1);
    expect(await m.value('job.processed', { 'tenant.id': 't2', 'job.status': 'failed' })).toBe(1);
    q.setDepth(1234);
    expect(await m.value('job.queue.depth', { 'queue.name': 'emails' })).toBe(1234);
  });

  it('labels a job\'s duration, wait and outcome with its type, and checks the value', async () => {
    const q = instrumentQueue({ name: 'typed' });
    q.enqueue();
    q.start({ type: 'graph_build', enqueuedAt: Date.now() - 10 }).complete();
    q.start({ type: 'bad type\n' }).fail(new Error('x'));
    expect(await m.value('job.processed', { 'job.type': 'graph_build', 'job.status': 'completed' })).toBe(1);
    expect(await m.value('job.processed', { 'job.type': '_invalid', 'job.status': 'failed' })).toBe(1);
    const duration = await m.metric('job.duration');
    expect(duration!.dataPoints.map((p) => p.attributes['job.type']).sort()).toEqual(['_invalid', 'graph_build']);
    const wait = await m.metric('job.queue.wait_time');
    expect(wait!.dataPoints[0]!.attributes).toMatchObject({ 'queue.name': 'typed', 'job.type': 'graph_build' });
  });

  it('rejects a missing name with a typed error', () => {
    expect(() => instrumentQueue({ name: '' })).toThrow(expect.objectContaining({ code: 'OTELKIT_ERR_INVALID_OPTION' }));
  });
});

describe('trackSemaphore', () => {
  it('counts a slot whose holder was garbage-collected without release as leaked', async () => {
    const sem = trackSemaphore({ name: 'jobs', limit: 5 });
    const kept = sem.acquire();
    (() => {
      sem.acquire(); // dropped on the floor: the leak
    })();
    for (let i = 0; i < 10 && (await sem.snapshot()).leaked === 0; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await m.value('semaphore.active_slots')).toBe(2);
    expect(await m.value('semaphore.leaked_slots')).toBe(1);
    expect(await m.value('semaphore.limit')).toBe(5);
    kept.release();
    expect(await m.value('semaphore.active_slots')).toBe(1);
    expect(await m.value('semaphore.leaked_slots')).toBe(1);
  });

  it('counts slots held longer than maxHoldMs, and compares an external counter with live holders', async () => {
    let external = 3;
    const sem = trackSemaphore({ name: 'redis-sem', limit: 5, maxHoldMs: 30, counted: async () => external });
    const a = sem.acquire();
    const b = sem.acquire();
    // 3 counted in Redis, 2 live holders, none overdue yet: 1 leaked.
    expect((await sem.snapshot()).leaked).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    // Both holders are now overdue too.
    expect(await m.value('semaphore.leaked_slots')).toBe(3);
    a.release();
    b.release();
    external = 0;
    expect(await m.value('semaphore.leaked_slots')).toBe(0);
    expect(await m.value('semaphore.acquisitions', { 'semaphore.outcome': 'acquired' })).toBe(2);
  });

  it('compares external counts per tenant with each tenant\'s live holders', async () => {
    let external: Record<string, number> | Map<string, number> = { t1: 2, t2: 1 };
    const sem = trackSemaphore({ name: 'tenants', limit: 5, tenantLabel: true, counted: () => external });
    const a = sem.acquire({ tenant: 't1' });
    sem.acquire({ tenant: 't2' });
    // t1: 2 counted, 1 live holder → 1 leaked; t2: 1 counted, 1 live → none.
    expect(await m.value('semaphore.active_slots', { 'tenant.id': 't1' })).toBe(2);
    expect(await m.value('semaphore.leaked_slots', { 'tenant.id': 't1' })).toBe(1);
    expect(await m.value('semaphore.leaked_slots', { 'tenant.id': 't2' })).toBe(0);
    a.release();
    // A Map works too; a tenant the counter no longer names holds nothing by its word.
    external = new Map([['t1', 0], ['t3', 4]]);
    expect(await m.value('semaphore.leaked_slots', { 'tenant.id': 't1' })).toBe(0);
    expect(await m.value('semaphore.active_slots', { 'tenant.id': 't2' })).toBe(0);
    expect(await m.value('semaphore.leaked_slots', { 'tenant.id': 't3' })).toBe(4);
    expect((await sem.snapshot()).leaked).toBe(4);
  });

  it('sums per-tenant counts without the tenant label, and ignores a count that is not one', async () => {
    let external: Record<string, number> = { t1: 2, t2: 2 };
    const sem = trackSemaphore({ name: 'summed', limit: 5, counted: () => external });
    sem.acquire({ tenant: 't1' });
    expect(await m.value('semaphore.active_slots', { 'semaphore.name': 'summed' })).toBe(4);
    expect(await m.value('semaphore.leaked_slots', { 'semaphore.name': 'summed' })).toBe(3);
    external = { t1: Number.NaN };
    // Not a count: the in-process figures are used (1 held, 1 live, none leaked).
    expect(await sem.snapshot()).toEqual({ active: 1, alive: 1, leaked: 0 });
  });

  it('tryAcquire rejects beyond the limit, and run() releases on throw', async () => {
    const sem = trackSemaphore({ name: 'small', limit: 1 });
    const slot = sem.tryAcquire();
    expect(slot).toBeDefined();
    expect(sem.tryAcquire()).toBeUndefined();
    slot!.release();
    await expect(sem.run(() => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(sem.tryAcquire()).toBeDefined();
    expect(await m.value('semaphore.acquisitions', { 'semaphore.outcome': 'rejected' })).toBe(1);
    const hold = await m.metric('semaphore.hold.duration');
    expect((hold!.dataPoints[0]!.value as { count: number }).count).toBe(2);
  });
});

describe('observePool', () => {
  it('reports exhaustion of a pg-shaped pool: all used, callers waiting, utilization 1', async () => {
    const pool = { totalCount: 0, idleCount: 0, waitingCount: 0, options: { max: 4 } };
    observePool({ name: 'main', pool });
    expect(await m.value('pool.utilization')).toBe(0);
    Object.assign(pool, { totalCount: 4, idleCount: 0, waitingCount: 6 });
    expect(await m.value('pool.connections', { 'pool.state': 'used' })).toBe(4);
    expect(await m.value('pool.pending_requests')).toBe(6);
    expect(await m.value('pool.utilization')).toBe(1);
    expect(await m.value('pool.connections.max')).toBe(4);
  });

  it('takes custom readers, and a reader that throws reports 0 without breaking the collection', async () => {
    observePool({ name: 'custom', used: () => { throw new Error('gone'); }, idle: () => 3, max: 10 });
    expect(await m.value('pool.connections', { 'pool.state': 'idle' })).toBe(3);
    expect(await m.value('pool.connections', { 'pool.state': 'used' })).toBe(0);
  });

  it('rejects an unknown pool', () => {
    expect(() => observePool({ name: 'x', pool: {} as never })).toThrow(expect.objectContaining({ code: 'OTELKIT_ERR_INVALID_OPTION' }));
  });
});

describe('caches and rate limits', () => {
  it('counts hits and misses', async () => {
    const c = instrumentCache({ name: 'sessions' });
    c.hit();
    c.hit();
    c.miss();
    expect(await m.value('cache.requests', { 'cache.result': 'hit' })).toBe(2);
    expect(await m.value('cache.requests', { 'cache.result': 'miss' })).toBe(1);
  });

  it('counts rejections and reports utilization; NaN is dropped', async () => {
    const r = trackRateLimit({ name: 'api', limit: 100 });
    r.allow();
    r.reject();
    r.reject();
    r.setUsage(25);
    r.setUtilization(Number.NaN);
    expect(await m.value('rate_limit.requests', { 'rate_limit.outcome': 'rejected' })).toBe(2);
    expect(await m.value('rate_limit.utilization')).toBe(0.25);
  });
});

describe('rate limit queue depth', () => {
  it('reports the requests waiting, per tenant when opted in, and drops invalid values', async () => {
    const r = trackRateLimit({ name: 'inference', tenantLabel: true });
    r.setQueueDepth(7, { tenant: 't1' });
    r.setQueueDepth(Number.NaN, { tenant: 't1' });
    r.setQueueDepth(-1, { tenant: 't1' });
    expect(await m.value('rate_limit.queue.depth', { 'rate_limit.name': 'inference', 'tenant.id': 't1' })).toBe(7);
    r.setQueueDepth(0, { tenant: 't1' });
    expect(await m.value('rate_limit.queue.depth', { 'tenant.id': 't1' })).toBe(0);
  });
});

describe('tenant label', () => {
  it('is present only when opted in, and hostile values become _invalid', async () => {
    const q = instrumentQueue({ name: 'plain' });
    q.enqueue({ tenant: 'acme' });
    const t = instrumentQueue({ name: 'tenanted', tenantLabel: true });
    t.enqueue({ tenant: 'acme' });
    t.enqueue({ tenant: 'bad\ntenant"}' });
    const enq = await m.metric('job.enqueued');
    const plain = enq!.dataPoints.filter((p) => p.attributes['queue.name'] === 'plain');
    expect(plain.map((p) => p.attributes['tenant.id'])).toEqual([undefined]);
    const tenants = enq!.dataPoints.filter((p) => p.attributes['queue.name'] === 'tenanted').map((p) => p.attributes['tenant.id']).sort();
    expect(tenants).toEqual(['_invalid', 'acme']);
  });
});

describe('instruments created before the SDK', () => {
  it('start recording once a provider is registered', async () => {
    await m.close();
    const c = instrumentCache({ name: 'early' });
    c.hit(); // no provider yet: a no-op
    m = installTestMeter();
    c.hit();
    expect(await m.value('cache.requests', { 'cache.name': 'early' })).toBe(1);
  });
});
