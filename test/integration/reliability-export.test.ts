/**
 * RELIABILITY.md E1–E5 and E13: otelkit's export policy against a receiver with scripted faults.
 *
 * Scales are shortened so the file runs in about half a minute, each with the scenario's criterion:
 * - E1: a 6 s outage (`503 Retry-After: 1`) while 300 spans end over 6 s, instead of 30 s and
 *   5,000 requests. 6 s is longer than the 5 retries a fixed attempt count allows at 1 s apart.
 *   (a) runs with a 1 s retry budget instead of the defaults, so that batches are given up within
 *   the test; the criterion is the same: generated = delivered + dropped_counted, exactly.
 * - E2: `Retry-After: 2` (seconds) for two attempts, and an HTTP date 5 s after the child starts.
 * - E3/E4: budgets of a few seconds instead of the 30 s default.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OtlpFault, OtlpReceiver, ReceivedRequest } from '@otelkit/testing';
import { disposeAll, fixture, freePort, get, newReceiver, seqStats, sleep, startScenario, warnLines, type Scenario } from './helpers.js';

const APP = fixture('export-policy-app.cjs');

interface TraceStatus {
  exported: number;
  dropped: number;
  failed: number;
  failedByType: Record<string, number>;
}

interface Run {
  scenario: Scenario;
  receiver: OtlpReceiver;
  status(): Promise<TraceStatus>;
}

async function run(env: Record<string, string>, options: { faults?: OtlpFault[]; defaultFault?: OtlpFault; custom?: boolean } = {}): Promise<Run> {
  const receiver = await newReceiver();
  if (options.faults !== undefined) receiver.setFaults(options.faults);
  if (options.defaultFault !== undefined) receiver.setDefaultFault(options.defaultFault);
  const healthPort = await freePort();
  const scenario = await startScenario({
    entry: APP,
    receiver,
    waitListening: false,
    timeoutMs: 40_000,
    ...(options.custom === true ? { preload: 'none' as const, nodeArgs: ['--unhandled-rejections=strict'] } : {}),
    env: { OTELKIT_HEALTH_PORT: String(healthPort), ...env },
  });
  return {
    scenario,
    receiver,
    async status() {
      const body = (await get(`http://127.0.0.1:${healthPort}/status`)).body;
      return (JSON.parse(body) as { exporters: { traces: TraceStatus } }).exporters.traces;
    },
  };
}

const traceRequests = (receiver: OtlpReceiver): ReceivedRequest[] => receiver.requests().filter((r) => r.signal === 'traces');

function gaps(requests: readonly ReceivedRequest[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < requests.length; i++) out.push(requests[i]!.receivedAt - requests[i - 1]!.receivedAt);
  return out;
}

async function waitForStatus(r: Run, done: (s: TraceStatus) => boolean, timeoutMs: number): Promise<TraceStatus> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = await r.status().catch(() => undefined);
    if (s !== undefined && done(s)) return s;
    if (Date.now() > until) throw new Error(`status not reached: ${JSON.stringify(s)}`);
    await sleep(100);
  }
}

afterEach(disposeAll);

describe('reliability: export policy', () => {
  it('E1: a 6 s 503 outage (Retry-After: 1): (b) large queue and budget deliver 100 % once; (a) short budget: generated = delivered + dropped, exactly', { timeout: 60_000 }, async () => {
    const outage: OtlpFault = { status: 503, retryAfter: '1' };
    const common = { SPAN_COUNT: '300', SPAN_EVERY_MS: '20', OTEL_BSP_SCHEDULE_DELAY: '500' };
    const [b, a] = await Promise.all([
      run({ ...common, OTEL_BSP_MAX_QUEUE_SIZE: '8192', OTELKIT_EXPORT_RETRY_BUDGET: '20000' }, { defaultFault: outage }),
      run({ ...common, OTELKIT_EXPORT_RETRY_BUDGET: '1000' }, { defaultFault: outage }),
    ]);
    await sleep(6000);
    b.receiver.setDefaultFault(undefined);
    a.receiver.setDefaultFault(undefined);

    await b.receiver.waitFor((r) => seqStats(r.spans()).distinct.size >= 300, { timeoutMs: 20_000 }).catch(() => undefined);
    const seqs = seqStats(b.receiver.spans());
    expect(seqs.distinct.size).toBe(300);
    expect(seqs.total).toBe(300);
    expect(b.receiver.duplicateSeqs()).toBe(0);
    const sb = await waitForStatus(b, (s) => s.exported === 300, 5000);
    expect(sb.failed + sb.dropped).toBe(0);

    const sa = await waitForStatus(a, (s) => s.exported + s.failed + s.dropped === 300, 15_000);
    expect(sa.failed).toBeGreaterThan(0);
    expect(sa.exported).toBe(seqStats(a.receiver.spans()).distinct.size);
    expect(a.receiver.duplicateSeqs()).toBe(0);
    for (const x of [a, b]) {
      const exit = await x.scenario.stop();
      expect(exit.stderr).not.toMatch(/Unhandled|UnhandledPromiseRejection/);
    }
  });

  it('E2: 429 with Retry-After in seconds and as an HTTP date (up to 5 s ahead): gaps honour it; a hint beyond the budget: 1 request, dropped counted, 1 warning', { timeout: 40_000 }, async () => {
    const date = new Date(Date.now() + 5000).toUTCString();
    const env = { SPAN_COUNT: '10' };
    const [seconds, httpDate, beyond] = await Promise.all([
      run(env, { faults: [{ status: 429, retryAfter: '2' }, { status: 429, retryAfter: '2' }] }),
      run(env, { faults: [{ status: 429, retryAfter: date }] }),
      run({ ...env, OTELKIT_EXPORT_RETRY_BUDGET: '2000' }, { defaultFault: { status: 429, retryAfter: '5' } }),
    ]);
    await seconds.receiver.waitForSpans(10, { timeoutMs: 15_000 });
    const sGaps = gaps(traceRequests(seconds.receiver));
    expect(sGaps).toHaveLength(2);
    // At most 10 % jitter on a hint, plus 0.5 s for the attempt itself.
    for (const gap of sGaps) {
      expect(gap).toBeGreaterThanOrEqual(2000);
      expect(gap).toBeLessThanOrEqual(2000 + 200 + 500);
    }
    await httpDate.receiver.waitForSpans(10, { timeoutMs: 15_000 });
    const dRequests = traceRequests(httpDate.receiver);
    const dGaps = gaps(dRequests);
    expect(dGaps).toHaveLength(1);
    // The retry comes at the date, not before (+ at most 10 % jitter and 0.5 s).
    const untilDate = Date.parse(date) - dRequests[0]!.receivedAt;
    expect(untilDate).toBeGreaterThan(1000);
    expect(dGaps[0]).toBeGreaterThanOrEqual(untilDate - 50);
    expect(dGaps[0]).toBeLessThanOrEqual(untilDate * 1.1 + 500);

    const s = await waitForStatus(beyond, (x) => x.failed === 10, 10_000);
    await sleep(1500);
    expect(traceRequests(beyond.receiver)).toHaveLength(1);
    expect((await beyond.status()).failed).toBe(10);
    expect(s.exported).toBe(0);
    const exit = await beyond.scenario.stop();
    expect(warnLines(exit.stderr)).toHaveLength(1);
    expect(warnLines(exit.stderr)[0]).toMatch(/429/);
  });

  it('E3: Retry-After abc, 0, -1 back off exponentially (no two attempts < 1 s apart, <= 6 per batch); 99999999 gives up at once', { timeout: 40_000 }, async () => {
    const values = ['abc', '0', '-1', '99999999'];
    const runs = await Promise.all(values.map((v) => run({ SPAN_COUNT: '10', OTELKIT_EXPORT_RETRY_BUDGET: '3500' }, { defaultFault: { status: 503, retryAfter: v } })));
    await Promise.all(runs.map((r) => waitForStatus(r, (x) => x.failed === 10, 15_000)));
    for (const [i, r] of runs.entries()) {
      const requests = traceRequests(r.receiver);
      const label = `Retry-After: ${values[i]}`;
      if (values[i] === '99999999') {
        expect(requests, label).toHaveLength(1);
        continue;
      }
      expect(requests.length, label).toBeGreaterThanOrEqual(2);
      expect(requests.length, label).toBeLessThanOrEqual(6);
      for (const gap of gaps(requests)) expect(gap, label).toBeGreaterThanOrEqual(990);
    }
  });

  it('E4: 400/401/403/404/405/413/414/431/500: exactly 1 request per batch; 429/502/503/504: retried; 1 warning per code for 2 failed batches', { timeout: 60_000 }, async () => {
    const final = [400, 401, 403, 404, 405, 413, 414, 431, 500];
    const retryable = [429, 502, 503, 504];
    const results: string[] = [];
    // Two batches per code, 400 ms apart; a few children at a time (2 cores).
    const pool = [...final.map((code) => ({ code, retry: false })), ...retryable.map((code) => ({ code, retry: true }))];
    for (let i = 0; i < pool.length; i += 5) {
      await Promise.all(pool.slice(i, i + 5).map(async ({ code, retry }) => {
        // Retryable codes for good, with a 1.5 s budget: each batch is tried at least twice, then given up.
        const r = await run({ SPAN_COUNT: '2', SPAN_EVERY_MS: '400', ...(retry ? { OTELKIT_EXPORT_RETRY_BUDGET: '1500' } : {}) }, { defaultFault: { status: code } });
        const s = await waitForStatus(r, (x) => x.failed === 2, 10_000);
        await sleep(1200);
        const requests = traceRequests(r.receiver).length;
        if (retry) expect(requests, String(code)).toBeGreaterThanOrEqual(4);
        else expect(requests, String(code)).toBe(2);
        expect(s.failedByType[String(code)], String(code)).toBe(2);
        const exit = await r.scenario.stop();
        const warns = warnLines(exit.stderr);
        expect(warns, String(code)).toHaveLength(1);
        results.push(`${code}: ${warns[0]}`);
      }));
    }
    expect(results).toHaveLength(pool.length);
  });

  it('E5: a partial success (7 rejected): 1 request, 1 warning naming 7, 7 counted as rejected in /status', async () => {
    const r = await run({ SPAN_COUNT: '10' }, { faults: [{ partialSuccess: { rejected: 7, message: 'seven refused' } }] });
    const s = await waitForStatus(r, (x) => x.exported + x.failed === 10, 10_000);
    expect(s.failedByType['rejected']).toBe(7);
    expect(s.exported).toBe(3);
    await sleep(1200);
    expect(traceRequests(r.receiver)).toHaveLength(1);
    const exit = await r.scenario.stop();
    const warns = warnLines(exit.stderr);
    expect(warns).toHaveLength(1);
    expect(warns[0]).toMatch(/\b7\b/);
    expect(warns[0]).toContain('seven refused');
  });

  it('E13: a custom exporter that throws, rejects or calls back twice is contained; the next batch is delivered', async () => {
    const modes = ['throw', 'reject', 'twice'] as const;
    const runs = await Promise.all(modes.map((mode) => run({ EXPORTER: mode, SPAN_COUNT: '3', SPAN_EVERY_MS: '300' }, { custom: true })));
    for (const [i, r] of runs.entries()) {
      const mode = modes[i]!;
      await r.scenario.app.waitForOutput(/delivered \d+/, { stream: 'stdout', timeoutMs: 10_000 });
      await sleep(300);
      // Still running: nothing reached the app (with --unhandled-rejections=strict a rejection kills it).
      expect(r.scenario.app.child.exitCode, mode).toBeNull();
      const exit = await r.scenario.stop();
      expect(exit.stderr, mode).not.toMatch(/Unhandled|UnhandledPromiseRejection|ERR_UNHANDLED_REJECTION/);
      if (mode !== 'twice') {
        const warns = warnLines(exit.stderr).filter((l) => l.includes(`boom-${mode}`));
        expect(warns, mode).toHaveLength(1);
      }
      expect(exit.stderr, mode).not.toMatch(/undefined/);
    }
  });
});
