/**
 * What `@opentelemetry/api` means inside the CJS bundles (register.cjs, index.cjs); see api-plugin.ts.
 *
 * Loading the app's copy of the api at startup reads and compiles ~50 small files, about a fifth of
 * the preload's startup. The bundle carries a copy of the same api. API copies cooperate through
 * one process-wide registry (a global symbol stamped with the version of the copy that registered
 * first), so two copies of the *same version* behave as one. The bundled copy is used only then:
 * the copy otelkit resolves has exactly the bundled version (or there is none), and no copy has
 * registered anything yet. Otherwise the installed copy is loaded, as it always was.
 */
'use strict';
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const BUNDLED_VERSION = require('otelkit:bundled-api-version');

const REGISTRY = Symbol.for('opentelemetry.js.api.1');
const PACKAGE_ROOT = /[\\/]@opentelemetry[\\/]api[\\/]/;

/**
 * Version of the api copy that `require('@opentelemetry/api')` from this file would load; null if none.
 * The usual node_modules walk is done by hand (one file read per level, no package-exports
 * resolution); anything else (NODE_PATH, global folders) goes through require.resolve.
 */
function installedVersion() {
  for (let dir = __dirname; ; ) {
    if (!/[\\/]node_modules$/.test(dir)) {
      try {
        return JSON.parse(readFileSync(join(dir, 'node_modules', '@opentelemetry', 'api', 'package.json'), 'utf8')).version;
      } catch {
        // Not at this level.
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  let entry;
  try {
    entry = require.resolve('@opentelemetry/api');
  } catch {
    return null;
  }
  const match = PACKAGE_ROOT.exec(entry);
  if (match === null) return undefined;
  try {
    return JSON.parse(readFileSync(entry.slice(0, match.index + match[0].length) + 'package.json', 'utf8')).version;
  } catch {
    return undefined;
  }
}

function bundledCopyIsSafe() {
  if (globalThis[REGISTRY] !== undefined) return false;
  // The copy otelkit would load is the one that stamps the registry; other copies in the app meet
  // the same version either way, so only this one has to match. null: no copy at all (the api is an
  // optional peer for the preload).
  const version = installedVersion();
  return version === null || version === BUNDLED_VERSION;
}

const api = bundledCopyIsSafe() ? require('otelkit:bundled-api') : require('@opentelemetry/api');
// Each bundled module imports the api through esbuild's interop helper, which copies every own
// property of the module object into a new one as a getter (~45 modules × ~60 names at startup, and a
// getter call on every later `api.trace` in the SDK). An object with the api as its prototype has no
// own properties to copy, and lookups go straight to the api's own data properties.
module.exports = Object.create(api);
