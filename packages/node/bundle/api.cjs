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
const BUNDLED_VERSION = require('otelkit:bundled-api-version');

const REGISTRY = Symbol.for('opentelemetry.js.api.1');
const PACKAGE_ROOT = /[\\/]@opentelemetry[\\/]api[\\/]/;

/** Version of the api copy that `require('@opentelemetry/api')` from `dir` would load; null if none. */
function installedVersion(dir) {
  let entry;
  try {
    entry = require.resolve('@opentelemetry/api', { paths: [dir] });
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
  const version = installedVersion(__dirname);
  return version === null || version === BUNDLED_VERSION;
}

module.exports = bundledCopyIsSafe() ? require('otelkit:bundled-api') : require('@opentelemetry/api');
