/**
 * The CJS preload loads its bundle through a V8 code cache (packages/node/bundle/register-loader.cjs);
 * the --import preload runs the same file. Real processes under --require (and --import): the first start writes the cache, the next one uses it, a
 * damaged file is rewritten, and a cache that is switched off or cannot be written leaves the app
 * running and traced (a folder the user named and that cannot be used gets one warning).
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAppToExit } from '@otelkit/testing';
import { TEST_DIR } from './helpers.js';

// What the loader recorded, and whether the preload's SDK records the app's spans.
const SCRIPT = `
const state = globalThis[Symbol.for('otelkit.compileCache')];
const span = require('@opentelemetry/api').trace.getTracer('t').startSpan('s');
console.log(JSON.stringify({ status: state.status, file: state.file ?? null, recording: span.isRecording() }));
span.end();
`;
const ENV = { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

interface Seen {
  status: string;
  file: string | null;
  recording: boolean;
}

async function start(cache: string, stderr: RegExp | '' = '', nodeArgs: string[] = [], preload: 'require' | 'import' = 'require'): Promise<Seen> {
  const exit = await runAppToExit({ entry: '-e', args: [SCRIPT], nodeArgs, preload, cwd: TEST_DIR, timeoutMs: 15_000, env: { ...ENV, OTELKIT_COMPILE_CACHE: cache } });
  expect(exit.code, exit.stderr).toBe(0);
  if (stderr === '') expect(exit.stderr).toBe('');
  else expect(exit.stderr.trim().split('\n')).toEqual([expect.stringMatching(stderr)]);
  return JSON.parse(exit.stdout.trim()) as Seen;
}

describe('the preload code cache', () => {
  it('is written by the first start, used by the next, and rewritten when damaged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otelkit-cc-'));
    temps.push(dir);
    const cache = join(dir, 'cache');
    const first = await start(cache);
    expect(first).toMatchObject({ status: 'written', recording: true });
    expect(readdirSync(cache)).toEqual([first.file!.slice(cache.length + 1)]);
    expect(first.file).toMatch(new RegExp(`register-[0-9a-f]{16}-${process.version}-${process.arch}\\.v8cache$`));

    expect(await start(cache)).toEqual({ status: 'hit', file: first.file, recording: true });

    writeFileSync(first.file!, 'not a code cache');
    expect(await start(cache)).toEqual({ status: 'rewritten', file: first.file, recording: true });
    expect(await start(cache)).toEqual({ status: 'hit', file: first.file, recording: true });
    // No temporary files are left behind.
    expect(readdirSync(cache)).toHaveLength(1);
  });

  it('--import runs the same preload and shares its cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otelkit-cc-'));
    temps.push(dir);
    const first = await start(dir, '', [], 'import');
    expect(first).toMatchObject({ status: 'written', recording: true });
    expect(await start(dir, '', [], 'require')).toEqual({ status: 'hit', file: first.file, recording: true });
    expect(await start(dir, '', [], 'import')).toEqual({ status: 'hit', file: first.file, recording: true });
  });

  it('off: the app starts traced, nothing is written or printed', async () => {
    expect(await start('false')).toEqual({ status: 'off', file: null, recording: true });
  });

  it('with --enable-source-maps: loaded by Node, uncached, so that otelkit frames map to its sources', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otelkit-cc-'));
    temps.push(dir);
    expect(await start(dir, '', ['--enable-source-maps'])).toMatchObject({ status: 'off', recording: true });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a named folder that cannot be used: the app starts traced, one warning names the variable', async () => {
    const warning = /^otelkit WARN OTELKIT_COMPILE_CACHE: the preload's code cache .* cannot be used \(Error: ENOENT/;
    // A folder whose parent does not exist (and one under /proc, where a recursive mkdir never returns).
    expect(await start(join(tmpdir(), 'otelkit-cc-missing-parent', 'x', 'cache'), warning)).toMatchObject({ status: 'unwritable', recording: true });
    if (process.platform === 'linux') expect(await start('/proc/otelkit-cache', warning)).toMatchObject({ status: 'unwritable', recording: true });
  });
});
