import { describe, expect, it } from 'vitest';
import { prometheusPortFor } from './metrics.js';

describe('prometheusPortFor', () => {
  it('keeps the base port in a single process and in the cluster primary', () => {
    expect(prometheusPortFor(9464, {}, undefined)).toBe(9464);
  });
  it('adds the cluster worker id', () => {
    expect(prometheusPortFor(9464, {}, 3)).toBe(9467);
  });
  it('adds PM2\'s NODE_APP_INSTANCE (stable across restarts) before the cluster id', () => {
    expect(prometheusPortFor(9464, { NODE_APP_INSTANCE: '0' }, 7)).toBe(9464);
    expect(prometheusPortFor(9464, { NODE_APP_INSTANCE: '2' }, 9)).toBe(9466);
  });
  it('ignores a NODE_APP_INSTANCE that is not a number, and port 0 stays 0 (any free port)', () => {
    expect(prometheusPortFor(9464, { NODE_APP_INSTANCE: 'abc' }, undefined)).toBe(9464);
    expect(prometheusPortFor(0, { NODE_APP_INSTANCE: '2' }, 1)).toBe(0);
  });
  it('is the base port in this test process (not a cluster worker)', () => {
    expect(prometheusPortFor(9464, {})).toBe(9464);
  });
});
