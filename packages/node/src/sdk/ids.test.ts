import { describe, expect, it } from 'vitest';
import { PooledIdGenerator } from './ids.js';

describe('PooledIdGenerator', () => {
  it('makes lowercase hex ids of W3C length, distinct across several pool refills', () => {
    const ids = new PooledIdGenerator();
    const traces = new Set<string>();
    const spans = new Set<string>();
    // 64 kB pool, 24 bytes per pair: 6000 pairs refill it twice.
    for (let i = 0; i < 6000; i++) {
      const t = ids.generateTraceId();
      const s = ids.generateSpanId();
      expect(t).toMatch(/^[0-9a-f]{32}$/);
      expect(s).toMatch(/^[0-9a-f]{16}$/);
      traces.add(t);
      spans.add(s);
    }
    expect(traces.size).toBe(6000);
    expect(spans.size).toBe(6000);
  });

  it('uses every hex digit in every position over many ids (no stuck bits)', () => {
    const ids = new PooledIdGenerator();
    const seen = Array.from({ length: 32 }, () => new Set<string>());
    for (let i = 0; i < 2000; i++) [...ids.generateTraceId()].forEach((c, j) => seen[j]!.add(c));
    for (const digits of seen) expect(digits.size).toBe(16);
  });
});

describe('PooledIdGenerator.prime', () => {
  it('hands out a primed trace id once, then fresh ids again; span ids are unaffected', () => {
    const ids = new PooledIdGenerator();
    const drawn = ids.generateTraceId();
    ids.prime(drawn);
    const span = ids.generateSpanId();
    expect(ids.generateTraceId()).toBe(drawn);
    expect(ids.generateTraceId()).not.toBe(drawn);
    expect(span).toMatch(/^[0-9a-f]{16}$/);
    ids.prime('a'.repeat(32));
    ids.prime(undefined);
    expect(ids.generateTraceId()).not.toBe('a'.repeat(32));
  });
});
