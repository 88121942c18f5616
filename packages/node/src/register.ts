/**
 * The preload: `node --require @otelkit/node/register app.js` or `node --import @otelkit/node/register app.mjs`.
 * Configured only by the environment. It never throws: if otelkit cannot start, the app runs
 * uninstrumented and one warning says why.
 */
import { warnOnce } from '@otelkit/core';
import { reportCompileCache } from './lifecycle/compile-cache.js';
import { startSync } from './start.js';

try {
  startSync();
} catch (error) {
  warnOnce('register', `otelkit preload failed; the app runs uninstrumented (${(error as Error).message}).`);
}
// The CJS loader settles the code cache once this module has run (bundle/register-loader.cjs).
process.nextTick(reportCompileCache);
