import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { expect, it } from 'vitest';
import * as api from './index.js';

const SRC = new URL('.', import.meta.url);
const ALLOWED = new Set(['@opentelemetry/api', '@otelkit/core']);

it('runtime code imports only @opentelemetry/api, @otelkit/core and node built-ins', () => {
  const files = readdirSync(SRC).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
  expect(files.length).toBeGreaterThan(5);
  for (const file of files) {
    const source = readFileSync(new URL(file, SRC), 'utf8');
    for (const match of source.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      const specifier = match[1]!;
      const ok =
        specifier.startsWith('./') ||
        ALLOWED.has(specifier) ||
        (specifier.startsWith('node:') && builtinModules.includes(specifier.slice(5)));
      expect(ok, `${file} imports ${specifier}`).toBe(true);
    }
  }
});

it('has only named exports', () => {
  expect(Object.keys(api)).not.toContain('default');
  expect(Object.keys(api).sort()).toEqual([
    'JaegerPropagator',
    'OTELKIT_TRACER_NAME',
    'OtelkitTraceContextPropagator',
    'OtelkitTraceState',
    'currentSpanId',
    'currentTraceId',
    'isValidTraceStateKey',
    'isValidTraceStateValue',
    'normalizeTraceHeaderOptions',
    'parseTraceState',
    'parseTraceparent',
    'resolveRequestId',
    'setHttpRoute',
    'setTraceResponseHeaders',
    'traceIdHeader',
    'traced',
    'withSpan',
  ]);
});
