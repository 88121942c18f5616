import type { MeterProvider as ApiMeterProvider } from '@opentelemetry/api';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { MeterProvider, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { CumulativePullReader } from './pull-reader.test-support.js';
import { PG_INSTRUMENTATION_SCOPE, pgPoolMetricsMeter, poolName, readPools, resetPoolsForTest, trackPool, type PgPoolLike } from './pg-pool-metrics.js';

afterEach(resetPoolsForTest);

function pool(options: PgPoolLike['options'], total: number, idle: number, waiting = 0): PgPoolLike {
  return { totalCount: total, idleCount: idle, waitingCount: waiting, ended: false, options };
}

/** `name{attributes}` → value for every data point, with the scope of each metric. */
function points(collected: ResourceMetrics): { values: Record<string, number>; scopes: Record<string, string[]>; units: Record<string, string> } {
  const values: Record<string, number> = {};
  const scopes: Record<string, string[]> = {};
  const units: Record<string, string> = {};
  for (const scope of collected.scopeMetrics) {
    for (const metric of scope.metrics) {
      (scopes[metric.descriptor.name] ??= []).push(scope.scope.name);
      units[metric.descriptor.name] = metric.descriptor.unit;
      for (const p of metric.dataPoints as Array<{ attributes: Record<string, unknown>; value: unknown }>) {
        const labels = Object.entries(p.attributes).map(([k, v]) => `${k}=${String(v)}`).join(',');
        values[`${metric.descriptor.name}{${labels}}`] = typeof p.value === 'number' ? p.value : Number.NaN;
      }
    }
  }
  return { values, scopes, units };
}

/** A provider whose pg-instrumentation meter is wrapped as metrics.ts wraps it. */
function setup(): { reader: CumulativePullReader; wrapped: ApiMeterProvider } {
  const reader = new CumulativePullReader();
  const provider = new MeterProvider({ readers: [reader] });
  const wrapped: ApiMeterProvider = {
    getMeter: (name, version, options) => {
      const meter = provider.getMeter(name, version, options);
      return name === PG_INSTRUMENTATION_SCOPE ? pgPoolMetricsMeter(meter) : meter;
    },
  };
  return { reader, wrapped };
}

describe('pg pool metrics read from the pools', () => {
  it('reports each of two pools by its own counts, under the instrumentation\'s scope, names and unit', async () => {
    const { reader, wrapped } = setup();
    const instrumentation = new PgInstrumentation({ enabled: false });
    instrumentation.setMeterProvider(wrapped);
    // The instrumentation re-creates its instruments on every setMeterProvider: still one callback.
    instrumentation.setMeterProvider(wrapped);
    const primary = pool({ host: '10.0.0.1', port: 5432, database: 'app' }, 3, 3);
    const replica = pool({ host: '10.0.0.2', port: 5432, database: 'app' }, 1, 0, 2);
    trackPool(primary);
    trackPool(replica);
    trackPool(primary);

    const { values, scopes, units } = points((await reader.collect()).resourceMetrics);
    expect(values).toMatchObject({
      'db.client.connection.count{db.client.connection.state=used,db.client.connection.pool.name=10.0.0.1:5432/app}': 0,
      'db.client.connection.count{db.client.connection.state=idle,db.client.connection.pool.name=10.0.0.1:5432/app}': 3,
      'db.client.connection.count{db.client.connection.state=used,db.client.connection.pool.name=10.0.0.2:5432/app}': 1,
      'db.client.connection.count{db.client.connection.state=idle,db.client.connection.pool.name=10.0.0.2:5432/app}': 0,
      'db.client.connection.pending_requests{db.client.connection.pool.name=10.0.0.1:5432/app}': 0,
      'db.client.connection.pending_requests{db.client.connection.pool.name=10.0.0.2:5432/app}': 2,
    });
    expect(Object.keys(values).filter((k) => k.startsWith('db.client.connection.count'))).toHaveLength(4);
    expect(scopes['db.client.connection.count']).toEqual([PG_INSTRUMENTATION_SCOPE]);
    expect(scopes['db.client.connection.pending_requests']).toEqual([PG_INSTRUMENTATION_SCOPE]);
    expect(units['db.client.connection.count']).toBe('{connection}');

    // The next collection reads the pools again: the figures follow them, never drift.
    primary.idleCount = 1;
    replica.totalCount = 2;
    replica.waitingCount = 0;
    const next = points((await reader.collect()).resourceMetrics).values;
    expect(next['db.client.connection.count{db.client.connection.state=used,db.client.connection.pool.name=10.0.0.1:5432/app}']).toBe(2);
    expect(next['db.client.connection.count{db.client.connection.state=used,db.client.connection.pool.name=10.0.0.2:5432/app}']).toBe(2);
    expect(next['db.client.connection.pending_requests{db.client.connection.pool.name=10.0.0.2:5432/app}']).toBe(0);
  });

  it('hands the instrumentation inert counters: its own deltas change nothing', async () => {
    const { reader, wrapped } = setup();
    const meter = wrapped.getMeter(PG_INSTRUMENTATION_SCOPE, '1');
    trackPool(pool({ host: 'h', port: 1, database: 'd' }, 2, 1));
    meter.createUpDownCounter('db.client.connection.count').add(-7, { 'db.client.connection.state': 'idle', 'db.client.connection.pool.name': 'h:1/d' });
    meter.createUpDownCounter('db.client.connection.pending_requests').add(5, { 'db.client.connection.pool.name': 'h:1/d' });
    // Other instruments of the same meter are the SDK's as usual.
    meter.createUpDownCounter('db.client.connection.max').add(10, { 'db.client.connection.pool.name': 'h:1/d' });
    const { values } = points((await reader.collect()).resourceMetrics);
    expect(values).toEqual({
      'db.client.connection.count{db.client.connection.state=used,db.client.connection.pool.name=h:1/d}': 1,
      'db.client.connection.count{db.client.connection.state=idle,db.client.connection.pool.name=h:1/d}': 1,
      'db.client.connection.pending_requests{db.client.connection.pool.name=h:1/d}': 0,
      'db.client.connection.max{db.client.connection.pool.name=h:1/d}': 10,
    });
  });

  it('adds up pools of one name, leaves out ended pools and unreadable ones', () => {
    const a = pool({ host: 'db', port: 5432, database: 'x' }, 2, 1, 1);
    const b = pool({ host: 'db', port: 5432, database: 'x' }, 3, 0);
    const ended = { ...pool({ host: 'old', port: 5432, database: 'x' }, 0, 0), ended: true };
    const closing = { ...pool({ host: 'closing', port: 5432, database: 'x' }, 1, 0), ended: true };
    const broken = Object.defineProperty(pool({ host: 'broken' }, 1, 1), 'totalCount', { get: () => { throw new Error('boom'); } });
    const odd = pool(undefined, Number.NaN, -1, Number.POSITIVE_INFINITY);
    for (const p of [a, b, ended, closing, broken, odd]) trackPool(p);
    const read = readPools();
    expect(Object.fromEntries(read)).toEqual({
      'db:5432/x': { used: 4, idle: 1, pending: 1 },
      'closing:5432/x': { used: 1, idle: 0, pending: 0 },
      'unknown_host:unknown_port/unknown_database': { used: 0, idle: 0, pending: 0 },
    });
    // An ended pool is dropped for good; it is not read again.
    ended.totalCount = 5;
    expect(readPools().has('old:5432/x')).toBe(false);
  });

  it('names a pool as the instrumentation does', () => {
    expect(poolName(pool({ host: 'localhost', port: 6432, database: 'orders' }, 0, 0))).toBe('localhost:6432/orders');
    expect(poolName(pool({ database: 'orders' }, 0, 0))).toBe('unknown_host:unknown_port/orders');
    expect(poolName(pool(undefined, 0, 0))).toBe('unknown_host:unknown_port/unknown_database');
  });
});
