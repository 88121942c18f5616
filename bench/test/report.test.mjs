// RESULTS.md's verdicts from made-up figures: the current budgets, the first round's beside them,
// and the sampled route judged against the floor measured in the same rounds.
import { describe, expect, it } from 'vitest';
import { report } from '../modes/budgets-report.mjs';

const cfg = { rounds: 3, seconds: 10, warmup: 2, connections: 50, fixedSeconds: 10, startupRuns: 3, pinoLines: 1000, nodeVersion: 'v24.0.0' };

/** Load rows of one figure: each variant's req/s per round, p99 and RSS fixed per variant. */
function load(rps, { p99 = {}, rss = {} } = {}) {
  return {
    title: 'figure',
    rows: Object.fromEntries(Object.entries(rps).map(([v, xs]) => [v, xs.map((r) => ({ rps: r, p99: p99[v] ?? 1, rss: rss[v] ?? 100, spans: 10, spanRequests: 10, requests: 10 }))])),
  };
}

const byFigure = (budgets) => Object.fromEntries(budgets.map((b) => [b[0], b]));

describe('budgets report', () => {
  it('judges the sampled route against 0.95 × the floor of the same run, and keeps the first round\'s ≥ 0.90 beside it', () => {
    const out = {
      // otelkit 0.86 of baseline, the floor 0.88: 0.977 × the floor, so met, while 0.86 < 0.90 misses the first round's.
      sampled: load({ baseline: [100, 100, 100], otelkit: [86, 86, 86], upstream: [30, 30, 30], floor: [88, 88, 88] }),
    };
    const rows = byFigure(report(out, cfg, { quick: true, seconds: 1 }).budgets);
    const sampled = rows['Express 5, parent-based ratio 0.01, req/s ratio'];
    expect(sampled[2]).toBe('0.86 (floor 0.88, so 0.98 × the floor)');
    expect(sampled.slice(3)).toEqual(['**met**', '≥ 0.90', '**not met**']);

    const low = report({ sampled: load({ baseline: [100, 100, 100], otelkit: [80, 80, 80], upstream: [30, 30, 30], floor: [88, 88, 88] }) }, cfg, { quick: true, seconds: 1 }).budgets;
    expect(low[0][3]).toBe('**not met**');
    // Without a floor there is nothing to be 0.95 of: not met.
    const none = report({ sampled: load({ baseline: [100, 100, 100], otelkit: [99, 99, 99], upstream: [30, 30, 30] }) }, cfg, { quick: true, seconds: 1 }).budgets;
    expect(none[0].slice(2, 4)).toEqual(['0.99 (floor not measured)', '**not met**']);
  });

  it('applies the current budgets, with the first round\'s in the last two columns, and names the recording floor', () => {
    const out = {
      hello: load({ baseline: [100, 100, 100], otelkit: [70, 70, 70], upstream: [30, 30, 30], 'floor-recording': [75, 75, 75] }, { p99: { baseline: 1, otelkit: 1.5 } }),
      express: load({ baseline: [100, 100, 100], otelkit: [80, 80, 80], upstream: [20, 20, 20], 'floor-recording': [90, 90, 90] }, { rss: { baseline: 100, otelkit: 125, upstream: 300 } }),
      startup: Object.assign({ baseline: [30, 30, 30], otelkit: [65, 65, 65], upstream: [700, 700, 700] }, { app: { baseline: [1], otelkit: [1], upstream: [1] } }),
      pino: { ns: { object: { baseline: [1000], otelkit: [1100], upstream: [9000] }, stream: { baseline: [2000], otelkit: [2300], upstream: [9000] } }, correlated: { baseline: false, otelkit: true, upstream: true } },
      scrape: { msPer1k: { otelkit: [0.6], upstream: [3], 'prom-client': [1.0] }, samples: { otelkit: 10, upstream: 10, 'prom-client': 10 } },
    };
    const { budgets, markdown } = report(out, cfg, { quick: true, seconds: 1 });
    const rows = byFigure(budgets);
    expect(rows['node:http hello world, req/s ratio'].slice(1)).toEqual(['≥ 0.80', '0.70 (recording floor 0.75)', '**not met**', '≥ 0.60', '**met**']);
    expect(rows['node:http p99 latency ratio'].slice(1)).toEqual(['≤ 1.40', '1.50', '**not met**', '≤ 2.0', '**met**']);
    expect(rows['Express 5 JSON route, req/s ratio'].slice(3)).toEqual(['**not met**', '≥ 0.75', '**met**']);
    expect(rows['RSS under load, added MB (figure)'].slice(1)).toEqual(['≤ +20', '+25.0 (upstream +200.0)', '**not met**', '≤ +30', '**met**']);
    expect(rows['`node --require <preload> -e 0`, added ms'].slice(3)).toEqual(['**not met**', '≤ +50', '**met**']);
    expect(rows['pino line inside a span, added ns'].slice(3)).toEqual(['**not met**', '≤ +150', '**met**']);
    expect(rows['Prometheus scrape of ~10k samples, ms per 1k samples'].slice(3)).toEqual(['**not met**', '≤ prom-client', '**met**']);
    // The floor is a row of the figure's table, and the table says what it is.
    expect(markdown).toMatch(/\| floor-recording \| 75 \(75–75\) \| 0\.75 \(0\.75–0\.75\) \|/);
    expect(markdown).toContain('[apps/floor-recording.cjs](apps/floor-recording.cjs)');
    expect(markdown).toContain('| figure | budget | measured (median) | verdict | first round\'s budget | verdict |');
  });
});
