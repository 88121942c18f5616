import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { expect, it } from 'vitest';
import * as api from './index.js';

const SRC = new URL('.', import.meta.url);

it('runtime code imports only @otelkit/core and node built-ins (no SDK, no framework)', () => {
  const files = readdirSync(SRC).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
  expect(files.length).toBeGreaterThan(5);
  for (const file of files) {
    const source = readFileSync(new URL(file, SRC), 'utf8');
    for (const match of source.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      const specifier = match[1]!;
      const ok = specifier.startsWith('./') || specifier === '@otelkit/core' || (specifier.startsWith('node:') && builtinModules.includes(specifier.slice(5)));
      expect(ok, `${file} imports ${specifier}`).toBe(true);
    }
  }
});

it('has only named exports', () => {
  expect(Object.keys(api)).not.toContain('default');
  expect(Object.keys(api).sort()).toEqual([
    'DEFAULT_HEALTH_PATHS',
    'HEALTH_DEFAULTS',
    'HealthRegistry',
    'createHealthHandler',
    'health',
    'healthMiddleware',
    'healthPlugin',
    'renderEndpoint',
    'startHealthServer',
  ]);
});
