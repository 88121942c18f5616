import { describe, expect, it } from 'vitest';
import { isSupportedNode } from './node-version.js';

describe('isSupportedNode', () => {
  it('accepts 22.15 and newer, and refuses what is older', () => {
    expect(['22.15.0', '22.23.3', '23.0.0', '24.21.0', '26.1.0'].map(isSupportedNode)).toEqual([true, true, true, true, true]);
    expect(['22.14.9', '22.0.0', '20.20.2', '18.19.0', 'garbage', ''].map(isSupportedNode)).toEqual([false, false, false, false, false, false]);
  });
});
