#!/usr/bin/env node
// Packed and installed sizes, against upstream: `npm pack` of every package, then a minimal app
// installed from the tarballs (@otelkit/node) and the same app with the upstream packages
// (@opentelemetry/auto-instrumentations-node and @opentelemetry/sdk-node), bare and with Fastify.
// Run after `npm run build`; the installs come from the registry (or the npm cache).
//
//   node scripts/install-size.mjs            # prints Markdown tables
//   node scripts/install-size.mjs --json
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installApp, measureTree, packPackages, ROOT, tarballsFor } from './packed.mjs';

const json = process.argv.includes('--json');
const readJson = (path) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));

const node = readJson('packages/node/package.json');
const autoRange = node.dependencies['@opentelemetry/auto-instrumentations-node'];
// The sdk-node that auto-instrumentations-node itself brings: the upstream setup at its own versions.
const sdkNodeRange = readJson('node_modules/@opentelemetry/auto-instrumentations-node/package.json').dependencies['@opentelemetry/sdk-node'];
const apiRange = node.peerDependencies['@opentelemetry/api'];
const fastifyRange = readJson('test/package.json').dependencies.fastify;

const work = mkdtempSync(join(tmpdir(), 'otelkit-size-'));
try {
  const tarballs = await packPackages(work);
  const otelkit = Object.fromEntries(tarballsFor('@otelkit/node', tarballs).map((t) => [t.name, `file:${t.file}`]));
  const setups = {
    '@otelkit/node': { ...otelkit, '@opentelemetry/api': apiRange },
    'upstream auto-instrumentations-node + sdk-node': { '@opentelemetry/auto-instrumentations-node': autoRange, '@opentelemetry/sdk-node': sdkNodeRange, '@opentelemetry/api': apiRange },
  };
  const apps = [];
  for (const [setup, dependencies] of Object.entries(setups)) {
    for (const framework of ['none', 'fastify']) {
      const dir = join(work, `app-${apps.length}`);
      mkdirSync(dir);
      await installApp(dir, framework === 'fastify' ? { ...dependencies, fastify: fastifyRange } : dependencies);
      const tree = measureTree(join(dir, 'node_modules'));
      const copies = [...tree.packages].filter(([name, versions]) => name.startsWith('@opentelemetry/') && versions.length > 1);
      apps.push({ setup, framework, bytes: tree.bytes, files: tree.files, packages: [...tree.packages.values()].reduce((n, v) => n + v.length, 0), duplicated: copies.map(([name, versions]) => `${name} (${versions.join(', ')})`) });
    }
  }
  if (json) {
    console.log(JSON.stringify({ tarballs: tarballs.map(({ file: _file, ...t }) => t), apps }, null, 2));
  } else {
    const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
    const kb = (bytes) => `${(bytes / 1e3).toFixed(0)} kB`;
    console.log('| package | packed | unpacked | files |\n|---|---|---|---|');
    for (const t of tarballs) console.log(`| \`${t.name}\` | ${kb(t.size)} | ${kb(t.unpackedSize)} | ${t.entryCount} |`);
    console.log(`\n| app installs | framework | node_modules | files | packages | \`@opentelemetry/*\` installed more than once |\n|---|---|---|---|---|---|`);
    for (const a of apps) console.log(`| ${a.setup} | ${a.framework} | ${mb(a.bytes)} | ${a.files} | ${a.packages} | ${a.duplicated.length === 0 ? 'none' : a.duplicated.length} |`);
    console.log(`\nupstream ranges: auto-instrumentations-node ${autoRange}, sdk-node ${sdkNodeRange}; fastify ${fastifyRange}; api ${apiRange}`);
    for (const a of apps) if (a.duplicated.length > 0) console.log(`\n${a.setup} (${a.framework}), more than one copy: ${a.duplicated.join('; ')}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
