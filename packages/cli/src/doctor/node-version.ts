/**
 * This Node.js against the `engines` range of @otelkit/node: the project's installed copy when
 * there is one (resolved from the working directory, as the app would), else the range this
 * release of otelkit was built for.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { DoctorCheck } from './report.js';

/** The range of this release (packages/node/package.json `engines.node`; a test keeps them equal). */
export const OTELKIT_NODE_ENGINES = '>=22.15.0';

/** The installed @otelkit/node's `engines.node` and version, if the project in `cwd` has one. */
function installedRange(cwd: string): { range: string; version: string } | undefined {
  try {
    const path = createRequire(join(cwd, 'package.json')).resolve('@otelkit/node/package.json');
    const pkg = JSON.parse(readFileSync(path, 'utf8')) as { version?: string; engines?: { node?: string } };
    return pkg.engines?.node === undefined ? undefined : { range: pkg.engines.node, version: pkg.version ?? '?' };
  } catch {
    return undefined;
  }
}

function parts(version: string): number[] {
  return version.replace(/^v/, '').split('.').map((p) => Number.parseInt(p, 10) || 0);
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/**
 * Whether `version` satisfies `range`. Handles what engines fields use: `>=`, `>`, `<`, `<=`, `^`,
 * exact versions, space-separated conjunctions and `||` alternatives.
 */
export function satisfies(version: string, range: string): boolean {
  const v = parts(version);
  return range.split('||').some((alternative) =>
    alternative.trim().split(/\s+/).filter(Boolean).every((term) => {
      const m = /^(>=|<=|>|<|\^|~|=)?v?(\d+(?:\.\d+){0,2})/.exec(term);
      if (m === null) return true;
      const bound = parts(m[2]!);
      const c = compare(v, bound);
      switch (m[1]) {
        case '>=': return c >= 0;
        case '<=': return c <= 0;
        case '>': return c > 0;
        case '<': return c < 0;
        case '^': return c >= 0 && v[0] === bound[0];
        case '~': return c >= 0 && v[0] === bound[0] && v[1] === bound[1];
        default: return c === 0;
      }
    }),
  );
}

export function checkNodeVersion(version: string, cwd: string): DoctorCheck {
  const installed = installedRange(cwd);
  const range = installed?.range ?? OTELKIT_NODE_ENGINES;
  const of = installed === undefined ? "otelkit's supported range; @otelkit/node is not installed here" : `engines of @otelkit/node ${installed.version}`;
  return satisfies(version, range)
    ? { section: 'node', status: 'ok', message: `Node.js ${version} satisfies ${range} (${of})` }
    : { section: 'node', status: 'fail', message: `Node.js ${version} does not satisfy ${range} (${of}): otelkit stays off and the app runs uninstrumented`, fix: 'upgrade Node.js' };
}
