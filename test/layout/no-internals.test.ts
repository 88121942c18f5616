/**
 * otelkit relies on no Node internal beyond the exceptions below (docs/performance.md, "Decisions":
 * none of those it once used beat the A/A spread). This keeps them from coming back unnoticed: a
 * new one needs its own decision record first, and then an exception here naming that record.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : files(path);
    return /\.(ts|mts|cts|cjs|mjs|js)$/.test(name) && !/\.test\.|\.d\.ts$/.test(name) ? [path] : [];
  });
}

// Private members of Node's objects, symbols found by their description, the bindings, and
// replacements of a Node prototype's methods.
const INTERNALS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\._(httpMessage|header|headers|headerSent|handle|socket|writableState|readableState|events|parent|idleTimeout|pendingData)\b/, 'a private member of a Node object'],
  [/kOutHeaders|getOwnPropertySymbols\([^)]*\)[\s\S]{0,80}\.description/, 'a Node symbol found by its description'],
  [/process\.binding|internalBinding/, 'a Node binding'],
  [/\b(Socket|Server|OutgoingMessage|ServerResponse|IncomingMessage|ClientRequest|Agent)\.prototype\.\w+\s*=[^=]/, 'a replaced method of a Node prototype'],
];

/** What is allowed, where, and the docs/performance.md record that decided it. */
const EXCEPTIONS: ReadonlyArray<{ file: string; what: string; record: string }> = [
  { file: 'packages/node/src/instrumentations/keep-alive-timer.ts', what: 'a replaced method of a Node prototype', record: 'Keep-alive timers armed outside the request, again (Node prototype patch, kept)' },
];

it('every exception has its decision record', () => {
  const records = readFileSync(join(ROOT, 'docs', 'performance.md'), 'utf8');
  for (const exception of EXCEPTIONS) {
    expect(records, exception.record).toContain(`### ${exception.record}`);
    expect(existsSync(join(ROOT, exception.file)), exception.file).toBe(true);
  }
});

it('no package source reaches into Node internals', () => {
  const sources = readdirSync(join(ROOT, 'packages')).flatMap((pkg) => [...files(join(ROOT, 'packages', pkg, 'src')), ...files(join(ROOT, 'packages', pkg, 'bundle'))]);
  expect(sources.length).toBeGreaterThan(50);
  const found: string[] = [];
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const [pattern, what] of INTERNALS) {
      const match = pattern.exec(text);
      if (match === null) continue;
      if (EXCEPTIONS.some((e) => e.file === relative(ROOT, file) && e.what === what)) continue;
      found.push(`${relative(ROOT, file)}: ${what} (${match[0].trim()})`);
    }
  }
  expect(found).toEqual([]);
});

it('the patterns catch what they are for', () => {
  const samples = ['socket._httpMessage != null', "s.description === 'kOutHeaders'", "process.binding('http_parser')", 'Socket.prototype.setTimeout = wrapped;'];
  for (const sample of samples) expect(INTERNALS.some(([pattern]) => pattern.test(sample)), sample).toBe(true);
  expect(INTERNALS.some(([pattern]) => pattern.test('if (Socket.prototype.setTimeout === original) return;'))).toBe(false);
});
