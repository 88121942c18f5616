import { describe, expect, it } from 'vitest';
import { RandomBytePool } from './random-pool.js';

describe('RandomBytePool', () => {
  it('allocates nothing until the first take, then hands out consecutive offsets', () => {
    const pool = new RandomBytePool(64);
    expect(pool.bytes.length).toBe(0);
    expect(pool.take(16)).toBe(0);
    expect(pool.bytes.length).toBe(64);
    expect(pool.take(16)).toBe(16);
    expect(pool.take(32)).toBe(32);
  });

  it('refills the same buffer with new bytes when a request does not fit', () => {
    const pool = new RandomBytePool(32);
    const at = pool.take(24);
    const buffer = pool.bytes;
    const first = Buffer.from(buffer.subarray(at, at + 24));
    // 8 bytes left: 16 do not fit, so the pool refills and starts over.
    expect(pool.take(16)).toBe(0);
    expect(pool.bytes).toBe(buffer);
    expect(Buffer.from(pool.bytes.subarray(0, 24)).equals(first)).toBe(false);
  });

  it('gives bytes that look random (every byte value seen over many refills)', () => {
    const pool = new RandomBytePool(256);
    const seen = new Set<number>();
    for (let i = 0; i < 64; i++) {
      const at = pool.take(256);
      for (const b of pool.bytes.subarray(at, at + 256)) seen.add(b);
    }
    expect(seen.size).toBe(256);
  });
});
