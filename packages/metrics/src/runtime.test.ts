import { GCProfiler, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { installTestMeter, type TestMeter } from '@otelkit/testing/metrics';
import { startRuntimeMetrics, type StopRuntimeMetrics } from './runtime.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;

let m: TestMeter | undefined;
let stop: StopRuntimeMetrics | undefined;
afterEach(async () => {
  stop?.();
  stop = undefined;
  await m?.close();
  m = undefined;
});

/** GC count per attribute value of the pause histogram. */
async function gcCounts(meter: TestMeter, name: string, attribute: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const p of (await meter.metric(name))?.dataPoints ?? []) {
    counts[String(p.attributes[attribute])] = (p.value as { count: number }).count;
  }
  return counts;
}

describe('runtime metrics: GC pauses', () => {
  it('records every GC once, by kind, in seconds', async () => {
    m = installTestMeter();
    // An empty young generation, so the few allocations at the edges of the window cannot trigger a
    // GC that only one side sees.
    gc();
    const reference = new GCProfiler();
    reference.start();
    stop = startRuntimeMetrics({ profile: 'semconv' });
    gc({ type: 'minor' });
    gc();
    gc({ type: 'minor' });
    gc();
    await sleep(20); // the observer delivers its entries asynchronously
    const expected: Record<string, number> = {};
    const kind: Record<string, string> = { Scavenge: 'minor', MinorMarkSweep: 'minor', MarkSweepCompact: 'major', IncrementalMarking: 'incremental', ProcessWeakCallbacks: 'weakcb' };
    for (const s of (reference.stop() as { statistics: Array<{ gcType: string }> }).statistics) {
      expected[kind[s.gcType] ?? s.gcType] = (expected[kind[s.gcType] ?? s.gcType] ?? 0) + 1;
    }
    expect(expected.minor).toBeGreaterThanOrEqual(2);
    expect(expected.major).toBeGreaterThanOrEqual(2);
    expect(await gcCounts(m, 'v8js.gc.duration', 'v8js.gc.type')).toEqual(expected);
    for (const p of (await m.metric('v8js.gc.duration'))!.dataPoints) {
      const v = p.value as { min: number; max: number };
      expect(v.min).toBeGreaterThan(0);
      expect(v.max).toBeLessThan(5); // seconds, not milliseconds mistaken for seconds
    }
  });

  it('uses nodejs_gc_duration with a kind attribute in the prometheus-classic profile', async () => {
    m = installTestMeter();
    stop = startRuntimeMetrics({ profile: 'prometheus-classic' });
    gc();
    gc({ type: 'minor' });
    await sleep(20);
    const counts = await gcCounts(m, 'nodejs_gc_duration', 'kind');
    expect(counts.major).toBeGreaterThanOrEqual(1);
    expect(counts.minor).toBeGreaterThanOrEqual(1);
    expect(await m.metric('v8js.gc.duration')).toBeUndefined();
  });

  it('records nothing more once stopped', async () => {
    m = installTestMeter();
    stop = startRuntimeMetrics({ profile: 'semconv' });
    gc();
    await sleep(20);
    stop();
    const before = await gcCounts(m, 'v8js.gc.duration', 'v8js.gc.type');
    expect(before.major).toBeGreaterThanOrEqual(1);
    gc();
    gc({ type: 'minor' });
    await sleep(20);
    expect(await gcCounts(m, 'v8js.gc.duration', 'v8js.gc.type')).toEqual(before);
  });
});
