import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { OTELKIT_VERSION } from './version.js';

it('OTELKIT_VERSION equals the package version', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  expect(OTELKIT_VERSION).toBe(pkg.version);
});
