/**
 * The harness itself: each scripted fault does what it says on the wire, items are counted by
 * `test.seq` for every signal, and the child probes report what they measure. The scenarios
 * (scenarios-*.test.ts) trust these.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, readStatus, reliabilityFixture, startHarnessApp, sleep, type HarnessApp } from './harness/app.js';
import { runLoad } from './harness/load.js';
import { inOrder, during, startFaultReceiver, type FaultReceiver } from './harness/receiver.js';

const open: Array<FaultReceiver | HarnessApp> = [];
afterEach(async () => {
  for (const x of open.splice(0)) await ('close' in x ? x.close() : x[Symbol.asyncDispose]());
});

async function receiver(...args: Parameters<typeof startFaultReceiver>): Promise<FaultReceiver> {
  const r = await startFaultReceiver(...args);
  open.push(r);
  return r;
}

// OTLP/JSON bodies of one item each, carrying a test.seq.
const seqAttr = (seq: string) => [{ key: 'test.seq', value: { stringValue: seq } }];
const jsonBody = {
  traces: (seq: string) => ({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '1'.repeat(32), spanId: '2'.repeat(16), name: 's', kind: 1, startTimeUnixNano: '1', endTimeUnixNano: '2', attributes: seqAttr(seq) }] }] }] }),
  logs: (seq: string) => ({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: '1', body: { stringValue: 'x' }, attributes: seqAttr(seq) }] }] }] }),
  metrics: (seq: string) => ({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'm', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ asInt: '1', timeUnixNano: '1', attributes: seqAttr(seq) }] } }] }] }] }),
};

interface Answer {
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  bodyBytes: number;
  error?: string;
  ms: number;
}

/** POST a JSON export and read the whole answer (or the error that cut it). */
function post(url: string, signal: keyof typeof jsonBody, seq: string, timeoutMs = 5000): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve) => {
    // A reset after the head fails the request after its response began: keep what was seen.
    const seen: Answer = { bodyBytes: 0, ms: 0 };
    const done = (error?: Error): void => resolve({ ...seen, ...(error === undefined ? {} : { error: error.message }), ms: Date.now() - started });
    const req = request(`${url}/v1/${signal}`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' }, timeout: timeoutMs }, (res) => {
      seen.status = res.statusCode;
      seen.headers = res.headers;
      res.on('data', (c: Buffer) => (seen.bodyBytes += c.length));
      res.on('end', () => done());
      res.on('error', done);
    });
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', done);
    req.end(JSON.stringify(jsonBody[signal](seq)));
  });
}

describe('harness: fault receiver', () => {
  it('counts test.seq per signal and duplicates; answers status, Retry-After, partial success, by request and by time', async () => {
    const r = await receiver();
    r.setScript(inOrder([{ status: 503, retryAfter: 'Wed, 21 Oct 2037 07:28:00 GMT' }, { status: 429, retryAfter: 'abc' }, { partialSuccess: { rejected: 7, message: 'seven' } }]));
    const a = await post(r.url, 'traces', 't1');
    const b = await post(r.url, 'traces', 't1');
    const c = await post(r.url, 'traces', 't1');
    const d = await post(r.url, 'traces', 't1');
    expect([a.status, a.headers?.['retry-after']]).toEqual([503, 'Wed, 21 Oct 2037 07:28:00 GMT']);
    expect([b.status, b.headers?.['retry-after']]).toEqual([429, 'abc']);
    expect(c.status).toBe(200);
    expect(c.bodyBytes).toBeGreaterThan(0); // the partial success body
    expect(d.status).toBe(200);
    // Refused requests record nothing; the two accepted ones carried the same seq.
    expect(r.delivered('traces')).toBe(1);
    expect(r.duplicates('traces')).toBe(1);
    expect(r.requests('traces').map((x) => x.outcome)).toEqual([503, 429, 200, 200]);

    await post(r.url, 'logs', 'l1');
    await post(r.url, 'metrics', 'm1');
    await post(r.url, 'metrics', 'm2');
    expect([r.delivered('logs'), r.delivered('metrics'), r.duplicates('metrics')]).toEqual([1, 2, 0]);

    r.reset();
    r.setScript(during(0, 300, { status: 502 }));
    expect((await post(r.url, 'traces', 'x')).status).toBe(502);
    await sleep(350);
    expect((await post(r.url, 'traces', 'x')).status).toBe(200);
  });

  it('blackhole, delay, reset after headers, oversized and gzip-bomb bodies, down and up', async () => {
    const r = await receiver();
    r.setScript(inOrder([{ blackhole: true }, { delayMs: 400 }, { resetAfterHeaders: true }, { bodyBytes: 5 * 2 ** 20 }, { bodyBytes: 2 * 2 ** 20, chunked: true }, { gzipBombBytes: 64 * 2 ** 20 }]));
    const hole = await post(r.url, 'traces', 'a', 600);
    expect(hole.error).toBe('client timeout');
    expect(hole.ms).toBeGreaterThanOrEqual(590);
    await expect.poll(() => r.requests()[0]?.outcome).toBe('blackhole');
    expect(r.requests()[0]!.endedAt! - r.requests()[0]!.at).toBeGreaterThanOrEqual(550);

    const slow = await post(r.url, 'traces', 'b');
    expect(slow.status).toBe(200);
    expect(slow.ms).toBeGreaterThanOrEqual(390);

    const reset = await post(r.url, 'traces', 'c');
    expect(reset.status).toBe(200); // the head arrived...
    expect(reset.error).toMatch(/aborted|ECONNRESET|socket hang up/); // ...then the cut
    expect(r.delivered('traces')).toBe(2); // b and c were accepted; the blackholed a was not

    expect((await post(r.url, 'traces', 'd')).bodyBytes).toBe(5 * 2 ** 20);
    const chunked = await post(r.url, 'traces', 'e');
    expect([chunked.bodyBytes, chunked.headers?.['transfer-encoding']]).toEqual([2 * 2 ** 20, 'chunked']);
    const bomb = await post(r.url, 'traces', 'f', 15_000);
    expect(bomb.headers?.['content-encoding']).toBe('gzip');
    expect(bomb.bodyBytes).toBeLessThan(2 ** 20); // 64 MiB of zeros in well under 1 MiB

    await r.down();
    expect((await post(r.url, 'traces', 'g')).error).toMatch(/ECONNREFUSED/);
    await r.up();
    expect((await post(r.url, 'traces', 'h')).status).toBe(200);
    expect(r.inFlight()).toEqual({ now: 0, max: 1 });
  });
});

describe('harness: apps and probes', () => {
  it.each(['preload', 'library'] as const)('%s: every request of the load arrives by test.seq; probes report RSS, event-loop delay, fds', async (mode) => {
    const r = await receiver();
    const healthPort = await freePort();
    const app = await startHarnessApp({ mode, probeIntervalMs: 200, env: { OTEL_EXPORTER_OTLP_ENDPOINT: r.url, OTEL_BSP_SCHEDULE_DELAY: '100', OTELKIT_HEALTH_PORT: String(healthPort) } });
    open.push(app);
    const load = await runLoad({ baseUrl: app.baseUrl, rps: 100, durationMs: 1000 });
    expect(load.statuses).toEqual({ 200: load.sent });
    await expect.poll(() => r.delivered('traces'), { timeout: 10_000 }).toBe(load.sent);
    expect(r.duplicates('traces')).toBe(0);
    expect((await readStatus(healthPort)).exported).toBe(load.sent);
    const samples = app.samples();
    expect(samples.length).toBeGreaterThanOrEqual(3);
    const last = samples.at(-1)!;
    expect(last.rss).toBeGreaterThan(10 * 2 ** 20);
    expect(last.fds).toBeGreaterThan(3);
    expect(last.eld.max).toBeGreaterThan(0);
    expect(last.unhandled).toBe(0);
  });

  it.each([
    ['--unhandled-rejections=strict', true, false],
    ['the app handling unhandledRejection', false, true],
  ] as const)('an unhandled rejection is counted by the probe (%s)', async (_label, strict, appHandles) => {
    const app = await startHarnessApp({ entry: reliabilityFixture('reject-later.cjs'), strict, waitListening: false, env: { APP_HANDLES: appHandles ? '1' : '0' } });
    open.push(app);
    const exit = await app.process.exited;
    const last = app.samples().at(-1)!;
    expect(last.unhandled).toBe(1);
    if (strict) {
      expect(exit.code).toBe(1);
      expect(exit.stdout).not.toContain('still running');
    } else {
      expect(exit.code).toBe(0);
      expect(exit.stdout).toContain('still running');
    }
  });
});
