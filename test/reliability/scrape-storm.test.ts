/**
 * M3: a scrape storm on a large /metrics (2,000 histogram series, 3.8 MB): concurrent scrapes every
 * second while the app serves 200 requests a second. Criterion: max event-loop delay during the
 * storm < 200 ms; app p99 latency ≤ 1.1× the baseline without scrapes; concurrent scrapes coalesced
 * (never more than one collection in progress). The p99 comparison allows 2 ms on top of the ratio:
 * on a shared machine a few-millisecond p99 moves by more than 10 % with no scrape at all.
 *
 * A load test, not in `npm test` (the latency bounds measure the host as much as otelkit):
 * - `npm run test:soak` (RELIABILITY_SOAK=1): the table's scale, 50 scrapes a second for 60 s after
 *   a 20 s baseline;
 * - RELIABILITY_SHORT=1: a shortened run with the same series and bounds, 25 scrapes a second for
 *   15 s after a 10 s baseline (about 30 s), meant for a CI step of its own on an otherwise idle host.
 * Each run prints a `M3 figures:` line (event-loop delay, both p99s, collections, load average)
 * before checking the bounds; docs/reliability.md quotes them. The scrape client burns most of a
 * core reading 95-190 MB a second, so on a 2-core host it competes with the app it measures.
 */
import { loadavg } from 'node:os';
import { runAppToExit } from '@otelkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, reliabilityFixture, sleep, startHarnessApp, type HarnessApp } from './harness/app.js';
import { quantile, runLoad } from './harness/load.js';

const SOAK = process.env.RELIABILITY_SOAK === '1';
const SHORT = !SOAK && process.env.RELIABILITY_SHORT === '1';
const SCALE = SOAK ? { series: 2000, scrapesPerSecond: 50, stormMs: 60_000, baselineMs: 20_000 } : { series: 2000, scrapesPerSecond: 25, stormMs: 15_000, baselineMs: 10_000 };
const { series: SERIES, scrapesPerSecond: SCRAPES_PER_SECOND, stormMs: STORM_MS, baselineMs: BASELINE_MS } = SCALE;
const RPS = 200;

const apps: HarnessApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a[Symbol.asyncDispose]()));
});

/** The scrape storm, from a child process (fixtures/scrape-storm-client.mjs). */
async function scrapeStorm(url: string, durationMs: number): Promise<{ scrapes: number; statuses: Record<string, number>; bytes: number }> {
  const exit = await runAppToExit({
    entry: reliabilityFixture('scrape-storm-client.mjs'),
    timeoutMs: durationMs + 20_000,
    env: { NODE_OPTIONS: undefined, URL: url, PER_SECOND: String(SCRAPES_PER_SECOND), DURATION_MS: String(durationMs) },
  });
  expect(exit.code, exit.stderr).toBe(0);
  return JSON.parse(exit.stdout) as { scrapes: number; statuses: Record<string, number>; bytes: number };
}

// Skipped in `npm test` (see the header).
describe.skipIf(!SOAK && !SHORT)('M3: scrape storm on a large /metrics', () => {
  it(`${SCRAPES_PER_SECOND} concurrent scrapes a second on ${SERIES} histogram series for ${STORM_MS / 1000} s: event loop < 200 ms, p99 ≤ 1.1× baseline, every scrape answered, one collection at a time`, { timeout: 30_000 + BASELINE_MS + STORM_MS }, async () => {
    const promPort = await freePort();
    const app = await startHarnessApp({
      entry: reliabilityFixture('scrape-app.cjs'),
      probeIntervalMs: 500,
      // The harness kills a child after 60 s by default: shorter than baseline + storm at the table's scale.
      timeoutMs: BASELINE_MS + STORM_MS + 30_000,
      env: { SERIES: String(SERIES), OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: String(promPort) },
    });
    apps.push(app);
    const metricsUrl = `http://127.0.0.1:${promPort}/metrics`;
    // The series exist and the scrape is large.
    const first = await (await fetch(metricsUrl)).text();
    expect(first.split('\n').filter((l) => l.startsWith('fixture_scrape_duration_seconds_count')).length).toBe(SERIES);

    const baseline = await runLoad({ baseUrl: app.baseUrl, rps: RPS, durationMs: BASELINE_MS, prefix: 'b' });
    const stormStart = Date.now();
    const [storm, scraped] = await Promise.all([
      runLoad({ baseUrl: app.baseUrl, rps: RPS, durationMs: STORM_MS, prefix: 's' }),
      scrapeStorm(metricsUrl, STORM_MS),
    ]);
    await sleep(600);

    const during = app.samples().filter((s) => s.t >= stormStart && s.t <= stormStart + STORM_MS + 500);
    const maxDelay = Math.max(...during.map((s) => s.eld.max));
    const p99Base = quantile(baseline.latencies, 0.99);
    const p99Storm = quantile(storm.latencies, 0.99);
    const stats = (await (await fetch(`${app.baseUrl}/stats`)).json()) as { collections: number; maxActive: number };
    // The figures docs/reliability.md quotes, printed before any bound is checked.
    console.log(
      `M3 figures: max event-loop delay ${maxDelay} ms; p99 ${p99Storm.toFixed(1)} ms (storm) vs ${p99Base.toFixed(1)} ms (baseline); ` +
        `${stats.collections} collections for ${scraped.scrapes} scrapes, at most ${stats.maxActive} at once; app answers ${JSON.stringify(storm.statuses)}; ` +
        `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    );

    expect(baseline.statuses).toEqual({ 200: baseline.sent });
    expect(storm.statuses).toEqual({ 200: storm.sent });
    expect(scraped.statuses).toEqual({ 200: scraped.scrapes });
    expect(scraped.bytes).toBeGreaterThan(SERIES * 900);
    expect(during.length).toBeGreaterThan(STORM_MS / 1000);
    expect(maxDelay).toBeLessThan(200);
    expect(p99Storm, `p99 ${p99Storm.toFixed(1)} ms vs baseline ${p99Base.toFixed(1)} ms`).toBeLessThanOrEqual(1.1 * p99Base + 2);
    expect(stats.maxActive).toBe(1);
    // Coalesced: scrapes arriving together share collections.
    expect(stats.collections).toBeLessThan(scraped.scrapes / 2);
  });
});
