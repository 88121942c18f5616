'use strict';
// dist/register.cjs, the `--require` preload: loads the bundle (register.bundle.cjs) through a V8
// code cache. Compiling the ~300 kB bundle and the functions startup runs is a third of what the
// preload adds to a process's start; with the cache, V8 deserialises them instead.
//
// The cache lives in the package's own folder (.cache/ next to dist/), so it is trusted as much as
// the code beside it and goes away when the package is reinstalled. OTELKIT_COMPILE_CACHE=false
// turns it off, a path moves it. A missing, stale or unwritable cache only means a plain compile:
// nothing here may stop the app from starting. The file name carries a hash of the bundle's bytes
// (filled in at build time) and the Node version; V8 itself rejects data from another V8 or other
// flags, and then the file is written again.
const { existsSync, readFileSync, writeFileSync, renameSync, mkdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const vm = require('node:vm');

const BUNDLE = join(__dirname, 'register.bundle.cjs');
const BUNDLE_HASH = '1ecc3e6ca5120590';
const STATE = Symbol.for('otelkit.compileCache');

function cacheFile(setting) {
  if (/^false$/i.test(setting)) return undefined;
  const dir = setting === '' || /^true$/i.test(setting) ? join(__dirname, '..', '.cache') : setting;
  return join(dir, `register-${BUNDLE_HASH}-${process.version}-${process.arch}.v8cache`);
}

// One level only: the folder's parent must exist. (A recursive mkdirSync under /proc never returns.)
function makeDir(dir) {
  try {
    mkdirSync(dir, { mode: 0o755 });
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
  }
}

function load() {
  const setting = (process.env.OTELKIT_COMPILE_CACHE ?? '').trim();
  const file = cacheFile(setting);
  // Read by start() for its diagnostics (packages/node/src/lifecycle/compile-cache.ts).
  const state = { status: file === undefined ? 'off' : 'miss', file, custom: setting !== '', error: undefined };
  globalThis[STATE] = state;
  if (file === undefined || (process.sourceMapsEnabled && existsSync(`${BUNDLE}.map`))) {
    // Off, or --enable-source-maps with a map beside the bundle (a build from the repository; the
    // package ships none): Node maps stack frames only for code its own loader compiled, so the
    // bundle goes through it, uncached, and otelkit's frames point into its sources.
    if (file !== undefined) {
      state.status = 'off';
      state.error = 'source maps enabled';
    }
    require('./register.bundle.cjs');
    return;
  }
  let source;
  try {
    source = readFileSync(BUNDLE, 'utf8');
  } catch (error) {
    // Not beside this file (an app bundler that followed the require below, a virtual file
    // system): Node's loader finds it wherever require() does.
    state.status = 'error';
    state.error = String(error);
    require('./register.bundle.cjs');
    return;
  }
  let cached;
  try {
    cached = readFileSync(file);
  } catch {
    // No cache yet: compile, then write one below.
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const compile = (cachedData) =>
    new vm.Script(wrapped, { filename: BUNDLE, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  let script;
  try {
    script = compile(cached);
  } catch (error) {
    // Not expected (V8 refuses bad data by setting cachedDataRejected); compile without it and
    // write the file again. A bundle that does not compile throws here as under Node's own loader.
    if (cached === undefined) throw error;
    state.error = String(error);
    script = compile(undefined);
  }
  if (cached !== undefined) state.status = script.cachedDataRejected || state.error !== undefined ? 'rejected' : 'hit';
  script.runInThisContext().call(module.exports, module.exports, require, module, BUNDLE, __dirname);
  if (state.status === 'hit') return;
  // Written after the bundle ran, so the cache holds the functions startup compiled, not only the
  // top level. Written to a temporary name first: processes starting together never read half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    makeDir(join(file, '..'));
    const data = script.createCachedData();
    writeFileSync(tmp, data);
    renameSync(tmp, file);
    state.status = state.status === 'rejected' ? 'rewritten' : 'written';
    state.bytes = data.length;
  } catch (error) {
    state.status = 'unwritable';
    state.error = String(error);
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Left behind only if the folder refuses deletes too; the next write reuses no such name.
    }
  }
}

load();
