import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { defineConfig } from 'tsup';

// A command line, not a library: one ES module entry (commander is ESM only), no declarations.
// esbuild keeps the entry's `#!/usr/bin/env node` line and tsup marks the file executable.
rmSync('dist', { recursive: true, force: true });

const require = createRequire(import.meta.url);
// Not `${name}/package.json`: htm's exports map does not list it.
function packageDir(name: string): string {
  const entry = require.resolve(name);
  const marker = `${sep}node_modules${sep}${name}${sep}`;
  return entry.slice(0, entry.lastIndexOf(marker) + marker.length - 1);
}

// `otelkit dev` serves its UI as plain files, with no build step at run time: the sources in ui/ and
// the browser builds of preact, htm and uPlot, copied from node_modules. Nothing is fetched from a CDN.
const VENDORED: [from: string, to: string][] = [
  [join(packageDir('preact'), 'dist', 'preact.mjs'), 'preact.mjs'],
  [join(packageDir('preact'), 'hooks', 'dist', 'hooks.mjs'), 'preact-hooks.mjs'],
  [join(packageDir('preact'), 'LICENSE'), 'preact.LICENSE.txt'],
  [join(packageDir('htm'), 'dist', 'htm.mjs'), 'htm.mjs'],
  [join(packageDir('htm'), 'LICENSE'), 'htm.LICENSE.txt'],
  [join(packageDir('uplot'), 'dist', 'uPlot.esm.js'), 'uplot.mjs'],
  [join(packageDir('uplot'), 'dist', 'uPlot.min.css'), 'uplot.css'],
  [join(packageDir('uplot'), 'LICENSE'), 'uplot.LICENSE.txt'],
];

function copyUi(): void {
  mkdirSync('dist/ui', { recursive: true });
  cpSync('ui', 'dist/ui', { recursive: true });
  for (const [from, to] of VENDORED) copyFileSync(from, join('dist/ui', to));
  // preact/hooks imports the bare name "preact"; the browser resolves it only as a relative URL.
  const hooks = join('dist/ui', 'preact-hooks.mjs');
  const source = readFileSync(hooks, 'utf8');
  if (!/from\s*["']preact["']/.test(source)) throw new Error('preact/hooks no longer imports "preact" as expected; update tsup.config.ts');
  writeFileSync(hooks, source.replace(/from\s*["']preact["']/g, 'from"./preact.mjs"'));
}

export default defineConfig({
  entry: ['src/cli.ts'],
  format: ['esm'],
  target: 'node22',
  platform: 'node',
  sourcemap: true,
  dts: false,
  clean: false,
  onSuccess: () => {
    copyUi();
    return Promise.resolve();
  },
});
