import { OtelkitError } from '@otelkit/core';
import { describe, expect, it } from 'vitest';
import { HealthRegistry, health } from './registry.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const never = (): Promise<void> => new Promise(() => undefined);

describe('check registry', () => {
  it('reports ok, failing, throwing, false and warn results with latency', async () => {
    const r = new HealthRegistry();
    r.addCheck('ok', async () => undefined);
    r.addCheck('rejects', async () => {
      throw new Error('connection refused\nat line 2');
    });
    r.addCheck('throws', () => {
      throw new Error('sync boom');
    }, { critical: false });
    r.addCheck('false', () => false, { critical: false });
    r.addCheck('warn', () => ({ status: 'warn', message: 'replica lag 4 s' }), { critical: false });
    const results = await r.runChecks();
    const byName = Object.fromEntries(results.map((x) => [x.name, x]));
    expect(byName['ok']).toMatchObject({ status: 'ok', critical: true });
    expect(byName['ok']!.message).toBeUndefined();
    expect(byName['rejects']).toMatchObject({ status: 'fail', message: 'connection refused at line 2' });
    expect(byName['throws']).toMatchObject({ status: 'fail', critical: false, message: 'sync boom' });
    expect(byName['false']).toMatchObject({ status: 'fail' });
    expect(byName['warn']).toMatchObject({ status: 'warn', message: 'replica lag 4 s' });
    for (const x of results) {
      expect(x.latencyMs).toBeGreaterThanOrEqual(0);
      expect(Number.isNaN(Date.parse(x.checkedAt))).toBe(false);
    }
  });

  it('bounds a hanging check by its timeout and does not call it again while it still hangs', async () => {
    const r = new HealthRegistry({ cacheMs: 1 });
    let calls = 0;
    r.addCheck('hangs', () => {
      calls++;
      return never();
    }, { timeout: 100 });
    const started = performance.now();
    const [first] = await r.runChecks();
    expect(performance.now() - started).toBeLessThan(5000);
    expect(first).toMatchObject({ status: 'fail', timedOut: true, latencyMs: 100 });
    expect(first!.message).toContain('timed out after 100 ms');
    await sleep(10);
    const [second] = await r.runChecks();
    expect(second).toMatchObject({ status: 'fail', timedOut: true });
    expect(calls).toBe(1);
  });

  it('calls a slow check again once its earlier call finished', async () => {
    const r = new HealthRegistry({ cacheMs: 1 });
    let calls = 0;
    r.addCheck('slow', async () => {
      calls++;
      if (calls === 1) await sleep(300);
    }, { timeout: 50 });
    expect((await r.runChecks())[0]!.status).toBe('fail');
    await sleep(400);
    expect((await r.runChecks())[0]!.status).toBe('ok');
    expect(calls).toBe(2);
  });

  it('shares one in-flight run between concurrent callers and caches it for cacheMs', async () => {
    const r = new HealthRegistry({ cacheMs: 60_000 });
    let calls = 0;
    r.addCheck('db', async () => {
      calls++;
      await sleep(50);
    });
    const all = await Promise.all(Array.from({ length: 100 }, () => r.runChecks()));
    expect(calls).toBe(1);
    expect(new Set(all).size).toBe(1);
    await r.runChecks();
    expect(calls).toBe(1);
    expect(r.checkRuns()).toBe(1);
  });

  it('runs again after the cache interval, and adding a check invalidates the cache', async () => {
    const r = new HealthRegistry({ cacheMs: 100 });
    let calls = 0;
    r.addCheck('db', () => void calls++);
    await r.runChecks();
    await r.runChecks();
    expect(calls).toBe(1);
    await sleep(200);
    await r.runChecks();
    expect(calls).toBe(2);
    r.addCheck('cache', () => undefined);
    const results = await r.runChecks();
    expect(calls).toBe(3);
    expect(results.map((x) => x.name)).toEqual(['db', 'cache']);
  });

  it('removes checks through the returned function or by name', async () => {
    const r = new HealthRegistry();
    const remove = r.addCheck('a', () => undefined);
    r.addCheck('b', () => undefined);
    remove();
    expect(r.checkNames()).toEqual(['b']);
    expect(r.removeCheck('b')).toBe(true);
    expect(r.removeCheck('b')).toBe(false);
    expect(await r.runChecks()).toEqual([]);
  });

  it('throws OtelkitError for bad explicit options', () => {
    const r = new HealthRegistry();
    const code = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(OtelkitError);
        return (error as OtelkitError).code;
      }
      return undefined;
    };
    expect(code(() => r.addCheck('', () => undefined))).toBe('OTELKIT_ERR_INVALID_OPTION');
    expect(code(() => r.addCheck('has space', () => undefined))).toBe('OTELKIT_ERR_INVALID_OPTION');
    expect(code(() => r.addCheck('x', 'nope' as never))).toBe('OTELKIT_ERR_INVALID_OPTION');
    expect(code(() => r.addCheck('x', () => undefined, { timeout: -1 }))).toBe('OTELKIT_ERR_INVALID_OPTION');
    expect(code(() => r.addCheck('x', () => undefined, { timout: 5 } as never))).toBe('OTELKIT_ERR_UNKNOWN_OPTION');
    expect(code(() => r.addCheck('x', () => undefined, { critical: 'yes' } as never))).toBe('OTELKIT_ERR_INVALID_OPTION');
    r.addCheck('x', () => undefined);
    expect(code(() => r.addCheck('x', () => undefined))).toBe('OTELKIT_ERR_DUPLICATE_CHECK');
    expect(code(() => new HealthRegistry({ cacheMs: 0 }))).toBe('OTELKIT_ERR_INVALID_OPTION');
    expect(code(() => new HealthRegistry({ memoryWarnRatio: 2 }))).toBe('OTELKIT_ERR_INVALID_OPTION');
    expect(code(() => new HealthRegistry({ cache: 5 } as never))).toBe('OTELKIT_ERR_UNKNOWN_OPTION');
  });
});

describe('endpoint semantics', () => {
  it('ready: critical failures fail it, non-critical ones only degrade health', async () => {
    const r = new HealthRegistry({ cacheMs: 1 });
    let dbUp = true;
    r.addCheck('db', () => {
      if (!dbUp) throw new Error('down');
    });
    r.addCheck('search', () => false, { critical: false });
    expect(await r.ready()).toEqual({ status: 'ready' });
    const degraded = await r.health();
    expect(degraded.status).toBe('degraded');
    expect(degraded.checks.dependencies).toBe('fail');
    expect(degraded.dependencies).toEqual({ db: 'ok', search: 'fail' });
    dbUp = false;
    await sleep(5);
    expect(await r.ready()).toEqual({ status: 'not_ready', reason: 'checks_failed', failed: ['db'] });
    expect((await r.health()).status).toBe('unhealthy');
  });

  it('health has the runbook shape', async () => {
    const r = new HealthRegistry({ version: '1.2.3' });
    r.addCheck('db', () => undefined);
    const report = await r.health();
    expect(Object.keys(report)).toEqual(['status', 'timestamp', 'version', 'checks', 'dependencies']);
    expect(report.version).toBe('1.2.3');
    expect(Number.isNaN(Date.parse(report.timestamp))).toBe(false);
    expect(Object.keys(report.checks)).toEqual(['memory', 'disk', 'dependencies']);
    expect(['ok', 'warn']).toContain(report.checks.memory);
    expect(report.checks.dependencies).toBe('ok');
  });

  it('memory and disk above their thresholds degrade health; a bad disk path warns instead of throwing', async () => {
    const r = new HealthRegistry({ memoryWarnRatio: 0.000_001, diskPath: '/definitely/not/here' });
    const report = await r.health();
    expect(report.checks).toEqual({ memory: 'warn', disk: 'warn', dependencies: 'ok' });
    expect(report.status).toBe('degraded');
    const status = await r.status();
    expect(status['disk']).toMatchObject({ status: 'warn', message: expect.stringContaining('ENOENT') });
  });

  it('ready is 503-worthy while starting and during shutdown, without running checks', async () => {
    const r = new HealthRegistry();
    let calls = 0;
    r.addCheck('db', () => void calls++);
    r.setStarted(false);
    expect(await r.ready()).toEqual({ status: 'not_ready', reason: 'starting' });
    r.setStarted();
    expect((await r.ready()).status).toBe('ready');
    r.setShuttingDown();
    expect(await r.ready()).toEqual({ status: 'not_ready', reason: 'shutting_down' });
    expect(r.isShuttingDown()).toBe(true);
    expect(calls).toBe(1);
    r.setStarted();
    expect(r.isShuttingDown()).toBe(false);
  });

  it('live fails while the event loop is stalled beyond the bound, and recovers', async () => {
    const r = new HealthRegistry({ eventLoopDelayMaxMs: 150 });
    expect(r.live().status).toBe('ok');
    await sleep(300);
    const end = Date.now() + 600;
    while (Date.now() < end) {
      // Block the event loop.
    }
    const stalled = r.live();
    expect(stalled.status).toBe('fail');
    expect(stalled.eventLoopDelayMs).toBeGreaterThan(150);
    let recovered = false;
    for (let i = 0; i < 40 && !recovered; i++) {
      await sleep(100);
      recovered = r.live().status === 'ok';
    }
    expect(recovered).toBe(true);
  });

  it('status lists uptime, versions, each check with latency, and the status sources', async () => {
    const r = new HealthRegistry({ serviceName: 'api', version: '2.0.0' });
    r.addCheck('db', () => undefined, { timeout: 1500 });
    r.setStatusSource('exporters', () => ({ traces: { state: 'degraded', dropped: 3 } }));
    r.setStatusSource('broken', () => {
      throw new Error('source failed');
    });
    const status = await r.status();
    expect(status['service']).toEqual({ name: 'api', version: '2.0.0' });
    expect(status['uptimeSeconds']).toBeGreaterThanOrEqual(0);
    expect(status['versions']).toMatchObject({ node: process.version });
    expect(status['checks']).toEqual([expect.objectContaining({ name: 'db', status: 'ok', critical: true, timeoutMs: 1500, latencyMs: expect.any(Number) })]);
    expect(status['exporters']).toEqual({ traces: { state: 'degraded', dropped: 3 } });
    expect(status['broken']).toEqual({ error: 'source failed' });
    r.setStatusSource('broken', undefined);
    expect('broken' in (await r.status())).toBe(false);
    expect(() => JSON.stringify(status)).not.toThrow();
  });

  it('the default registry is process-wide, under a global symbol', () => {
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('otelkit.health.v1')]).toBe(health);
  });
});
