/**
 * The CJS preload carries its own copy of @opentelemetry/api (packages/node/bundle/api.cjs) and uses
 * it only when the installed copy has exactly the same version. These run real processes: with the
 * workspace's api the preload loads no api files of its own and the app's api still records spans;
 * with a different installed version the preload falls back to that copy.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAppToExit } from '@otelkit/testing';
import { REGISTER_CJS, TEST_DIR } from './helpers.js';

const apiEntry = createRequire(join(TEST_DIR, 'package.json')).resolve('@opentelemetry/api');
const apiRoot = join(dirname(apiEntry), '..');
const installed = (JSON.parse(readFileSync(join(apiRoot, 'package.json'), 'utf8')) as { version: string }).version;

// Prints what was loaded before the app touched the api, then records a span through the app's api.
const SCRIPT = `
const before = Object.keys(require.cache).filter((p) => /[\\\\/]@opentelemetry[\\\\/]api[\\\\/]/.test(p)).length;
const registry = globalThis[Symbol.for('opentelemetry.js.api.1')];
const api = require('@opentelemetry/api');
const span = api.trace.getTracer('t').startSpan('s');
console.log(JSON.stringify({ before, registry: registry && registry.version, recording: span.isRecording() }));
span.end();
`;
const ENV = { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOG_LEVEL: 'warn' };

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** Replace every occurrence of `from` in the .cjs files under dir (the api stamps its version in code). */
function restampVersion(dir: string, from: string, to: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) restampVersion(path, from, to);
    else if (name.endsWith('.cjs') || name === 'package.json') writeFileSync(path, readFileSync(path, 'utf8').replaceAll(`"${from}"`, `"${to}"`));
  }
}

describe('@opentelemetry/api inside the CJS preload', () => {
  it('same version installed: the preload loads no api files, the app api records spans', async () => {
    const exit = await runAppToExit({ entry: '-e', args: [SCRIPT], preload: 'require', cwd: TEST_DIR, timeoutMs: 15_000, env: ENV });
    expect(exit.code, exit.stderr).toBe(0);
    expect(JSON.parse(exit.stdout.trim())).toEqual({ before: 0, registry: installed, recording: true });
  });

  it('another version installed: the preload uses that copy, and the app api records spans', async () => {
    const root = mkdtempSync(join(tmpdir(), 'otelkit-api-'));
    temps.push(root);
    const other = `${installed}-otelkit.test`;
    const copy = join(root, 'node_modules', '@opentelemetry', 'api');
    cpSync(apiRoot, copy, { recursive: true });
    restampVersion(copy, installed, other);
    const preload = join(root, 'node_modules', '@otelkit', 'node', 'dist', 'register.cjs');
    cpSync(REGISTER_CJS, preload);
    // register.cjs is the loader; the bundle it loads sits beside it.
    cpSync(REGISTER_CJS.replace(/register\.cjs$/, 'register.bundle.cjs'), preload.replace(/register\.cjs$/, 'register.bundle.cjs'));

    const exit = await runAppToExit({ entry: '-e', args: [SCRIPT], preload: 'require', preloadSpecifier: preload, cwd: root, timeoutMs: 15_000, env: ENV });
    expect(exit.code, exit.stderr).toBe(0);
    const seen = JSON.parse(exit.stdout.trim()) as { before: number; registry: string; recording: boolean };
    expect(seen.registry).toBe(other);
    expect(seen.before).toBeGreaterThan(0);
    expect(seen.recording).toBe(true);
  });
});
