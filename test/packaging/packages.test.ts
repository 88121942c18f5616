/**
 * What a user gets from a package tarball: a README that reads right once installed (no links into
 * the repository's folders, no references to the repository's internals), the metadata that points
 * back to the repository, and type declarations that import only what the package depends on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PACKAGES = readdirSync(join(ROOT, 'packages'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const REPOSITORY = 'https://github.com/otelkit/otelkit';

interface Manifest {
  name: string;
  files?: string[];
  repository?: { type?: string; url?: string; directory?: string };
  homepage?: string;
  bugs?: { url?: string };
  types?: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')) as Manifest;

/** Prose of a README: fenced code blocks (an app's own paths, commands) are left out. */
function prose(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
}

/** The targets of inline and reference-style Markdown links. */
function linkTargets(markdown: string): string[] {
  const inline = [...markdown.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const reference = [...markdown.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!);
  return [...inline, ...reference];
}

/** Where a README points into the repository rather than at something the reader has. */
function internalReferences(markdown: string, packageDir: string, shipped: readonly string[]): string[] {
  const found: string[] = [];
  const text = prose(markdown);
  for (const target of linkTargets(text)) {
    if (/^(https?:|mailto:|#)/.test(target)) continue;
    const path = relative(packageDir, resolve(packageDir, target.replace(/[#?].*$/, '')));
    const inTarball = !path.startsWith('..') && shipped.some((entry) => path === entry || path.startsWith(`${entry}/`));
    if (!inTarball) found.push(`relative link to ${target} (not in the package: use ${REPOSITORY}/blob/main/...)`);
  }
  // Absolute links are fine whatever path they carry; the rest of the prose must not name the
  // repository's folders, benchmark items or reliability scenario ids.
  const words = text.replace(/\]\([^)]*\)/g, ']').replace(/https?:\/\/\S+/g, '');
  const patterns: [RegExp, string][] = [
    [/\bbench\/\S*/g, 'benchmark path'],
    [/\bitems? \d+\b/g, 'benchmark item number'],
    [/\bRELIABILITY\s+[A-Z]\d+\b/g, 'reliability scenario id'],
    [/(?<![\w@.-])(?:src|bundle|test|scripts|fixtures|packages|docs)\/[\w./-]*\w/g, 'repository path'],
  ];
  for (const [pattern, what] of patterns) for (const m of words.matchAll(pattern)) found.push(`${what}: ${m[0]}`);
  return found;
}

describe('package READMEs read right once installed', () => {
  it.each(PACKAGES)('packages/%s/README.md: absolute links only, no repository internals', (dir) => {
    const packageDir = join(ROOT, 'packages', dir);
    const shipped = [...(manifest(dir).files ?? []), 'README.md', 'LICENSE', 'package.json'];
    expect(internalReferences(readFileSync(join(packageDir, 'README.md'), 'utf8'), packageDir, shipped)).toEqual([]);
  });

  it('the check finds what it is meant to find', () => {
    const dir = join(ROOT, 'packages', 'node');
    const sample = [
      'See [errors](../../docs/errors.md), [health](../health/README.md) and [ok](https://github.com/otelkit/otelkit/blob/main/docs/errors.md).',
      'About a third less (bench/README item 34), checked in `src/pipeline/tls-files.ts` (RELIABILITY',
      'T7). [License](LICENSE) and [types](dist/index.d.ts) are shipped; [the source](src/index.ts) is not.',
      '```js',
      "runApp({ entry: 'test/fixtures/server.js' });",
      '```',
    ].join('\n');
    expect(internalReferences(sample, dir, ['dist', 'README.md', 'LICENSE'])).toEqual([
      'relative link to ../../docs/errors.md (not in the package: use https://github.com/otelkit/otelkit/blob/main/...)',
      'relative link to ../health/README.md (not in the package: use https://github.com/otelkit/otelkit/blob/main/...)',
      'relative link to src/index.ts (not in the package: use https://github.com/otelkit/otelkit/blob/main/...)',
      'benchmark path: bench/README',
      'benchmark item number: item 34',
      'reliability scenario id: RELIABILITY\nT7',
      'repository path: src/pipeline/tls-files.ts',
    ]);
  });
});

describe('package.json points back to the repository', () => {
  it.each(PACKAGES)('packages/%s: repository (with directory), homepage and bugs', (dir) => {
    const m = manifest(dir);
    expect(m.repository).toEqual({ type: 'git', url: `git+${REPOSITORY}.git`, directory: `packages/${dir}` });
    expect(m.homepage).toBe(`${REPOSITORY}/tree/main/packages/${dir}#readme`);
    expect(m.bugs).toEqual({ url: `${REPOSITORY}/issues` });
  });
});

describe('type declarations import only what the package depends on', () => {
  // `/// <reference types="node" />` asks for @types/node, which any TypeScript app on Node has.
  const builtins = new Set(['node', ...builtinModules.flatMap((b) => [b, `node:${b}`])]);
  const packageOf = (specifier: string): string => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

  // Packages with declarations (the command line package has none).
  it.each(PACKAGES.filter((dir) => manifest(dir).types !== undefined))('packages/%s/dist/*.d.ts and *.d.cts', (dir) => {
    const m = manifest(dir);
    const allowed = new Set([m.name, ...Object.keys(m.dependencies ?? {}), ...Object.keys(m.peerDependencies ?? {})]);
    const distDir = join(ROOT, 'packages', dir, 'dist');
    const declarations = readdirSync(distDir).filter((f) => /\.d\.c?ts$/.test(f));
    expect(declarations.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const file of declarations) {
      const text = readFileSync(join(distDir, file), 'utf8');
      for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\/\/\/\s*<reference\s+types=)['"]([^'"]+)['"]/g)) {
        const specifier = m[1]!;
        if (specifier.startsWith('.') || builtins.has(specifier)) continue;
        if (!allowed.has(packageOf(specifier))) missing.push(`${file}: ${specifier}`);
      }
    }
    expect(missing, 'imported by the declarations but neither a dependency nor a peer').toEqual([]);
  });
});
