import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { TraceIdRatioBasedSampler, type Sampler } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { PooledIdGenerator } from './ids.js';
import { RatioSampler, createSampler } from './sampler.js';

const decide = (sampler: Sampler, traceId: string): number =>
  sampler.shouldSample(ROOT_CONTEXT, traceId, 'GET', SpanKind.SERVER, {}, []).decision;

describe('RatioSampler', () => {
  it.each([0, 0.01, 0.25, 0.5, 0.999, 1, -1, 2, Number.NaN])('decides as the SDK sampler does at ratio %s, on drawn ids and on others', (ratio) => {
    const ids = new PooledIdGenerator();
    const ours = new RatioSampler(ratio, ids);
    const sdk = new TraceIdRatioBasedSampler(ratio);
    let sampled = 0;
    // 4000 draws refill the 4 kB pool several times; every other id is checked after the next draw,
    // when it is no longer the generator's last one (the SDK's own code path).
    let previous: string | undefined;
    for (let i = 0; i < 4000; i++) {
      const id = ids.generateTraceId();
      ids.generateSpanId();
      expect(ids.lastTraceId).toBe(id);
      const decision = decide(ours, id);
      expect(decision).toBe(decide(sdk, id));
      if (previous !== undefined) expect(decide(ours, previous)).toBe(decide(sdk, previous));
      if (decision !== 0) sampled++;
      previous = id;
    }
    if (ratio === 0.25) expect(sampled).toBeGreaterThan(800);
    if (ratio === 0.25) expect(sampled).toBeLessThan(1200);
    // Ids at the edges of the word ranges, including the invalid all-zero id the SDK never samples.
    for (const id of ['0'.repeat(32), 'f'.repeat(32), `${'0'.repeat(31)}1`, `ffffffff${'0'.repeat(24)}`, 'ABCDEF0123456789abcdef0123456789']) {
      expect(decide(ours, id)).toBe(decide(sdk, id));
    }
    expect(ours.toString()).toBe(sdk.toString());
  });

  it('is what createSampler builds for the ratio kinds when given the id generator', () => {
    const ids = new PooledIdGenerator();
    expect(createSampler('traceidratio', 0.5, ids)).toBeInstanceOf(RatioSampler);
    expect(createSampler('parentbased_traceidratio', 0.5, ids).toString()).toBe('ParentBased{root=TraceIdRatioBased{0.5}, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=AlwaysOffSampler, localParentSampled=AlwaysOnSampler, localParentNotSampled=AlwaysOffSampler}');
    expect(createSampler('traceidratio', 0.5)).not.toBeInstanceOf(RatioSampler);
  });
});
