// Another Node.js for the measured processes (`--node`, `--node22`): its version, and Node 22
// installed on demand from the npm package `node@22` into bench/node_modules/.cache/node22, the way
// CI gets its second Node. Not a devDependency: that package's `node` binary would compete with the
// pinned Node 24 for node_modules/.bin/node, and every `npm ci` would download it for the bench alone.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { here } from './processes.mjs';

const NODE22_DIR = join(here, 'node_modules', '.cache', 'node22');

/** `node -v` of a binary, or an Error saying why it does not run. */
export function nodeVersion(node) {
  const r = spawnSync(node, ['-v'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${node} -v failed: ${r.error?.message ?? r.stderr.trim()}`);
  return r.stdout.trim();
}

/**
 * Why otelkit cannot be measured under this `node -v`, or undefined: below 22.15 (the engines of
 * @otelkit/node) the preload only warns and leaves the app alone, so every otelkit figure would
 * compare the app with itself and pass every budget.
 */
export function unsupportedNode(version) {
  const m = /^v(\d+)\.(\d+)\./.exec(version);
  if (m === null) return undefined;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major > 22 || (major === 22 && minor >= 15)) return undefined;
  return `Node ${version} runs otelkit's preload as a no-op (it needs 22.15 or later): every otelkit figure would measure the app alone`;
}

/**
 * The path of a Node 22 binary: installed into NODE22_DIR on first use, reused afterwards. Throws
 * with npm's output if the install fails.
 */
export function node22() {
  const bin = join(NODE22_DIR, 'node_modules', '.bin', 'node');
  if (existsSync(bin) && nodeVersion(bin).startsWith('v22.')) return bin;
  mkdirSync(NODE22_DIR, { recursive: true });
  writeFileSync(join(NODE22_DIR, 'package.json'), '{ "private": true }\n');
  process.stdout.write(`installing node@22 into ${NODE22_DIR}\n`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--silent', 'node@22'], { cwd: NODE22_DIR, encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(bin)) throw new Error(`npm install node@22 failed: ${r.error?.message ?? `${r.stdout}${r.stderr}`.trim()}`);
  return bin;
}
