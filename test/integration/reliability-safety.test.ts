/**
 * RELIABILITY S1, S3, L10, H5: credentials in HTTP headers and in the exporter's own headers never
 * leave the process in telemetry or diagnostics, the API is a no-op after shutdown(), and the
 * /metrics and health listeners bind to loopback by default. Real child processes against the
 * OTLP receiver.
 */
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { OtlpFault, OtlpReceiver } from '@otelkit/testing';
import { SPAN_KIND, disposeAll, fixture, freePort, get, newReceiver, startScenario, warnLines, type Scenario, waitForPort } from './helpers.js';

afterEach(disposeAll);

/** Everything the receiver decoded (spans, data points, log records, with their resources), as text. */
const exported = (receiver: OtlpReceiver): string => JSON.stringify([receiver.spans(), receiver.metrics(), receiver.logs()]);

describe('S1: credentials in request and response headers', () => {
  const CANARY = 'canary-s1-4f7d';
  const SECRET_REQUEST_HEADERS = {
    authorization: `Bearer ${CANARY}-authorization`,
    cookie: `sid=${CANARY}-cookie`,
    'proxy-authorization': `Basic ${CANARY}-proxy-authorization`,
    'x-api-key': `${CANARY}-x-api-key`,
    'x-tenant': 't1',
  };

  async function run(capture: boolean): Promise<{ scenario: Scenario; stdio: string; scrape: string }> {
    const metricsPort = await freePort();
    const scenario = await startScenario({
      entry: fixture('secret-headers.cjs'),
      preload: capture ? 'none' : 'require',
      env: {
        CANARY,
        CAPTURE: capture ? '1' : '0',
        OTEL_METRICS_EXPORTER: 'otlp,prometheus',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
        OTEL_METRIC_EXPORT_INTERVAL: '200',
        OTEL_LOGS_EXPORTER: 'otlp',
        OTEL_BLRP_SCHEDULE_DELAY: '50',
      },
    });
    for (const path of ['/direct', '/client']) {
      const res = await get(`${scenario.baseUrl}${path}`, SECRET_REQUEST_HEADERS);
      expect(res.status, path).toBe(200);
      // The app's own response headers reach the client untouched: the canaries were really there.
      expect(res.headers.get('x-api-key'), path).toBe(`${CANARY}-server-res-x-api-key`);
    }
    const { receiver } = scenario;
    await receiver.waitFor(
      (r) =>
        r.spans().filter((s) => s.kind === SPAN_KIND.SERVER).length >= 2 &&
        r.spans().some((s) => s.kind === SPAN_KIND.CLIENT) &&
        r.logs().filter((l) => String(l.body).includes('request handled')).length >= 2 &&
        r.metrics().some((m) => m.name === 'http.server.request.duration'),
      { timeoutMs: 10_000 },
    );
    await waitForPort(metricsPort);
    const scrape = await get(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.body).toContain('http_server_request_duration');
    const exit = await scenario.stop('SIGTERM');
    return { scenario, stdio: exit.stdout + exit.stderr, scrape: scrape.body };
  }

  it('default config (preload): 0 canaries in OTLP spans, metrics and logs, stdout/stderr and /metrics', async () => {
    const { scenario, stdio, scrape } = await run(false);
    expect(exported(scenario.receiver)).not.toContain(CANARY);
    expect(stdio).not.toContain(CANARY);
    expect(scrape).not.toContain(CANARY);
  });

  it('headersToSpanAttributes naming every credential header (library start()): other headers are captured, credentials never', async () => {
    const { scenario, stdio, scrape } = await run(true);
    const spans = scenario.receiver.spans();
    const servers = spans.filter((s) => s.kind === SPAN_KIND.SERVER);
    // Capture is on: the harmless headers of the same lists are recorded on the server spans.
    for (const span of servers) {
      expect(span.attributes['http.request.header.x-tenant']).toEqual(['t1']);
      expect(span.attributes['http.response.header.x-served-by']).toEqual(['node-1']);
    }
    // Client side (upstream's instrumentation-http with headersToSpanAttributes.client).
    const client = spans.find((s) => s.kind === SPAN_KIND.CLIENT);
    expect(client?.attributes['http.request.header.x-tenant']).toEqual(['t1']);
    expect(client?.attributes['http.response.header.x-served-by']).toEqual(['node-1']);

    const leaked = (attributes: Record<string, unknown>): string[] => Object.keys(attributes).filter((k) => JSON.stringify(attributes[k]).includes(CANARY));
    for (const span of servers) expect(leaked(span.attributes), 'server span').toEqual([]);
    expect(leaked(client!.attributes), 'client span').toEqual([]);
    expect(exported(scenario.receiver)).not.toContain(CANARY);
    expect(stdio).not.toContain(CANARY);
    expect(scrape).not.toContain(CANARY);
    // One warning per list that named credential headers.
    const warnings = warnLines(stdio).filter((line) => line.includes('carry credentials'));
    expect(warnings.map((line) => /headersToSpanAttributes\.(\w+\.\w+)/.exec(line)?.[1]).sort()).toEqual(['client.requestHeaders', 'client.responseHeaders', 'server.requestHeaders', 'server.responseHeaders']);
  });
});

describe('S3: exporter credentials in diagnostics', () => {
  const CANARY = 'canary-s3-9b21';
  const FAILURES: Array<[string, OtlpFault | 'nothing listening']> = [
    ['receiver answers 401', { status: 401 }],
    ['receiver answers 503', { status: 503, retryAfter: '0' }],
    ['nothing listening', 'nothing listening'],
  ];

  it.each(FAILURES)('OTEL_LOG_LEVEL=debug, %s: 0 canary occurrences in stdout/stderr', async (_label, failure) => {
    const receiver = await newReceiver();
    let endpoint = receiver.url;
    if (failure === 'nothing listening') {
      endpoint = `http://127.0.0.1:${await freePort()}`;
    } else {
      receiver.setDefaultFault(failure);
    }
    const scenario = await startScenario({
      entry: fixture('http-app.cjs'),
      receiver,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${CANARY},x-api-key=${CANARY}-key`,
        OTEL_LOG_LEVEL: 'debug',
        OTEL_METRIC_EXPORT_INTERVAL: '200',
        OTEL_LOGS_EXPORTER: 'otlp',
        OTEL_BLRP_SCHEDULE_DELAY: '50',
        // Retries of the failed exports would hold the SIGTERM flush for the default 5 s.
        OTELKIT_SHUTDOWN_TIMEOUT: '1000',
      },
    });
    for (let i = 0; i < 5; i++) expect((await get(`${scenario.baseUrl}/seq`)).status).toBe(200);
    if (failure !== 'nothing listening') {
      // The exports really failed, and really carried the credential.
      await receiver.waitFor((r) => r.requests().filter((q) => q.signal === 'traces').length >= 1 && r.requests().filter((q) => q.signal === 'metrics').length >= 1, { timeoutMs: 10_000 });
      for (const request of receiver.requests()) {
        expect(request.status).toBe(failure.status);
        expect(request.headers['authorization']).toBe(`Bearer ${CANARY}`);
      }
    } else {
      // Several periodic metric exports have had time to fail.
      await new Promise((r) => setTimeout(r, 1000));
    }
    const exit = await scenario.stop('SIGTERM');
    const stdio = exit.stdout + exit.stderr;
    // Debug output is on and the failures were reported: the check is not vacuous.
    expect(exit.stderr).toMatch(/otelkit DEBUG/);
    expect(warnLines(exit.stderr).length, exit.stderr).toBeGreaterThan(0);
    expect(stdio).not.toContain(CANARY);
  });
});

describe('L10: use after shutdown()', () => {
  it('spans, metrics and logs after shutdown: 0 throws, 0 export requests after shutdown, at most 1 warning', async () => {
    const scenario = await startScenario({
      entry: fixture('use-after-shutdown.mjs'),
      preload: 'none',
      waitListening: false,
      env: { OTEL_METRIC_EXPORT_INTERVAL: '100', OTEL_LOGS_EXPORTER: 'otlp', OTEL_BLRP_SCHEDULE_DELAY: '50', LINGER_MS: '1000' },
    });
    const exit = await scenario.app.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stderr).not.toMatch(/TypeError|RangeError|Uncaught|unhandled/i);
    const shutdownAt = Number(/^shutdown-done (\d+)$/m.exec(exit.stdout)?.[1]);
    const result = JSON.parse(/^result (.*)$/m.exec(exit.stdout)?.[1] ?? 'null') as { throws: number } | null;
    expect(result, exit.stdout + exit.stderr).toEqual({ throws: 0 });

    const { receiver } = scenario;
    // Before shutdown the pipeline worked: shutdown() flushed all three signals.
    expect(receiver.spans().map((s) => s.name)).toEqual(expect.arrayContaining(['l10.before.span', 'l10.before.child']));
    expect(receiver.metrics().some((m) => m.name === 'l10.before.counter')).toBe(true);
    expect(receiver.logs().some((l) => String(l.body).includes('l10.before.log'))).toBe(true);
    // After it: no request at all, so nothing of the "after" phase either.
    const late = receiver.requests().filter((r) => r.receivedAt > shutdownAt);
    expect(late.map((r) => `${r.path} at +${r.receivedAt - shutdownAt} ms`)).toEqual([]);
    expect(exported(receiver)).not.toContain('l10.after');
    expect(warnLines(exit.stderr).length, exit.stderr).toBeLessThanOrEqual(1);
  });
});

describe('H5: /metrics and health listeners bind to loopback by default', () => {
  /** Non-loopback addresses of this machine (link-local IPv6 needs a scope id and is skipped). */
  const external = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal && !a.address.startsWith('fe80:'))
    .map((a) => a!.address);

  /** 'connected' or the error code of a TCP connection attempt. */
  const tryConnect = (host: string, port: number): Promise<string> =>
    new Promise((resolve) => {
      const socket = connect({ host, port, timeout: 2000 });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('timeout', () => {
        socket.destroy();
        resolve('timeout');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });

  it('OTEL_METRICS_EXPORTER=prometheus and OTELKIT_HEALTH_PORT=0 with no host set: both listen on 127.0.0.1 only', async () => {
    const metricsPort = await freePort();
    const scenario = await startScenario({
      entry: fixture('http-app.cjs'),
      // Only the port is set (a free one instead of 9464, so parallel tests do not collide); the host is the default.
      env: { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort), OTELKIT_HEALTH_PORT: '0', OTEL_LOG_LEVEL: 'debug' },
    });
    const metricsLine = await scenario.app.waitForOutput(/metrics served on http:\/\/(\S+):(\d+)\/metrics/, { stream: 'stderr', timeoutMs: 10_000 });
    const healthLine = await scenario.app.waitForOutput(/health endpoints on http:\/\/(\S+):(\d+) /, { stream: 'stderr', timeoutMs: 10_000 });
    expect(metricsLine[1]).toBe('127.0.0.1');
    expect(Number(metricsLine[2])).toBe(metricsPort);
    expect(healthLine[1]).toBe('127.0.0.1');
    const healthPort = Number(healthLine[2]);

    // Reachable on loopback...
    expect((await get(`http://127.0.0.1:${metricsPort}/metrics`)).status).toBe(200);
    expect((await get(`http://127.0.0.1:${healthPort}/live`)).status).toBe(200);
    // ...refused on every other address of this machine.
    for (const host of external) {
      expect(await tryConnect(host, metricsPort), `/metrics on ${host}`).toBe('ECONNREFUSED');
      expect(await tryConnect(host, healthPort), `health on ${host}`).toBe('ECONNREFUSED');
    }
  });
});
