import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OtelkitError, setDiagSink } from '@otelkit/core';
import express from 'express';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { healthMiddleware } from './express.js';
import { healthPlugin } from './fastify.js';
import { createHealthHandler } from './http.js';
import { HealthRegistry } from './registry.js';
import { startHealthServer, type HealthServer } from './server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.allSettled(cleanups.splice(0).map((fn) => fn()));
});

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
    cleanups.push(() => new Promise((r) => server.close(() => r())));
  });
}

async function get(url: string, method = 'GET'): Promise<{ status: number; body: string; type: string | null }> {
  const res = await fetch(url, { method, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
}

function registryWithFailingDb(): HealthRegistry {
  const r = new HealthRegistry({ cacheMs: 1, version: '9.9.9' });
  r.addCheck('db', () => {
    throw new Error('db down');
  });
  r.addCheck('cache', () => undefined, { critical: false });
  return r;
}

async function expectFourEndpoints(base: string, prefix = ''): Promise<void> {
  const live = await get(`${base}${prefix}/live`);
  expect(live.status).toBe(200);
  expect(live.type).toContain('application/json');
  expect(JSON.parse(live.body)).toMatchObject({ status: 'ok' });
  const ready = await get(`${base}${prefix}/ready`);
  expect(ready.status).toBe(503);
  expect(JSON.parse(ready.body)).toEqual({ status: 'not_ready', reason: 'checks_failed', failed: ['db'] });
  const health = await get(`${base}${prefix}/health?verbose=1`);
  expect(health.status).toBe(503);
  expect(JSON.parse(health.body)).toMatchObject({ status: 'unhealthy', version: '9.9.9', checks: { dependencies: 'fail' }, dependencies: { db: 'fail', cache: 'ok' } });
  const status = await get(`${base}${prefix}/status`);
  expect(status.status).toBe(200);
  const body = JSON.parse(status.body) as { checks: { name: string; status: string; message?: string }[] };
  expect(body.checks.find((c) => c.name === 'db')).toMatchObject({ status: 'fail', message: 'db down' });
}

describe('node:http handler', () => {
  it('answers the four paths, leaves the rest to the app, and rejects other methods', async () => {
    const handler = createHealthHandler({ registry: registryWithFailingDb() });
    const base = await listen(
      createServer((req, res) => {
        if (handler(req, res)) return;
        res.end('app');
      }),
    );
    await expectFourEndpoints(base);
    expect(await get(`${base}/other`)).toMatchObject({ status: 200, body: 'app' });
    expect(await get(`${base}/healthz`)).toMatchObject({ status: 200, body: 'app' });
    expect(await get(`${base}/live`, 'HEAD')).toMatchObject({ status: 200, body: '' });
    expect((await get(`${base}/live`, 'POST')).status).toBe(405);
  });

  it('custom paths', async () => {
    const handler = createHealthHandler({ registry: new HealthRegistry(), paths: { live: '/livez' } });
    const base = await listen(createServer((req, res) => void (handler(req, res) || res.end('app'))));
    expect((await get(`${base}/livez`)).status).toBe(200);
    expect((await get(`${base}/live`)).body).toBe('app');
    expect((await get(`${base}/ready`)).status).toBe(200);
  });

  it('bad options throw OtelkitError', () => {
    expect(() => createHealthHandler({ paths: { live: 'live' } })).toThrow(OtelkitError);
    expect(() => createHealthHandler({ paths: { alive: '/a' } as never })).toThrow(/OTELKIT_ERR_UNKNOWN_OPTION/);
    expect(() => createHealthHandler({ regsitry: 1 } as never)).toThrow(/OTELKIT_ERR_UNKNOWN_OPTION/);
  });
});

describe('Express middleware', () => {
  it('answers at the root and under a mount path', async () => {
    const registry = registryWithFailingDb();
    const app = express();
    app.use(healthMiddleware({ registry }));
    app.use('/ops', healthMiddleware({ registry }));
    app.get('/hello', (_req, res) => void res.send('hello'));
    const base = await listen(createServer(app));
    await expectFourEndpoints(base);
    await expectFourEndpoints(base, '/ops');
    expect(await get(`${base}/hello`)).toMatchObject({ status: 200, body: 'hello' });
  });
});

describe('Fastify plugin', () => {
  it('answers at the root and under a prefix, HEAD included', async () => {
    const registry = registryWithFailingDb();
    const app = Fastify();
    await app.register(healthPlugin, { registry });
    await app.register(healthPlugin, { registry, prefix: '/ops' });
    app.get('/hello', async () => 'hello');
    await app.listen({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => app.close());
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    await expectFourEndpoints(base);
    await expectFourEndpoints(base, '/ops');
    expect(await get(`${base}/hello`)).toMatchObject({ status: 200, body: 'hello' });
    expect((await get(`${base}/live`, 'HEAD')).status).toBe(200);
  });
});

describe('standalone server', () => {
  function start(options: Parameters<typeof startHealthServer>[0]): HealthServer {
    const server = startHealthServer(options);
    cleanups.push(() => server.close());
    return server;
  }

  it('binds to 127.0.0.1 by default and serves the four endpoints, 404 elsewhere', async () => {
    const server = start({ port: 0, registry: registryWithFailingDb() });
    const address = await server.listening;
    expect(address?.host).toBe('127.0.0.1');
    expect(server.address()).toEqual(address);
    const base = `http://127.0.0.1:${address!.port}`;
    await expectFourEndpoints(base);
    expect((await get(`${base}/nope`)).status).toBe(404);
  });

  it('a port in use gives one warning and no exception; the holder keeps its port', async () => {
    const lines: string[] = [];
    const previous = setDiagSink((_level, line) => lines.push(line));
    try {
      const holder = createServer((_req, res) => res.end('holder'));
      const base = await listen(holder);
      const port = Number(new URL(base).port);
      const server = start({ port, registry: new HealthRegistry() });
      expect(await server.listening).toBeUndefined();
      expect(server.address()).toBeUndefined();
      const again = start({ port, registry: new HealthRegistry() });
      expect(await again.listening).toBeUndefined();
      const warnings = lines.filter((l) => l.includes('health server could not listen'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('EADDRINUSE');
      expect(await get(base)).toMatchObject({ status: 200, body: 'holder' });
      await server.close();
    } finally {
      setDiagSink(previous);
    }
  });

  it('closes promptly, even with a keep-alive client connected', async () => {
    const server = start({ port: 0, registry: new HealthRegistry() });
    const address = await server.listening;
    expect((await get(`http://127.0.0.1:${address!.port}/live`)).status).toBe(200);
    const before = performance.now();
    await server.close();
    expect(performance.now() - before).toBeLessThan(5000);
    await expect(fetch(`http://127.0.0.1:${address!.port}/live`)).rejects.toThrow();
  });

  it('bad options throw OtelkitError synchronously', () => {
    expect(() => startHealthServer({ port: -1 })).toThrow(/OTELKIT_ERR_INVALID_OPTION/);
    expect(() => startHealthServer({ port: 1.5 })).toThrow(/OTELKIT_ERR_INVALID_OPTION/);
    expect(() => startHealthServer({ port: 0, host: '' })).toThrow(/OTELKIT_ERR_INVALID_OPTION/);
    expect(() => startHealthServer({ port: 0, hots: 'x' } as never)).toThrow(/OTELKIT_ERR_UNKNOWN_OPTION/);
  });
});

describe('probe storm', () => {
  it('runs the checks at most once per cache interval under hundreds of concurrent probes', async () => {
    const registry = new HealthRegistry({ cacheMs: 1000 });
    let calls = 0;
    registry.addCheck('db', async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 20));
    });
    const server = startHealthServer({ port: 0, registry });
    cleanups.push(() => server.close());
    const { port } = (await server.listening)!;
    const started = performance.now();
    let answered = 0;
    // 2.5 s of waves of 50 concurrent probes on the three check-running endpoints.
    while (performance.now() - started < 2500) {
      const wave = Array.from({ length: 50 }, (_, i) => get(`http://127.0.0.1:${port}/${['ready', 'health', 'status'][i % 3]}`));
      for (const res of await Promise.all(wave)) {
        expect(res.status).toBe(200);
        answered++;
      }
    }
    const elapsed = performance.now() - started;
    expect(answered).toBeGreaterThanOrEqual(50);
    expect(calls).toBeGreaterThanOrEqual(1);
    // One run per interval started, plus the first one.
    expect(calls).toBeLessThanOrEqual(Math.ceil(elapsed / 1000) + 1);
    expect(registry.checkRuns()).toBe(calls);
  });
});
