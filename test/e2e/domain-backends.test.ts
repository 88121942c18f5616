/**
 * The domain instruments against the real services users run them with (PostgreSQL and Redis on
 * this machine): pool exhaustion of a real `pg` Pool, a semaphore leak where a crashed worker left
 * a Redis counter up, and a queue backlog read from a Redis list.
 */
import { instrumentQueue, observePool, serializePrometheus, trackSemaphore } from '@otelkit/metrics';
import { Redis } from 'ioredis';
import pg from 'pg';
import { installTestMeter } from '@otelkit/testing/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const capture = installTestMeter();
let redis: Redis;
const prefix = `otelkit-e2e-${process.pid}`;

async function scrape(): Promise<string> {
  return serializePrometheus(await capture.collect());
}
function sample(text: string, line: RegExp): number {
  const m = line.exec(text);
  if (m === null) throw new Error(`no sample ${line} in:\n${text}`);
  return Number(m[1]);
}

beforeAll(() => {
  redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: false, maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  await redis.del(`${prefix}:sem`, `${prefix}:queue`);
  redis.disconnect();
  await capture.close();
});

describe('pg Pool exhaustion (PostgreSQL)', () => {
  it('shows every connection used, callers waiting and utilization 1, then recovery', async () => {
    const pool = new pg.Pool({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', max: 2 });
    observePool({ name: 'pg-e2e', pool });
    try {
      const held = [await pool.connect(), await pool.connect()];
      const waiting = [pool.query('select 1'), pool.query('select 2'), pool.query('select 3')];
      let text = await scrape();
      expect(sample(text, /^pool_connections\{pool_name="pg-e2e",pool_state="used",otel_scope_name="@otelkit\/metrics",otel_scope_version="[^"]+"\} (\S+)$/m)).toBe(2);
      expect(sample(text, /^pool_pending_requests\{pool_name="pg-e2e",otel_scope_name="@otelkit\/metrics",otel_scope_version="[^"]+"\} (\S+)$/m)).toBe(3);
      expect(sample(text, /^pool_utilization_ratio\{pool_name="pg-e2e",otel_scope_name="@otelkit\/metrics",otel_scope_version="[^"]+"\} (\S+)$/m)).toBe(1);
      expect(sample(text, /^pool_connections_max\{pool_name="pg-e2e",otel_scope_name="@otelkit\/metrics",otel_scope_version="[^"]+"\} (\S+)$/m)).toBe(2);
      for (const client of held) client.release();
      await Promise.all(waiting);
      text = await scrape();
      expect(sample(text, /^pool_pending_requests\{pool_name="pg-e2e",otel_scope_name="@otelkit\/metrics",otel_scope_version="[^"]+"\} (\S+)$/m)).toBe(0);
      expect(sample(text, /^pool_connections\{pool_name="pg-e2e",pool_state="used",otel_scope_name="@otelkit\/metrics",otel_scope_version="[^"]+"\} (\S+)$/m)).toBe(0);
    } finally {
      await pool.end();
    }
  });
});

describe('semaphore leak (Redis counter)', () => {
  it('reports the slot a crashed worker never gave back', async () => {
    const key = `${prefix}:sem`;
    await redis.set(key, 0);
    const sem = trackSemaphore({ name: 'redis-jobs', limit: 5, counted: async () => Number(await redis.get(key)) });
    // Two healthy workers take a slot the way the runbook's service does: INCR, then hold.
    const slots = [];
    for (let i = 0; i < 2; i++) {
      await redis.incr(key);
      slots.push(sem.acquire());
    }
    // A worker in another process crashes after INCR: the counter stays up with no holder.
    await redis.incr(key);
    let text = await scrape();
    expect(sample(text, /^semaphore_active_slots\{semaphore_name="redis-jobs",otel_scope_name="@otelkit\/metrics",otel_scope_version="[^"]+"\} (\S+)$/m)).toBe(3);
    expect(sample(text, /^semaphore_leaked_slots\{semaphore_name="redis-jobs",otel_scope_name="@otelkit\/metrics",otel_scope_version="[^"]+"\} (\S+)$/m)).toBe(1);
    // The healthy workers finish; the leak stays visible until someone repairs the counter.
    for (const slot of slots) {
      slot.release();
      await redis.decr(key);
    }
    text = await scrape();
    expect(sample(text, /^semaphore_leaked_slots\{semaphore_name="redis-jobs",otel_scope_name="@otelkit\/metrics",otel_scope_version="[^"]+"\} (\S+)$/m)).toBe(1);
    await redis.decr(key);
    text = await scrape();
    expect(sample(text, /^semaphore_leaked_slots\{semaphore_name="redis-jobs",otel_scope_name="@otelkit\/metrics",otel_scope_version="[^"]+"\} (\S+)$/m)).toBe(0);
    sem.close();
  });
});

describe('queue backlog (Redis list)', () => {
  it('follows the list length as producers outpace the worker', async () => {
    const key = `${prefix}:queue`;
    const queue = instrumentQueue({ name: 'mappings-e2e' });
    for (let i = 0; i < 120; i++) {
      await redis.rpush(key, JSON.stringify({ id: i, at: Date.now() }));
      queue.enqueue();
    }
    for (let i = 0; i < 20; i++) {
      const raw = await redis.lpop(key);
      if (raw === null) throw new Error(`${key} ran out after ${i} of the 120 entries pushed`);
      await queue.track(async () => JSON.parse(raw), { enqueuedAt: (JSON.parse(raw) as { at: number }).at });
    }
    queue.setDepth(await redis.llen(key));
    const text = await scrape();
    expect(sample(text, /^job_queue_depth\{queue_name="mappings-e2e",otel_scope_name="@otelkit\/metrics",otel_scope_version="[^"]+"\} (\S+)$/m)).toBe(100);
    expect(sample(text, /^job_enqueued_total\{queue_name="mappings-e2e",otel_scope_name="@otelkit\/metrics",otel_scope_version="[^"]+"\} (\S+)$/m)).toBe(120);
    expect(sample(text, /^job_processed_total\{queue_name="mappings-e2e",job_status="completed",otel_scope_name="@otelkit\/metrics",otel_scope_version="[^"]+"\} (\S+)$/m)).toBe(20);
    expect(sample(text, /^job_queue_wait_time_seconds_count\{queue_name="mappings-e2e",otel_scope_name="@otelkit\/metrics",otel_scope_version="[^"]+"\} (\S+)$/m)).toBe(20);
  });
});
