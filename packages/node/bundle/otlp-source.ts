/**
 * `@otelkit/otlp` is bundled from its sources, not from its dist: the export path requires its
 * OTLP/HTTP transport and serializers at the first export (see packages/otlp/src/exporters.ts), and
 * only a bundle of the sources keeps those modules, and the upstream ones they import, lazy. A
 * prebuilt ES module would carry their imports at its top, run at every start of the preload.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const requireHere = createRequire(join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json'));

export function otlpSource(): Plugin {
  const entry = join(dirname(requireHere.resolve('@otelkit/otlp/package.json')), 'src', 'index.ts');
  return {
    name: 'otelkit-otlp-source',
    setup(build) {
      build.onResolve({ filter: /^@otelkit\/otlp$/ }, () => ({ path: entry }));
    },
  };
}
