/**
 * @otelkit/health under the preload: the zero-code server (OTELKIT_HEALTH_PORT), dependency checks
 * registered by the app, draining on SIGTERM, H3 (probes not traced) and H4 (a telemetry outage
 * never fails /live or /ready).
 */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { disposeAll, fixture, get, newReceiver, sleep, startScenario, traceHeader, waitForServerSpan, warnLines, type Scenario } from './helpers.js';

afterEach(disposeAll);

const HEALTH_LINE = /otelkit INFO health endpoints on http:\/\/127\.0\.0\.1:(\d+)/;
const ENDPOINTS = ['/health', '/ready', '/live', '/status'];

async function healthBase(scenario: Scenario): Promise<string> {
  const match = await scenario.app.waitForOutput(HEALTH_LINE, { stream: 'stderr', timeoutMs: 15_000 });
  return `http://127.0.0.1:${match[1]}`;
}

const json = <T = Record<string, unknown>>(body: string): T => JSON.parse(body) as T;

/** A TCP server that accepts connections and never answers: an OTLP collector that hangs. */
async function blackHole(): Promise<{ url: string; close(): void }> {
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

describe('zero-code health server (OTELKIT_HEALTH_PORT)', () => {
  it('serves the four endpoints on 127.0.0.1 for an app with no otelkit code; probes are not traced; /status hides secrets', async () => {
    const canary = 'canary-7c1d0e55';
    const scenario = await startScenario({
      entry: fixture('http-app.cjs'),
      env: { OTELKIT_HEALTH_PORT: '0', OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${canary}`, OTEL_SERVICE_NAME: 'probe-svc' },
    });
    const base = await healthBase(scenario);
    for (const path of ENDPOINTS) {
      const res = await get(`${base}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toContain('application/json');
      expect(res.headers.get('x-trace-id'), path).toBeNull();
    }
    const health = json<{ status: string; checks: Record<string, string> }>((await get(`${base}/health`)).body);
    expect(health.status).toMatch(/^(healthy|degraded)$/);
    expect(Object.keys(health.checks)).toEqual(['memory', 'disk', 'dependencies']);
    const statusBody = (await get(`${base}/status`)).body;
    expect(statusBody).not.toContain(canary);
    const status = json<{ service: { name: string }; exporters: Record<string, { state: string }>; config: { otlp: { headers: string[] } } }>(statusBody);
    expect(status.service.name).toBe('probe-svc');
    expect(status.exporters['traces']!.state).toMatch(/^(ok|degraded)$/);
    expect(status.config.otlp.headers).toEqual(['authorization']);

    // H3: once a normal request's span is in, nothing from the probes is.
    const normal = await get(`${scenario.baseUrl}/after-probes`);
    await waitForServerSpan(scenario.receiver, traceHeader(normal));
    await sleep(300);
    const serverPaths = scenario.receiver.spans().filter((s) => s.kind === 2).map((s) => s.attributes['url.path']);
    expect(serverPaths).toEqual(['/after-probes']);
    expect(warnLines(scenario.app.stderr())).toEqual([]);
    expect((await get(`${base}/elsewhere`)).status).toBe(404);
  });

  it('OTELKIT_HEALTH_EVENT_LOOP_DELAY_MAX sets when /live fails for an app with no otelkit code', async () => {
    const liveAfterStall = async (env: Record<string, string>): Promise<number> => {
      const scenario = await startScenario({ entry: fixture('http-app.cjs'), env: { OTELKIT_HEALTH_PORT: '0', ...env } });
      const base = await healthBase(scenario);
      expect((await get(`${base}/live`)).status).toBe(200); // starts the stall monitor
      // The probe arrives during the stall, so it is answered right after it, whatever the load.
      const blocked = get(`${scenario.baseUrl}/block?ms=700`);
      await sleep(150);
      const live = get(`${base}/live`);
      expect((await blocked).status).toBe(200);
      return (await live).status;
    };
    // A 700 ms stall: over a 200 ms limit, under the default 2 s.
    expect(await liveAfterStall({ OTELKIT_HEALTH_EVENT_LOOP_DELAY_MAX: '200' })).toBe(503);
    expect(await liveAfterStall({})).toBe(200);
  });

  it('no server without OTELKIT_HEALTH_PORT', async () => {
    const scenario = await startScenario({ entry: fixture('http-app.cjs') });
    await get(`${scenario.baseUrl}/x`);
    await sleep(300);
    expect(scenario.app.stderr()).not.toMatch(HEALTH_LINE);
  });

  it('a port in use: one warning, the app keeps serving, no crash', async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    try {
      const port = (holder.address() as { port: number }).port;
      const scenario = await startScenario({ entry: fixture('http-app.cjs'), env: { OTELKIT_HEALTH_PORT: String(port) } });
      await scenario.app.waitForOutput(/health server could not listen/, { stream: 'stderr' });
      for (let i = 0; i < 3; i++) expect((await get(`${scenario.baseUrl}/x`)).status).toBe(200);
      const exit = await scenario.stop();
      const warnings = warnLines(exit.stderr).filter((l) => l.includes('health server'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('EADDRINUSE');
      expect(exit.stderr).not.toMatch(/Uncaught|Unhandled|at Server\./);
      expect(exit.signal).toBe('SIGTERM');
    } finally {
      holder.close();
    }
  });
});

describe('dependency checks registered by the app', () => {
  it('a failing critical and a hanging non-critical dependency, seen through both servers', async () => {
    const scenario = await startScenario({ entry: fixture('health-app.cjs'), env: { OTELKIT_HEALTH_PORT: '0', HEALTH_CACHE_MS: '200' } });
    const base = await healthBase(scenario);
    // The app's own import and the preload's copy share one registry.
    for (const origin of [base, scenario.baseUrl]) {
      const started = performance.now();
      const health = await get(`${origin}/health`);
      expect(performance.now() - started).toBeLessThan(8000);
      expect(health.status).toBe(200);
      expect(json(health.body)).toMatchObject({ status: 'degraded', checks: { dependencies: 'fail' }, dependencies: { db: 'ok', search: 'fail' } });
      expect((await get(`${origin}/ready`)).status).toBe(200);
    }
    const status = json<{ checks: { name: string; status: string; timedOut?: boolean; latencyMs: number }[] }>((await get(`${base}/status`)).body);
    expect(status.checks.find((c) => c.name === 'search')).toMatchObject({ status: 'fail', timedOut: true });
    expect(status.checks.find((c) => c.name === 'db')).toMatchObject({ status: 'ok', latencyMs: expect.any(Number) });

    await get(`${scenario.baseUrl}/db?up=0`);
    await sleep(400);
    const ready = await get(`${base}/ready`);
    expect(ready.status).toBe(503);
    expect(json(ready.body)).toEqual({ status: 'not_ready', reason: 'checks_failed', failed: ['db'] });
    const health = await get(`${base}/health`);
    expect(health.status).toBe(503);
    expect(json(health.body)).toMatchObject({ status: 'unhealthy', dependencies: { db: 'fail' } });
    // /live runs no dependency check.
    expect((await get(`${base}/live`)).status).toBe(200);

    await get(`${scenario.baseUrl}/db?up=1`);
    await sleep(400);
    expect((await get(`${base}/ready`)).status).toBe(200);
    // The hanging check was never called again while its first call still hangs.
    expect(json<{ search: number }>((await get(`${scenario.baseUrl}/calls`)).body).search).toBe(1);
  });

  it('probe storm: the checks run at most once per cache interval', async () => {
    const scenario = await startScenario({ entry: fixture('health-app.cjs'), env: { OTELKIT_HEALTH_PORT: '0', HEALTH_CACHE_MS: '1000' } });
    const base = await healthBase(scenario);
    const before = json<{ db: number }>((await get(`${scenario.baseUrl}/calls`)).body).db;
    const started = performance.now();
    let answered = 0;
    while (performance.now() - started < 3000) {
      const wave = Array.from({ length: 30 }, (_, i) => get(`${i % 2 === 0 ? base : scenario.baseUrl}/${['ready', 'health', 'status'][i % 3]}`));
      for (const res of await Promise.all(wave)) {
        expect(res.status).toBe(200);
        answered++;
      }
    }
    const elapsed = performance.now() - started;
    const runs = json<{ db: number }>((await get(`${scenario.baseUrl}/calls`)).body).db - before;
    expect(answered).toBeGreaterThanOrEqual(30);
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(runs).toBeLessThanOrEqual(Math.ceil(elapsed / 1000) + 1);
  });
});

describe('shutdown draining', () => {
  it('app with its own SIGTERM handler: /ready is 503 at once, while the app still serves, until it closes', async () => {
    const scenario = await startScenario({ entry: fixture('health-app.cjs'), env: { OTELKIT_HEALTH_PORT: '0', APP_SIGTERM_DRAIN_MS: '2000' } });
    const base = await healthBase(scenario);
    expect((await get(`${base}/ready`)).status).toBe(200);
    scenario.app.kill('SIGTERM');
    await scenario.app.waitForOutput(/app SIGTERM: draining/, { stream: 'stdout' });
    const ready = await get(`${base}/ready`);
    expect(ready.status).toBe(503);
    expect(json(ready.body)).toEqual({ status: 'not_ready', reason: 'shutting_down' });
    // The app's own mount of the handler says the same, and the app still answers real requests.
    expect((await get(`${scenario.baseUrl}/ready`)).status).toBe(503);
    expect((await get(`${scenario.baseUrl}/work`)).status).toBe(200);
    expect((await get(`${base}/live`)).status).toBe(200);
    expect(scenario.app.stdout()).not.toContain('app closed');
    const exit = await scenario.app.exited;
    expect(exit.code).toBe(0);
    expect(exit.stdout).toContain('app closed; exit 0');
  });

  it('app without a handler: /ready is 503 while otelkit flushes, then the process ends by the signal', async () => {
    const hole = await blackHole();
    try {
      const scenario = await startScenario({
        entry: fixture('http-app.cjs'),
        env: { OTELKIT_HEALTH_PORT: '0', OTEL_EXPORTER_OTLP_ENDPOINT: hole.url, OTELKIT_SHUTDOWN_TIMEOUT: '3000' },
      });
      const base = await healthBase(scenario);
      // H4: the collector hangs, yet the app is live and ready.
      for (let i = 0; i < 5; i++) {
        expect((await get(`${scenario.baseUrl}/seq`)).status).toBe(200);
        expect((await get(`${base}/ready`)).status).toBe(200);
        expect((await get(`${base}/live`)).status).toBe(200);
        await sleep(100);
      }
      scenario.app.kill('SIGTERM');
      let drained = false;
      for (let i = 0; i < 20 && !drained; i++) {
        const res = await get(`${base}/ready`).catch(() => undefined);
        if (res === undefined) break;
        drained = res.status === 503 && json<{ reason: string }>(res.body).reason === 'shutting_down';
        if (!drained) await sleep(50);
      }
      expect(drained).toBe(true);
      const exit = await scenario.app.exited;
      expect(exit.signal).toBe('SIGTERM');
    } finally {
      hole.close();
    }
  });
});

describe('H4: telemetry outage', () => {
  it('collector hangs: /status says degraded with dropped and failed counts; /live and /ready stay 200', async () => {
    const receiver = await newReceiver();
    receiver.setDefaultFault({ hang: true });
    const scenario = await startScenario({
      entry: fixture('http-app.cjs'),
      receiver,
      env: { OTELKIT_HEALTH_PORT: '0', OTEL_EXPORTER_OTLP_TIMEOUT: '500', OTEL_BSP_MAX_QUEUE_SIZE: '4' },
    });
    const base = await healthBase(scenario);
    type Traces = { state: string; dropped: number; failed: number; exported: number; queueCapacity: number };
    let traces: Traces | undefined;
    const until = performance.now() + 15_000;
    while (performance.now() < until) {
      // Bursts of concurrent requests end more spans at once than the queue of 4 holds.
      const burst = await Promise.all(Array.from({ length: 20 }, () => get(`${scenario.baseUrl}/seq`)));
      for (const res of burst) expect(res.status).toBe(200);
      expect((await get(`${base}/live`)).status).toBe(200);
      expect((await get(`${base}/ready`)).status).toBe(200);
      const status = await get(`${base}/status`);
      expect(status.status).toBe(200);
      traces = json<{ exporters: { traces: Traces } }>(status.body).exporters.traces;
      if (traces.state === 'degraded' && traces.dropped > 0 && traces.failed > 0) break;
      await sleep(200);
    }
    expect(traces, JSON.stringify(traces)).toMatchObject({ state: 'degraded', exported: 0 });
    expect(traces!.dropped).toBeGreaterThan(0);
    expect(traces!.failed).toBeGreaterThan(0);
    const health = await get(`${base}/health`);
    expect(health.status).toBe(200);
    expect(json<{ checks: { dependencies: string } }>(health.body).checks.dependencies).toBe('ok');
  });

  it('collector down: /live and /ready stay 200 while requests are traced', async () => {
    const hole = createServer();
    await new Promise<void>((r) => hole.listen(0, '127.0.0.1', r));
    const deadPort = (hole.address() as { port: number }).port;
    await new Promise<void>((r) => hole.close(() => r()));
    const scenario = await startScenario({ entry: fixture('http-app.cjs'), env: { OTELKIT_HEALTH_PORT: '0', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${deadPort}` } });
    const base = await healthBase(scenario);
    const until = performance.now() + 3000;
    while (performance.now() < until) {
      expect((await get(`${scenario.baseUrl}/seq`)).status).toBe(200);
      expect((await get(`${base}/live`)).status).toBe(200);
      expect((await get(`${base}/ready`)).status).toBe(200);
      await sleep(100);
    }
    const status = await get(`${base}/status`);
    expect(status.status).toBe(200);
    expect(json<{ exporters: Record<string, { state: string }> }>(status.body).exporters['traces']!.state).toMatch(/^(ok|degraded)$/);
  });
});
