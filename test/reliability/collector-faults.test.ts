/**
 * RELIABILITY.md E6–E12: a collector that is down, a blackhole, an endpoint that does not resolve
 * or parse, a slow collector under load, a malicious answer, an untrusted certificate, and the
 * recovery after an outage. Each test asserts the table's pass criterion.
 *
 * `npm test` runs shortened scales with the same assertions; `npm run test:soak`
 * (RELIABILITY_SOAK=1) runs the table's:
 * - E6: the port closed for 30 s at 300 rps in batches of 64 spans, so that the 30 exports allowed
 *   in flight are all taken within the run (each retries for the 30 s budget) and further batches are
 *   dropped (soak: 10 min at 500 rps with the default batching; the RSS slope over minutes 2-10 is
 *   asserted there only, half a minute being too short to tell a slope from GC noise).
 * - E7: a blackhole for 30 s at 200 rps (soak: 2 min).
 * - E9: 2,000 spans/s for 20 s (soak: 5 min), beside the same app against a fast collector (the
 *   event-loop baseline); run once with the default batching, and once in 64-span batches so
 *   that the 30 exports in flight are not enough and batches are dropped (2,000 spans/s at 2 s per
 *   answer needs 8 exports in flight with 512-span batches: the queue never saturates). The
 *   event-loop criterion (p99 + < 10 ms) is asserted at the soak's length; the short run allows 25 ms.
 */
import { describe, expect, it } from 'vitest';
import { createTestCertificates, type TestCertificates } from '@otelkit/testing';
import {
  accounted,
  freePort,
  readStatus,
  rssSlopeMiBPerMin,
  sleep,
  type HarnessApp,
  type ProbeSample,
  waitForStatus,
} from './harness/app.js';
import { runLoad } from './harness/load.js';
import { inOrder, type RequestRecord } from './harness/receiver.js';
import { scoped } from './harness/scope.js';

const SOAK = process.env['RELIABILITY_SOAK'] === '1';
const MIN = 60_000;
/** otelkit's bound on OTLP/HTTP exports in flight per exporter (packages/otlp, MAX_EXPORTS_IN_FLIGHT). */
const INFLIGHT_LIMIT = 30;

/** The most requests that arrived within any window of `windowMs`. */
function peakRequests(requests: readonly RequestRecord[], windowMs: number): number {
  const times = requests.map((r) => r.at).sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

const lastSample = (a: HarnessApp): ProbeSample => a.samples().at(-1)!;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

// Light tests run side by side; E9, which measures event-loop delay, runs alone.
describe('reliability: collector down, blackholed, and back (E6, E7, E12)', () => {
  const e6 = SOAK ? { downMs: 10 * MIN, rps: 500, batch: 512 } : { downMs: 30_000, rps: 300, batch: 64 };
  it.concurrent(`E6 + E12: collector port closed for ${e6.downMs / 1000} s at ${e6.rps} rps: bounded memory and in-flight exports, drops counted, every request served; then recovery drains without a thundering herd`, { timeout: e6.downMs + 3 * MIN }, () => scoped(async ({ receiver, app }) => {
    const r = await receiver();
    await r.down();
    const healthPort = await freePort();
    const a = await app({ strict: true, timeoutMs: e6.downMs + 2 * MIN, env: { OTEL_EXPORTER_OTLP_ENDPOINT: r.url, OTELKIT_HEALTH_PORT: String(healthPort), OTEL_BSP_MAX_EXPORT_BATCH_SIZE: String(e6.batch) } });
    // The baseline: the app started and idle (the probe's first line comes before otelkit loads).
    await sleep(2000);
    const loadStart = Date.now();
    const baseline = a.samples().at(-1)!;
    const loading = runLoad({ baseUrl: a.baseUrl, rps: e6.rps, durationMs: e6.downMs });
    await sleep(e6.downMs / 3);
    const early = await readStatus(healthPort);
    const load = await loading;
    const late = await readStatus(healthPort);

    // The app served every request.
    expect(load.statuses).toEqual({ 200: load.sent });
    // Excess dropped and counted, and still growing while the collector stays away.
    expect(late.failed + late.dropped).toBeGreaterThan(early.failed + early.dropped);
    expect(early.failed + early.dropped).toBeGreaterThan(0);
    // In-flight exports capped.
    expect(late.inFlightMax).toBeGreaterThan(0);
    expect(late.inFlightMax).toBeLessThanOrEqual(INFLIGHT_LIMIT);
    // Bounded memory: growth over the idle app's RSS < 50 MiB; soak: slope over minutes 2-10 < 1 MiB/min.
    const during = a.samples().filter((s) => s.t >= loadStart);
    const growth = (Math.max(...during.map((s) => s.rss)) - baseline.rss) / 2 ** 20;
    expect(growth).toBeLessThan(50);
    if (SOAK) expect(rssSlopeMiBPerMin(during, 2 * MIN)).toBeLessThan(1);
    expect(lastSample(a).unhandled).toBe(0);
    expect(lastSample(a).uncaught).toBe(0);
    console.log(`E6: ${load.sent} requests, RSS growth ${growth.toFixed(1)} MiB${SOAK ? ` (slope over minutes 2-10 ${rssSlopeMiBPerMin(during, 2 * MIN).toFixed(2)} MiB/min)` : ''}, in flight max ${late.inFlightMax}, counted ${JSON.stringify(late.failedByType)} ${JSON.stringify(late.droppedByReason)}`);

    // E12: the collector comes back.
    const backlog = late.queued ?? 0;
    const inFlightSpans = late.inFlight * e6.batch;
    r.reset();
    await r.up();
    const upAt = Date.now();
    const drained = await waitForStatus(healthPort, (s) => (s.queued ?? 0) === 0 && s.inFlight === 0 && accounted(s) === load.sent, 60_000);
    const drainMs = Date.now() - upAt;
    // Queue empty within 2 x scheduledDelay (5 s) + backlog / throughput + 5 s; throughput taken as
    // 2,000 spans/s, well below what this receiver takes.
    const bound = 2 * 5000 + ((backlog + inFlightSpans) / 2000) * 1000 + 5000;
    expect(drainMs).toBeLessThanOrEqual(bound);
    // No thundering herd: at most concurrency limit / min(backoff) = 30 requests in any second.
    const peak = peakRequests(r.requests('traces'), 1000);
    expect(peak).toBeLessThanOrEqual(INFLIGHT_LIMIT);
    // Exact account: generated = delivered + dropped_counted, each delivered span once.
    expect(drained.exported).toBe(r.delivered('traces'));
    expect(r.duplicates('traces')).toBe(0);
    expect(drained.exported + drained.failed + drained.dropped).toBe(load.sent);
    console.log(`E12: drained in ${drainMs} ms (bound ${bound.toFixed(0)}), ${r.requests('traces').length} requests, peak ${peak}/s, delivered after recovery ${drained.exported}`);
    const exit = await a.stop();
    expect(exit.stderr).not.toMatch(/Unhandled|ERR_UNHANDLED_REJECTION/);
  }));

  const e7 = { ms: SOAK ? 2 * MIN : 30_000, rps: 200 };
  it.concurrent(`E7: a blackhole for ${e7.ms / 1000} s at ${e7.rps} rps: each export attempt ends at OTEL_EXPORTER_OTLP_TIMEOUT (10 s), sockets bounded, fds back to baseline after recovery`, { timeout: e7.ms + 3 * MIN }, () => scoped(async ({ receiver, app }) => {
    const r = await receiver({ script: () => ({ blackhole: true }) });
    const healthPort = await freePort();
    const a = await app({ strict: true, timeoutMs: e7.ms + 2 * MIN, env: { OTEL_EXPORTER_OTLP_ENDPOINT: r.url, OTELKIT_HEALTH_PORT: String(healthPort), OTEL_METRICS_EXPORTER: 'none' } });
    await sleep(1500);
    const baselineFds = lastSample(a).fds;
    const load = await runLoad({ baseUrl: a.baseUrl, rps: e7.rps, durationMs: e7.ms });
    expect(load.statuses).toEqual({ 200: load.sent });
    const blackholed = r.requests('traces').filter((x) => x.outcome === 'blackhole');
    expect(blackholed.length).toBeGreaterThan(0);
    for (const x of blackholed) {
      expect(x.endedAt! - x.at).toBeGreaterThanOrEqual(9000);
      expect(x.endedAt! - x.at).toBeLessThanOrEqual(11_000);
    }
    expect(r.connections().max).toBeLessThanOrEqual(INFLIGHT_LIMIT);

    r.setScript(() => undefined);
    const drained = await waitForStatus(healthPort, (s) => s.inFlight === 0 && (s.queued ?? 0) === 0 && accounted(s) === load.sent, 60_000);
    expect(drained.inFlightMax).toBeLessThanOrEqual(INFLIGHT_LIMIT);
    // Kept-alive sockets (at most 4) may stay: baseline ± 5.
    for (let waited = 0; lastSample(a).fds > baselineFds + 5 && waited < 20_000; waited += 500) await sleep(500);
    expect(lastSample(a).fds).toBeLessThanOrEqual(baselineFds + 5);
    expect(lastSample(a).fds).toBeGreaterThanOrEqual(baselineFds - 5);
    expect(lastSample(a).unhandled).toBe(0);
    const durations = blackholed.map((x) => x.endedAt! - x.at);
    console.log(`E7: ${blackholed.length} attempts blackholed, ${Math.min(...durations)}-${Math.max(...durations)} ms each, max ${r.connections().max} sockets, fds ${baselineFds} -> ${lastSample(a).fds}, counted ${JSON.stringify(drained.failedByType)}`);
  }));

});

describe('reliability: bad endpoints and answers (E8, E10, E11)', () => {
  it.concurrent.each([
    ['an unresolvable host', 'http://no-such-host.invalid:4318'],
    ['not a URL', 'not a url'],
  ])('E8: OTEL_EXPORTER_OTLP_ENDPOINT is %s: the app starts and serves, 0 unhandled rejections under --unhandled-rejections=strict, at most 1 warning per problem', { timeout: 2 * MIN }, (_label, endpoint) => scoped(async ({ app }) => {
    const healthPort = await freePort();
    const a = await app({ strict: true, env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTELKIT_HEALTH_PORT: String(healthPort), OTEL_BSP_SCHEDULE_DELAY: '500', OTELKIT_EXPORT_RETRY_BUDGET: '2000' } });
    const load = await runLoad({ baseUrl: a.baseUrl, rps: 50, durationMs: 15_000 });
    expect(load.statuses).toEqual({ 200: load.sent });
    const s = await waitForStatus(healthPort, (x) => accounted(x) === load.sent, 30_000);
    // (An invalid endpoint falls back to the default, localhost:4318, where something may listen.)
    if (endpoint.includes('.invalid')) expect(s.exported).toBe(0);
    expect(a.process.child.exitCode).toBeNull();
    expect(lastSample(a).unhandled).toBe(0);
    const warnings = a.warnings();
    // One line per distinct problem in the run (well under a minute): no line repeats.
    expect(new Set(warnings).size).toBe(warnings.length);
    expect(warnings.length).toBeLessThanOrEqual(2);
    console.log(`E8 (${endpoint}): ${load.sent} requests served; counted ${JSON.stringify(s.failedByType)}; warnings:\n${warnings.join('\n')}`);
  }));

  it.concurrent('E10: answers of 50 MiB (with Content-Length and chunked) and a gzip bomb (1 GiB inflated): read at most 4 MiB, not retried, RSS growth < 20 MiB', { timeout: 2 * MIN }, () => scoped(async ({ receiver, app }) => {
    const r = await receiver({
      script: inOrder([undefined, { bodyBytes: 50 * 2 ** 20 }, { bodyBytes: 50 * 2 ** 20, chunked: true }, { gzipBombBytes: 2 ** 30 }]),
    });
    const healthPort = await freePort();
    const a = await app({ strict: true, probeIntervalMs: 100, env: { OTEL_EXPORTER_OTLP_ENDPOINT: r.url, OTELKIT_HEALTH_PORT: String(healthPort), OTEL_METRICS_EXPORTER: 'none', OTEL_BSP_SCHEDULE_DELAY: '1000', SPANS_PER_SECOND: '20', SPANS_FOR_MS: '7000' } });
    const generated = await a.generatedFinal();
    const s = await waitForStatus(healthPort, (x) => accounted(x) === generated && x.inFlight === 0, 30_000);
    const requests = r.requests('traces');
    const bad = requests.slice(1, 4);
    expect(bad.map((x) => x.fault)).toEqual([{ bodyBytes: 50 * 2 ** 20 }, { bodyBytes: 50 * 2 ** 20, chunked: true }, { gzipBombBytes: 2 ** 30 }]);
    // Exactly one request per batch: the receiver recorded every span once (a retry would repeat
    // the batch), and the batches answered badly are counted failed.
    expect(r.duplicates('traces')).toBe(0);
    expect(r.delivered('traces')).toBe(generated);
    const badItems = bad.reduce((n, x) => n + x.items, 0);
    expect(s.failed).toBe(badItems);
    expect(s.exported).toBe(generated - badItems);
    // RSS during the bad answers, against the samples before them.
    const samples = a.samples();
    const before = samples.filter((x) => x.t < bad[0]!.at);
    const duringBad = samples.filter((x) => x.t >= bad[0]!.at && x.t <= (bad[2]!.endedAt ?? Date.now()) + 1000);
    const growth = (Math.max(...duringBad.map((x) => x.rss)) - Math.max(...before.map((x) => x.rss))) / 2 ** 20;
    expect(growth).toBeLessThan(20);
    expect(lastSample(a).unhandled).toBe(0);
    console.log(`E10: ${generated} spans, ${badItems} in the 3 badly answered batches (1 request each), RSS growth ${growth.toFixed(1)} MiB; counted ${JSON.stringify(s.failedByType)}`);
  }));

  it.concurrent('E11: an https endpoint whose certificate is not trusted: the app serves, 1 attempt per batch, 1 warning, 0 unhandled rejections', { timeout: 2 * MIN }, () => scoped(async ({ receiver, app, defer }) => {
    const certs: TestCertificates = createTestCertificates();
    defer(() => certs.remove());
    const { readFileSync } = await import('node:fs');
    const r = await receiver({ tls: { key: readFileSync(certs.serverKeyFile), cert: readFileSync(certs.serverCertFile) } });
    const healthPort = await freePort();
    const a = await app({ strict: true, env: { OTEL_EXPORTER_OTLP_ENDPOINT: r.url, OTELKIT_HEALTH_PORT: String(healthPort), OTEL_METRICS_EXPORTER: 'none', OTEL_BSP_SCHEDULE_DELAY: '500' } });
    const load = await runLoad({ baseUrl: a.baseUrl, rps: 50, durationMs: 10_000 });
    expect(load.statuses).toEqual({ 200: load.sent });
    const s = await waitForStatus(healthPort, (x) => accounted(x) === load.sent && x.inFlight === 0, 30_000);
    expect(s.exported).toBe(0);
    expect(r.requests()).toHaveLength(0);
    // One connection (one attempt) per batch, no retries: batches leave every 500 ms at most.
    const batches = Math.ceil(10_000 / 500) + 2;
    expect(r.connections().total).toBeGreaterThan(0);
    expect(r.connections().total).toBeLessThanOrEqual(batches);
    const tlsWarnings = a.warnings().filter((w) => /certificate|self.signed|verify/i.test(w));
    expect(tlsWarnings).toHaveLength(1);
    expect(a.warnings()).toHaveLength(1);
    expect(lastSample(a).unhandled).toBe(0);
    expect(a.process.child.exitCode).toBeNull();
    console.log(`E11: ${load.sent} requests served, ${r.connections().total} TLS connections attempted, counted ${JSON.stringify(s.failedByType)}; ${tlsWarnings[0]}`);
  }));
});

describe('reliability: a slow collector (E9)', () => {
  const e9 = { ms: SOAK ? 5 * MIN : 20_000, rate: 2000 };
  it.each([
    ['default batching: the exports keep up', {}],
    ['64-span batches: the in-flight bound saturates and batches are dropped', { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '64' }],
  ] as const)(`E9: a collector answering in 2 s, ${e9.rate} spans/s for ${e9.ms / 1000} s, %s: generated = delivered + dropped_counted, event-loop delay p99 + < 10 ms, a drop warned within 60 s`, { timeout: e9.ms + 3 * MIN }, (label, env) => scoped(async ({ receiver, app }) => {
    // The same app against a collector that answers at once runs beside it, as the event-loop
    // baseline: both see the same machine (a shared one is busier in some seconds than others).
    const slowReceiver = await receiver({ script: () => ({ delayMs: 2000 }) });
    const fastReceiver = await receiver();
    const healthPort = await freePort();
    const appEnv = { OTEL_METRICS_EXPORTER: 'none', SPANS_PER_SECOND: String(e9.rate), SPANS_FOR_MS: String(e9.ms), ...env };
    const [a, control] = await Promise.all([
      app({ timeoutMs: e9.ms + 2 * MIN, env: { ...appEnv, OTEL_EXPORTER_OTLP_ENDPOINT: slowReceiver.url, OTELKIT_HEALTH_PORT: String(healthPort) } }),
      app({ timeoutMs: e9.ms + 2 * MIN, env: { ...appEnv, OTEL_EXPORTER_OTLP_ENDPOINT: fastReceiver.url } }),
    ]);
    const started = Date.now();
    // First drop and first warning, as seen from outside.
    let firstDropAt: number | undefined;
    let warnedAt: number | undefined;
    const watching = (async () => {
      while (a.process.child.exitCode === null && Date.now() - started < e9.ms + 2000) {
        const s = await readStatus(healthPort).catch(() => undefined);
        if (firstDropAt === undefined && s !== undefined && s.failed + s.dropped > 0) firstDropAt = Date.now();
        if (warnedAt === undefined && a.warnings().some((w) => /dropped|in flight|queue full/.test(w))) warnedAt = Date.now();
        await sleep(250);
      }
    })();
    const [generated] = await Promise.all([a.generatedFinal(e9.ms + MIN), control.generatedFinal(e9.ms + MIN)]);
    await watching;
    const s = await waitForStatus(healthPort, (x) => accounted(x) === generated && x.inFlight === 0, 60_000);
    expect(s.exported).toBe(slowReceiver.delivered('traces'));
    expect(slowReceiver.duplicates('traces')).toBe(0);
    expect(s.exported + s.failed + s.dropped).toBe(generated);

    // Per-second p99s from 3 s on (after start-up), their median: against the control's.
    const p99s = (x: HarnessApp): number[] => x.samples().filter((p) => p.t >= started + 3000 && p.t < started + e9.ms).map((p) => p.eld.p99);
    // The criterion (< 10 ms) at the soak's 5 minutes; in 20 s on a shared 2-core machine the
    // medians of two side-by-side processes still differ by up to ~13 ms either way, so the short
    // run allows 25 ms: it catches a stall, not a 10 ms shift.
    const increase = median(p99s(a)) - median(p99s(control));
    expect(increase).toBeLessThan(SOAK ? 10 : 25);
    if (s.failed + s.dropped > 0) {
      expect(firstDropAt).toBeDefined();
      expect(warnedAt).toBeDefined();
      expect(warnedAt! - firstDropAt!).toBeLessThanOrEqual(60_000);
    }
    if ('OTEL_BSP_MAX_EXPORT_BATCH_SIZE' in env) expect(s.failed + s.dropped).toBeGreaterThan(0);
    console.log(`E9 (${label}): generated ${generated}, delivered ${s.exported}, counted ${JSON.stringify(s.failedByType)} ${JSON.stringify(s.droppedByReason)}, in flight max ${s.inFlightMax}, event-loop p99 ${median(p99s(control)).toFixed(2)} (fast collector) vs ${median(p99s(a)).toFixed(2)} ms, warned ${warnedAt === undefined || firstDropAt === undefined ? '-' : warnedAt - firstDropAt} ms after the first drop`);
  }));
});
