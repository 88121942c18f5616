/**
 * G1: 100,000 log records in about a second with OTLP log export on, the collector slow (250 ms per
 * answer) or down. Criterion: generated = delivered + dropped_counted, exactly; peak RSS growth
 * < 50 MiB; the app's own JSON lines all present.
 *
 * The app writes its lines to a file, synchronously (as a service whose stdout is a file). Written
 * asynchronously into this runner's pipe, the app's own logger buffers what the runner has not read
 * yet (pino's sonic-boom holds and re-flattens its pending chunk on every write): that memory is the
 * app's and grows without otelkit too (docs/reliability.md has the figures), so it would measure the
 * runner, not otelkit.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAppToExit } from '@otelkit/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TEST_DIR, TRACE_ID, disposeAll, fixture, freePort, newReceiver } from '../integration/helpers.js';

afterEach(disposeAll);
const dir = mkdtempSync(join(tmpdir(), 'otelkit-g1-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TOTAL = 100_000;
const RSS_BUDGET_MIB = 50;

function cleanEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { NODE_OPTIONS: undefined };
  for (const key of Object.keys(process.env)) if (key.startsWith('OTEL_') || key.startsWith('OTELKIT_')) env[key] = undefined;
  return env;
}

describe('G1: a burst of 100,000 log records', () => {
  it.each(['slow', 'down'] as const)('collector %s: exact account, every line written, peak RSS growth < 50 MiB', { timeout: 60_000 }, async (collector) => {
    const receiver = await newReceiver();
    receiver.setDefaultFault({ delayMs: 250 });
    const endpoint = collector === 'slow' ? receiver.url : `http://127.0.0.1:${await freePort()}`;
    const out = join(dir, `${collector}.jsonl`);
    // Collector down: the upstream batch processor's export timeout (OTEL_BLRP_EXPORT_TIMEOUT, 30 s)
    // holds a script that has ended until each batch gives up; shortened so the script ends here.
    const down = collector === 'down' ? { OTEL_BLRP_EXPORT_TIMEOUT: '2000', OTELKIT_EXPORT_RETRY_BUDGET: '1500' } : {};
    const exit = await runAppToExit({
      entry: fixture('logs-burst.cjs'),
      preload: 'require',
      cwd: TEST_DIR,
      timeoutMs: 40_000,
      env: { ...cleanEnv(), OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'otlp', LINES: String(TOTAL), OUT: out, ...down },
    });
    expect(exit.code, exit.stderr).toBe(0);

    const lines = readFileSync(out, 'utf8').split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(TOTAL);
    const seqs = new Set<number>();
    for (const line of lines) {
      const record = JSON.parse(line) as { seq: number; trace_id: string };
      expect(record.trace_id).toMatch(TRACE_ID);
      seqs.add(record.seq);
    }
    expect(seqs.size).toBe(TOTAL);

    const summary = /logs: (\d+) log records exported, (\d+) dropped \(queue full\), (\d+) failed to export/.exec(exit.stderr);
    expect(summary, exit.stderr).not.toBeNull();
    const [exported, dropped, failed] = summary!.slice(1).map(Number) as [number, number, number];
    expect(dropped).toBeGreaterThan(0);
    expect(exported + dropped + failed).toBe(TOTAL);
    if (collector === 'slow') {
      expect(exported).toBeGreaterThan(0);
      expect(receiver.logs()).toHaveLength(exported);
    } else {
      expect(exported).toBe(0);
    }
    expect(exit.stderr).toMatch(/log record queue is full/);

    const growth = Number(/burst peak rss growth (-?[\d.]+) MiB/.exec(exit.stderr)?.[1]);
    expect(growth, exit.stderr).toBeLessThan(RSS_BUDGET_MIB);
  });
});
