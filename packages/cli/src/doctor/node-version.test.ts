import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OTELKIT_NODE_ENGINES, satisfies } from './node-version.js';

describe('satisfies', () => {
  it.each([
    ['22.15.0', '>=22.15.0', true],
    ['22.14.9', '>=22.15.0', false],
    ['24.1.0', '>=22.15.0', true],
    ['v20.19.0', '^20.19.0 || >=22.12.0', true],
    ['21.0.0', '^20.19.0 || >=22.12.0', false],
    ['22.11.0', '>=18 <22.12', true],
    ['22.12.0', '>=18 <22.12', false],
  ])('%s in %s: %s', (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });

  it('the built-in range is the engines field of @otelkit/node', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'node', 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(OTELKIT_NODE_ENGINES).toBe(pkg.engines.node);
  });
});
