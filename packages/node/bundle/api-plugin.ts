/**
 * CJS bundles only: `@opentelemetry/api` imports resolve to bundle/api.cjs, which picks the bundled
 * copy of the api or the installed one at startup (the reasons are in that file). The ESM build
 * keeps the api external.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const SHIM = join(here, 'api.cjs');
const requireHere = createRequire(join(here, '..', 'package.json'));

export function bundledApi(): Plugin {
  const entry = requireHere.resolve('@opentelemetry/api');
  const version = (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
  return {
    name: 'otelkit-bundled-api',
    setup(build) {
      build.onResolve({ filter: /^@opentelemetry\/api$/ }, (args) => (args.importer === SHIM ? { path: args.path, external: true } : { path: SHIM }));
      build.onResolve({ filter: /^otelkit:bundled-api$/ }, () => ({ path: entry }));
      build.onResolve({ filter: /^otelkit:bundled-api-version$/ }, () => ({ path: 'version', namespace: 'otelkit-api-version' }));
      build.onLoad({ filter: /.*/, namespace: 'otelkit-api-version' }, () => ({ contents: `module.exports = ${JSON.stringify(version)};`, loader: 'js' }));
    },
  };
}
