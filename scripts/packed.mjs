// The packages as a user gets them: tarballs from `npm pack`, installed into a throwaway app.
// Shared by scripts/install-size.mjs and the packed-install end-to-end test.
import { execFile } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** npm, with the repository's pinned Node first on PATH (as the README's commands run it). */
async function npm(args, cwd) {
  const env = { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  return run('npm', args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
}

/** The packages under packages/ that are published (not `private`), by folder name. */
export function publishedPackages() {
  return readdirSync(join(ROOT, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((dir) => JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')).private !== true);
}

/**
 * `npm pack` of every published package (built beforehand: a tarball holds dist/ as it is).
 * Returns npm's own figures per tarball: `size` (packed) and `unpackedSize`, in bytes.
 */
export async function packPackages(destination) {
  const dirs = publishedPackages();
  for (const dir of dirs) {
    if (!existsSync(join(ROOT, 'packages', dir, 'dist'))) throw new Error(`packages/${dir}/dist is missing: run npm run build first`);
  }
  const manifests = new Map(dirs.map((dir) => JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8'))).map((m) => [m.name, m]));
  const { stdout } = await npm(['pack', ...dirs.flatMap((dir) => ['--workspace', `packages/${dir}`]), '--pack-destination', destination, '--json', '--silent'], ROOT);
  return JSON.parse(stdout).map((p) => ({
    name: p.name,
    version: p.version,
    file: join(destination, p.filename),
    size: p.size,
    unpackedSize: p.unpackedSize,
    entryCount: p.entryCount,
    dependencies: manifests.get(p.name)?.dependencies ?? {},
  }));
}

/**
 * The tarballs an install of `name` needs: its own and those of the @otelkit packages it depends
 * on at run time (none, for @otelkit/node: the others are bundled into it).
 */
export function tarballsFor(name, tarballs) {
  const byName = new Map(tarballs.map((t) => [t.name, t]));
  const wanted = new Map();
  const visit = (pkg) => {
    const tarball = byName.get(pkg);
    if (tarball === undefined || wanted.has(pkg)) return;
    wanted.set(pkg, tarball);
    for (const dep of Object.keys(tarball.dependencies)) visit(dep);
  };
  visit(name);
  return [...wanted.values()];
}

/** Write an app's package.json with these dependencies and install it (`npm install`, registry or cache). */
export async function installApp(dir, dependencies, { offline = false } = {}) {
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'packed-app', version: '1.0.0', private: true, dependencies }, null, 2)}\n`);
  await npm(['install', '--no-audit', '--no-fund', '--loglevel=error', offline ? '--offline' : '--prefer-offline'], dir);
}

/** Bytes (apparent sizes), files and installed packages (name to versions, one per copy) under a node_modules folder. */
export function measureTree(nodeModules) {
  const result = { bytes: 0, files: 0, packages: new Map() };
  const isPackageFolder = (path) => {
    const parts = path.split('/');
    return parts.at(-2) === 'node_modules' ? !parts.at(-1).startsWith('.') && !parts.at(-1).startsWith('@') : parts.at(-3) === 'node_modules' && parts.at(-2).startsWith('@');
  };
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (!entry.isDirectory()) {
        result.files++;
        result.bytes += lstatSync(path).size;
        continue;
      }
      if (isPackageFolder(path) && existsSync(join(path, 'package.json'))) {
        const { name, version } = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'));
        result.packages.set(name, [...(result.packages.get(name) ?? []), version]);
      }
      walk(path);
    }
  };
  walk(nodeModules);
  return result;
}
