import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OTELKIT_ERROR_CODES, OtelkitError, invalidOption } from './errors.js';

const repoRoot = join(__dirname, '..', '..', '..');
const errorsDoc = readFileSync(join(repoRoot, 'docs', 'errors.md'), 'utf8');
const catalogue = join(__dirname, 'errors.ts');

/** Every non-test TypeScript source of every package, except the catalogue itself. */
function packageSources(): { path: string; text: string }[] {
  const packagesDir = join(repoRoot, 'packages');
  const out: { path: string; text: string }[] = [];
  for (const pkg of readdirSync(packagesDir)) {
    const src = join(packagesDir, pkg, 'src');
    let entries: string[];
    try {
      entries = readdirSync(src, { recursive: true }) as string[];
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(src, entry);
      if (!/\.(ts|mts|cts)$/.test(entry) || /\.test\.|\.test-support\.|\.d\.ts$/.test(entry) || path === catalogue) continue;
      out.push({ path: relative(repoRoot, path), text: readFileSync(path, 'utf8') });
    }
  }
  return out;
}

describe('the error catalogue', () => {
  it.each(Object.entries(OTELKIT_ERROR_CODES))('%s is documented in docs/errors.md with its meaning', (code, meaning) => {
    expect(errorsDoc).toContain(`| \`${code}\` | ${meaning} |`);
  });

  // A catalogued code that nothing raises is a promise the docs make and the code does not keep.
  const sources = packageSources();
  it.each(Object.keys(OTELKIT_ERROR_CODES))('%s is raised somewhere in packages/*/src (outside the catalogue and tests)', (code) => {
    const literal = new RegExp(`['"]${code}['"]`);
    const users = sources.filter((file) => literal.test(file.text)).map((file) => file.path);
    expect(users, `no source outside errors.ts uses '${code}'`).not.toEqual([]);
  });

  it('docs/errors.md documents no code that does not exist', () => {
    const documented = [...errorsDoc.matchAll(/`(OTELKIT_ERR_[A-Z_]+)`/g)].map((m) => m[1]);
    for (const code of documented) expect(Object.keys(OTELKIT_ERROR_CODES)).toContain(code);
  });

  it('carries its code, and instanceof works across copies through the global brand', () => {
    const error = invalidOption('samplerRatio', 'a number from 0 to 1', 2);
    expect(error).toBeInstanceOf(OtelkitError);
    expect(error.code).toBe('OTELKIT_ERR_INVALID_OPTION');
    expect(error.message).toContain('samplerRatio');
    const foreign = Object.assign(new Error('x'), { [Symbol.for('otelkit.error.v1')]: true });
    expect(foreign instanceof OtelkitError).toBe(true);
    expect(new Error('plain') instanceof OtelkitError).toBe(false);
  });
});
