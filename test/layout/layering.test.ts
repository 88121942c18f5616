/**
 * The layering of the distribution, checked on the import statements of the sources (static
 * imports, re-exports, `import()` and `require()`, as TypeScript's pre-processor reads them):
 *
 * - the export path (@otelkit/otlp) imports only its own modules, @otelkit/core, the SDK and Node:
 *   never @otelkit/node, an instrumentation or another otelkit package;
 * - SDK setup (packages/node/src/sdk) knows nothing of instrumentations, wiring or lifecycle;
 * - wiring and lifecycle do not reach into instrumentations;
 * - the light packages (tracing, metrics, logs, health) never import the SDK (tests may).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NODE_SRC = join(ROOT, 'packages', 'node', 'src');
const OTLP_SRC = join(ROOT, 'packages', 'otlp', 'src');

/** Every module specifier a source file imports, in order. */
function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Where a relative specifier points, as a path under packages/node/src ('' when outside it). */
function nodeSrcPath(file: string, specifier: string): string {
  const target = relative(NODE_SRC, resolve(dirname(file), specifier));
  return target.startsWith('..') ? '' : target.split(sep).join('/');
}

interface Rule {
  /** The folder whose files the rule applies to. */
  readonly dir: string;
  /** Why a specifier of a file there is not allowed, or undefined when it is. */
  readonly check: (file: string, specifier: string) => string | undefined;
}

const OTLP_ALLOWED_OTELKIT = new Set(['@otelkit/core']);
const OTLP_ALLOWED_IN_TESTS = new Set(['@otelkit/testing']);

const otlpRule: Rule = {
  dir: OTLP_SRC,
  check(file, specifier) {
    if (specifier.startsWith('.')) {
      const target = resolve(dirname(file), specifier);
      return target.startsWith(OTLP_SRC + sep) ? undefined : 'reaches outside @otelkit/otlp';
    }
    if (!specifier.startsWith('@otelkit/')) return undefined;
    if (OTLP_ALLOWED_OTELKIT.has(specifier)) return undefined;
    if (file.endsWith('.test.ts') && OTLP_ALLOWED_IN_TESTS.has(specifier)) return undefined;
    return 'the export path depends only on @otelkit/core among otelkit packages';
  },
};

/** A rule for a folder of packages/node/src that must not import from the given sibling folders. */
function nodeFolderRule(folder: string, forbidden: readonly string[]): Rule {
  return {
    dir: join(NODE_SRC, folder),
    check(file, specifier) {
      if (specifier === '@otelkit/node' || specifier.startsWith('@otelkit/node/')) return 'imports the package it is part of';
      if (!specifier.startsWith('.')) return undefined;
      const target = nodeSrcPath(file, specifier);
      const hit = forbidden.find((f) => target === f || target.startsWith(`${f}/`) || target === `${f}.js`);
      return hit === undefined ? undefined : `${folder}/ must not import from ${hit}`;
    },
  };
}

/** A light package: `@opentelemetry/api` and the other light packages only, outside its tests. */
function lightRule(name: string): Rule {
  const dir = join(ROOT, 'packages', name, 'src');
  return {
    dir,
    check(file, specifier) {
      if (/\.test(-support)?\.ts$/.test(file)) return undefined;
      if (specifier.startsWith('.')) return resolve(dirname(file), specifier).startsWith(dir + sep) ? undefined : `reaches outside @otelkit/${name}`;
      if (specifier.startsWith('@opentelemetry/') && specifier !== '@opentelemetry/api') return 'a light package uses @opentelemetry/api only';
      if (/^@otelkit\/(node|otlp)(\/|$)/.test(specifier)) return 'a light package never imports the distribution';
      return undefined;
    },
  };
}

const RULES: readonly Rule[] = [
  otlpRule,
  nodeFolderRule('sdk', ['instrumentations', 'wiring', 'lifecycle', 'start']),
  nodeFolderRule('wiring', ['instrumentations']),
  nodeFolderRule('lifecycle', ['instrumentations']),
  // The former home of the export path: gone, and nothing of it may come back next to instrumentations.
  nodeFolderRule('pipeline', ['instrumentations']),
  ...['core', 'tracing', 'metrics', 'logs', 'health'].map(lightRule),
];

/** `file: specifier (reason)` for every import that breaks a rule. */
function violations(rule: Rule, files: readonly string[], read: (file: string) => string = (f) => readFileSync(f, 'utf8')): string[] {
  const out: string[] = [];
  for (const file of files) {
    for (const specifier of importsOf(read(file))) {
      const why = rule.check(file, specifier);
      if (why !== undefined) out.push(`${relative(ROOT, file)}: '${specifier}' (${why})`);
    }
  }
  return out;
}

describe('layering of the export path and the distribution', () => {
  it('reads static, dynamic and require imports, and not the ones in comments', () => {
    const source = [
      "import { a } from './a.js';",
      "export { b } from '../b.js';",
      "import type { C } from '@otelkit/c';",
      "// import { no } from './commented.js';",
      "const d = require('./d.js');",
      "const e = await import('./e.js');",
    ].join('\n');
    expect(importsOf(source)).toEqual(['./a.js', '../b.js', '@otelkit/c', './d.js', './e.js']);
  });

  it('flags what it must flag (the rules are not vacuous)', () => {
    const sdkFile = join(NODE_SRC, 'sdk', 'x.ts');
    const otlpFile = join(OTLP_SRC, 'x.ts');
    const fake: Record<string, string> = {
      [sdkFile]: "import { y } from '../instrumentations/http-server.js';\nimport type { T } from '../types.js';",
      [otlpFile]: "import { z } from '../../node/src/types.js';\nimport { w } from '@otelkit/metrics';\nimport { v } from '@otelkit/core';",
    };
    const read = (f: string): string => fake[f]!;
    expect(violations(RULES[1]!, [sdkFile], read)).toHaveLength(1);
    expect(violations(otlpRule, [otlpFile], read)).toHaveLength(2);
  });

  it('finds the sources it checks', () => {
    expect(sourceFiles(OTLP_SRC).map((f) => relative(OTLP_SRC, f))).toContain('exporters.ts');
    expect(sourceFiles(join(NODE_SRC, 'sdk')).map((f) => relative(NODE_SRC, f))).toContain(join('sdk', 'sampler.ts'));
  });

  for (const rule of RULES) {
    it(`${relative(ROOT, rule.dir)}: every import follows the layering`, () => {
      expect(violations(rule, sourceFiles(rule.dir))).toEqual([]);
    });
  }
});
