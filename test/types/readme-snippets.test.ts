/**
 * The README examples compile for a consumer: each TypeScript/JavaScript block of the root README
 * and of every package README is written as an ES module (.mts, in a `type: module` package) and as
 * CommonJS (.cts), importing the BUILT packages through their exports maps (the `import` and
 * `require` conditions, so both dist/*.d.ts and dist/*.d.cts), and checked by the workspace's tsc
 * under strict mode, without skipLibCheck so an unresolvable import in our .d.ts files fails too.
 * consumer-checks.mts adds what a README cannot show: typos that must be rejected.
 * Markers for blocks that are not meant to compile, or need the app's own values: see snippets.ts.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { extractSnippets, readmePaths, toModule, type Snippet, type SnippetModule } from './snippets.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '..', '..');
// Folders only: packages/ also holds the tsconfig.json that the linter uses for tests.
const PACKAGES = readdirSync(join(ROOT, 'packages'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const TSC = createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc');

const snippets: Snippet[] = readmePaths(ROOT, PACKAGES).flatMap((readme) => extractSnippets(ROOT, readme));
const compiled = snippets.filter((s) => s.skip === undefined);

// Inside the repository, so `@otelkit/*`, `@opentelemetry/api`, pino, fastify... resolve from the
// workspace node_modules as they would from an app's.
const work = mkdtempSync(join(here, '.snippets-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runTsc(project: string): Promise<string> {
  return new Promise((done) => {
    execFile(process.execPath, [TSC, '-p', project, '--pretty', 'false'], { cwd: work, maxBuffer: 16 * 1024 * 1024 }, (_error, stdout, stderr) => done(`${stdout}${stderr}`));
  });
}

/** tsc's `file(line,col): error TSnnnn: message` lines, pointed back at the README line. */
function readableErrors(output: string, modules: ReadonlyMap<string, { module: SnippetModule; snippet: Snippet }>): string[] {
  const errors: string[] = [];
  for (const line of output.split('\n')) {
    const m = /^(.+?)\((\d+),(\d+)\): (error .*)$/.exec(line);
    if (m === null) {
      // tsc's explanation of the error above ("Types of property 'x' are incompatible", ...).
      if (/^\s+\S/.test(line) && errors.length > 0) errors[errors.length - 1] += `\n  ${line.trim()}`;
      else if (/error TS/.test(line)) errors.push(line);
      continue;
    }
    const entry = modules.get(m[1]!);
    if (entry === undefined) {
      errors.push(line);
      continue;
    }
    const readmeLine = entry.module.origin[Number(m[2]) - 1] ?? 0;
    const where = readmeLine === 0 ? `${entry.snippet.file}:${entry.snippet.line} (prelude or wrapper)` : `${entry.snippet.file}:${readmeLine}`;
    errors.push(`${where} [${entry.module.name.endsWith('.mts') ? 'ESM' : 'CJS'}] ${m[4]}`);
  }
  return errors;
}

describe('README examples type-check against the built packages', () => {
  it('finds the blocks, and every skipped one says why', () => {
    expect(compiled.length).toBeGreaterThanOrEqual(30);
    // Every published library shows code; the command line (a `bin`) and private packages need not.
    const libraries = PACKAGES.filter((p) => {
      const manifest = JSON.parse(readFileSync(join(ROOT, 'packages', p, 'package.json'), 'utf8')) as { private?: boolean; bin?: unknown };
      return manifest.private !== true && manifest.bin === undefined;
    });
    const withCode = new Set(compiled.map((s) => s.file));
    for (const readme of ['README.md', ...libraries.map((p) => `packages/${p}/README.md`)]) expect(withCode, readme).toContain(readme);
    for (const s of snippets) if (s.skip !== undefined) expect(s.skip, `${s.file}:${s.line}`).toMatch(/\w{3,}/);
  });

  it('compiles each block as ESM (.mts) and CommonJS (.cts) under strict mode', async () => {
    const modules = new Map<string, { module: SnippetModule; snippet: Snippet }>();
    for (const snippet of compiled) {
      for (const kind of ['esm', 'cjs'] as const) {
        const module = toModule(snippet, kind);
        writeFileSync(join(work, module.name), module.text);
        modules.set(module.name, { module, snippet });
      }
    }
    copyFileSync(join(here, 'consumer-checks.ts'), join(work, 'consumer-checks.mts'));
    copyFileSync(join(here, 'consumer-checks.ts'), join(work, 'consumer-checks.cts'));
    copyFileSync(join(here, 'app-globals.d.ts'), join(work, 'app-globals.d.ts'));
    writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'readme-consumer', private: true, type: 'module' }));
    writeFileSync(
      join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2024',
          lib: ['es2024', 'esnext.disposable', 'esnext.decorators'],
          types: ['node'],
          noEmit: true,
          // A consumer's default is often true; false also checks that our .d.ts files resolve
          // everything they import.
          skipLibCheck: false,
        },
        files: ['app-globals.d.ts', ...modules.keys(), 'consumer-checks.mts', 'consumer-checks.cts'],
      }),
    );
    const errors = readableErrors(await runTsc(join(work, 'tsconfig.json')), modules);
    expect(errors, `\n${errors.join('\n')}\n`).toEqual([]);
  }, 60_000);
});
