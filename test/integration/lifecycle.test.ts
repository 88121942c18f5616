/**
 * Lifecycle (L1, L2, L3, L4, L7, L8): flush on signals and on natural exit, bounded, without changing
 * how the process ends.
 */
import { createServer, type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  TRACE_ID,
  disposeAll,
  fixture,
  get,
  newReceiver,
  seqStats,
  sleep,
  startScenario,
  warnLines,
  type HttpResult,
} from './helpers.js';

afterEach(disposeAll);

const APP = fixture('http-app.cjs');
const NO_TIMED_EXPORT = { OTEL_BSP_SCHEDULE_DELAY: '60000' };

describe.each([
  ['L1', 'SIGTERM'],
  ['L7', 'SIGINT'],
] as const)('%s: %s under load, no app handler', (_id, signal) => {
  it('every completed request has its span exported after the signal; the process dies by the signal within 5.5 s', async () => {
    const scenario = await startScenario({ entry: APP, env: NO_TIMED_EXPORT });
    // 20 requests in flight: answered 100 ms … 670 ms from now. The signal comes at ~400 ms.
    const inflight = Array.from({ length: 20 }, (_, i) =>
      get(`${scenario.baseUrl}/slow?ms=${100 + i * 30}`).then(
        (res): (HttpResult & { at: number }) | undefined => ({ ...res, at: performance.now() }),
        () => undefined,
      ),
    );
    await sleep(400);
    expect(scenario.receiver.requests(), 'nothing exported before the signal').toHaveLength(0);
    // A collector 300 ms away: the flush after the signal takes that long, and the app keeps
    // answering the requests in flight meanwhile (deterministic instead of racing a ~20 ms flush).
    scenario.receiver.setDefaultFault({ delayMs: 300 });
    const signalAt = performance.now();
    const exit = await scenario.stop(signal);
    const results = await Promise.all(inflight);
    const completed = results.filter((r): r is HttpResult & { at: number } => r !== undefined && r.status === 200);
    const traceIds = completed.map((r) => r.headers.get('x-trace-id'));
    for (const id of traceIds) expect(id).toMatch(TRACE_ID);

    expect(exit.signal, exit.stderr).toBe(signal);
    expect(exit.code).toBeNull();
    expect(exit.timedOut).toBe(false);
    expect(exit.signalToExitMs).toBeLessThan(5500);
    // Requests answered before the signal and while the flush ran both exist (the check below is not vacuous).
    expect(completed.filter((r) => r.at < signalAt).length).toBeGreaterThanOrEqual(5);
    expect(completed.filter((r) => r.at > signalAt).length).toBeGreaterThanOrEqual(3);
    const exported = new Set(scenario.receiver.spans().filter((s) => s.kind === 2).map((s) => s.traceId));
    const missing = traceIds.filter((id) => !exported.has(id!));
    expect(missing, `completed ${completed.length}/20, exported server spans ${exported.size}`).toEqual([]);
    expect(warnLines(exit.stderr)).toEqual([]);
  });
});

describe('L2: the app has its own SIGTERM handler', () => {
  it('exit code 0 is kept and shutdown is not delayed by otelkit', async () => {
    const measure = async (preload: 'require' | 'none') => {
      const scenario = await startScenario({ entry: fixture('own-sigterm.cjs'), preload, env: NO_TIMED_EXPORT });
      for (let i = 0; i < 5; i++) expect((await get(`${scenario.baseUrl}/`)).status).toBe(200);
      await sleep(100);
      const exit = await scenario.stop('SIGTERM');
      return { exit, seqs: seqStats(scenario.receiver.spans()).distinct.size, exportRequests: scenario.receiver.requests().length };
    };
    // Sequential, so that the two timings are taken under the same load.
    const bare = await measure('none');
    const traced = await measure('require');
    for (const { exit } of [bare, traced]) {
      expect(exit.code, exit.stderr).toBe(0);
      expect(exit.signal).toBeNull();
      expect(exit.timedOut).toBe(false);
      expect(exit.stdout).toContain('app closed; exit 0');
    }
    expect(Math.abs(traced.exit.signalToExitMs - bare.exit.signalToExitMs), `bare ${bare.exit.signalToExitMs} ms, traced ${traced.exit.signalToExitMs} ms`).toBeLessThanOrEqual(300);
    expect(bare.seqs).toBe(0);
    console.info(
      `[L2] signal→exit: none ${bare.exit.signalToExitMs.toFixed(0)} ms, preload ${traced.exit.signalToExitMs.toFixed(0)} ms; ` +
        `spans ended before close received: ${traced.seqs}/5 (export requests seen: ${traced.exportRequests})`,
    );
  });
});

describe('L2b: the app registered process.once("SIGTERM") before calling start()', () => {
  it('the app still owns shutdown: exit code 0 after its own 500 ms graceful close, not killed by SIGTERM', async () => {
    const scenario = await startScenario({
      entry: fixture('own-sigterm-once-then-start.mjs'),
      preload: 'none',
      env: { GRACE_MS: '500' },
    });
    expect((await get(`${scenario.baseUrl}/`)).status).toBe(200);
    const exit = await scenario.stop('SIGTERM');
    expect(exit.stdout).toContain('app SIGTERM handler: graceful shutdown');
    expect({ code: exit.code, signal: exit.signal, closed: exit.stdout.includes('app closed; exit 0') }).toEqual({
      code: 0,
      signal: null,
      closed: true,
    });
    expect(exit.signalToExitMs).toBeGreaterThanOrEqual(450);
  });
});

describe('L3: SIGTERM while the receiver blackholes', () => {
  it('exits by SIGTERM within OTELKIT_SHUTDOWN_TIMEOUT + 0.5 s, never via the runner SIGKILL', async () => {
    const scenario = await startScenario({ entry: APP, env: { ...NO_TIMED_EXPORT, OTELKIT_SHUTDOWN_TIMEOUT: '2000' } });
    for (let i = 0; i < 3; i++) expect((await get(`${scenario.baseUrl}/seq`)).status).toBe(200);
    scenario.receiver.setDefaultFault({ hang: true });
    const exit = await scenario.stop('SIGTERM');
    expect(exit.timedOut).toBe(false);
    expect(exit.signal, exit.stderr).toBe('SIGTERM');
    expect(exit.signalToExitMs).toBeLessThan(2500);
    // The flush was really attempted (and hung): the receiver saw the export request.
    expect(scenario.receiver.requests().filter((q) => q.path === '/v1/traces').length).toBeGreaterThanOrEqual(1);
  });
});

describe('L3b: a second SIGTERM while the flush hangs', () => {
  it('stops waiting: the process dies by SIGTERM right after the second signal', async () => {
    const scenario = await startScenario({ entry: APP, env: { ...NO_TIMED_EXPORT, OTELKIT_SHUTDOWN_TIMEOUT: '5000' } });
    expect((await get(`${scenario.baseUrl}/seq`)).status).toBe(200);
    scenario.receiver.setDefaultFault({ hang: true });
    scenario.app.kill('SIGTERM');
    await scenario.receiver.waitFor((r) => r.requests().some((q) => q.path === '/v1/traces'));
    await sleep(200);
    const exit = await scenario.stop('SIGTERM');
    expect(exit.timedOut).toBe(false);
    expect(exit.signal, exit.stderr).toBe('SIGTERM');
    expect(exit.signalToExitMs).toBeLessThan(500);
  });
});

describe('L4: natural exit', () => {
  it('a script that ends 100 spans and returns: 100/100 received, exit code 0', async () => {
    const scenario = await startScenario({ entry: fixture('natural-exit.cjs'), env: { ...NO_TIMED_EXPORT, SPAN_COUNT: '100' }, waitListening: false });
    const exit = await scenario.app.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.signal).toBeNull();
    expect(exit.stdout).toContain('ended 100 spans');
    const stats = seqStats(scenario.receiver.spans());
    expect(stats.distinct.size).toBe(100);
    expect(stats.total).toBe(100);
    expect(scenario.receiver.duplicateSeqs()).toBe(0);
    // Exported at exit, not after a 60 s timer.
    expect(exit.durationMs).toBeLessThan(10_000);
  });
});

describe('L4b: natural exit while the receiver blackholes', () => {
  it('the flush is bounded by OTELKIT_SHUTDOWN_TIMEOUT and process.exitCode is kept', async () => {
    const receiver = await newReceiver();
    receiver.setDefaultFault({ hang: true });
    const scenario = await startScenario({
      entry: fixture('natural-exit.cjs'),
      receiver,
      env: { ...NO_TIMED_EXPORT, SPAN_COUNT: '10', EXIT_CODE: '3', OTELKIT_SHUTDOWN_TIMEOUT: '1000' },
      waitListening: false,
    });
    const exit = await scenario.app.exited;
    expect(exit.timedOut).toBe(false);
    expect(exit.code, exit.stderr).toBe(3);
    expect(exit.signal).toBeNull();
    // Startup (< 1.5 s on a loaded 2-core box) + the 1 s bound; far below the 10 s export timeout.
    expect(exit.durationMs).toBeLessThan(3500);
    expect(receiver.requests().filter((q) => q.path === '/v1/traces').length).toBeGreaterThanOrEqual(1);
  });
});

describe('L4d: natural exit while the receiver blackholes and the app cleans up after beforeExit', () => {
  it('the bound ends otelkit\'s wait, not the app\'s own pending work', async () => {
    const receiver = await newReceiver();
    receiver.setDefaultFault({ hang: true });
    const scenario = await startScenario({
      entry: fixture('natural-exit.cjs'),
      receiver,
      env: { ...NO_TIMED_EXPORT, SPAN_COUNT: '10', EXIT_CODE: '3', OTELKIT_SHUTDOWN_TIMEOUT: '1000', CLEANUP_MS: '1500' },
      waitListening: false,
    });
    const exit = await scenario.app.exited;
    expect(exit.code, exit.stderr).toBe(3);
    // Before the fix, otelkit called process.exit() at the bound and the app's line was lost.
    expect(exit.stdout).toContain('app cleanup done');
    // Nothing of otelkit's holds the process once the bound is over: it ends with the app's work.
    expect(exit.durationMs).toBeLessThan(4000);
  });
});

describe('L4c: natural exit with no collector listening', () => {
  it('the script exits at once, with one warning that names the failed export, not after retries', async () => {
    // A port that was just free: nothing listens there, so every connection is refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const scenario = await startScenario({
      entry: fixture('natural-exit.cjs'),
      env: { ...NO_TIMED_EXPORT, SPAN_COUNT: '10', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` },
      waitListening: false,
    });
    const exit = await scenario.app.exited;
    expect(exit.code, exit.stderr).toBe(0);
    const failures = warnLines(exit.stderr).filter((l) => l.includes('export of 10 spans failed') && l.includes('ECONNREFUSED'));
    expect(failures, exit.stderr).toHaveLength(1);
    // The retrying transport's first backoff alone is about a second; the shutdown bound is 5 s.
    expect(exit.durationMs).toBeLessThan(2500);
  });
});

describe('L8: library start(), shutdown() twice concurrently with forceFlush()', () => {
  it('everything settles, nothing throws, each span is exported exactly once; a flush after shutdown rejects with OTELKIT_ERR_ALREADY_SHUT_DOWN', async () => {
    const receiver = await newReceiver();
    const scenario = await startScenario({
      entry: fixture('library-shutdown.mjs'),
      preload: 'none',
      receiver,
      env: { ...NO_TIMED_EXPORT, SPAN_COUNT: '50' },
      waitListening: false,
    });
    const exit = await scenario.app.exited;
    expect(exit.code, exit.stderr).toBe(0);
    const line = /^result (.*)$/m.exec(exit.stdout);
    expect(line, exit.stdout + exit.stderr).not.toBeNull();
    const result = JSON.parse(line![1]!) as { active: boolean; outcomes: string[]; lateFlush: string; lateShutdown: string };
    // forceFlush() concurrent with shutdown() waits for it; once shutdown() completed, a flush is a
    // misuse and rejects with the catalogued code (never a synchronous throw). shutdown() stays idempotent.
    expect(result).toEqual({ active: true, outcomes: ['fulfilled', 'fulfilled', 'fulfilled'], lateFlush: 'rejected: OTELKIT_ERR_ALREADY_SHUT_DOWN OtelkitError', lateShutdown: 'fulfilled' });
    const spans = receiver.spans();
    const stats = seqStats(spans);
    expect(stats.distinct.size).toBe(50);
    expect(stats.total).toBe(50);
    expect(stats.duplicateSpanIds).toBe(0);
    expect(receiver.duplicateSeqs()).toBe(0);
    expect(warnLines(exit.stderr)).toEqual([]);
  });
});

describe('L8b: a flush after otelkit\'s own exit shutdown', () => {
  it('resolves: the app never called shutdown(), so its late forceFlush() is not a misuse and cannot crash it', async () => {
    const scenario = await startScenario({
      entry: fixture('natural-exit.cjs'),
      env: { ...NO_TIMED_EXPORT, SPAN_COUNT: '5', FLUSH_AFTER_EXIT: '1' },
      waitListening: false,
    });
    const exit = await scenario.app.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stdout).toContain('late flush fulfilled');
    expect(warnLines(exit.stderr)).toEqual([]);
    expect(seqStats(scenario.receiver.spans()).distinct.size).toBe(5);
  });
});
