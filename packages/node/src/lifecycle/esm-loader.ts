/**
 * Registers the import-in-the-middle loader so ES modules can be instrumented. It must run before
 * the app's first import, which is why only the preload (or a start() in an --import file) can do it.
 * Only the instrumentations' target modules are wrapped, so other imports pay nothing.
 */
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { diagLog, warnOnce } from '@otelkit/core';

const REGISTERED = Symbol.for('otelkit.esm-loader.v1');
const holder = globalThis as unknown as Record<symbol, boolean | undefined>;

/** Register the loader once per process. Returns false when it could not be registered. */
export function registerEsmLoader(include: readonly string[]): boolean {
  if (holder[REGISTERED] === true) return true;
  const req = createRequire(__filename);
  try {
    const { supportsSyncHooks } = req('import-in-the-middle/supports-sync-hooks.mjs') as { supportsSyncHooks: () => boolean };
    if (supportsSyncHooks()) {
      // In-thread hooks (module.registerHooks): no loader thread, no message channel.
      const hooks = req('import-in-the-middle/register-hooks.mjs') as { register(options: { include: string[] }): void };
      hooks.register({ include: [...include] });
      diagLog('debug', 'ESM instrumentation: synchronous loader hooks registered');
    } else {
      const hookUrl = pathToFileURL(req.resolve('import-in-the-middle/hook.mjs'));
      register(hookUrl, pathToFileURL(__filename), { data: { include: [...include] } });
      diagLog('debug', 'ESM instrumentation: loader thread registered');
    }
    holder[REGISTERED] = true;
    return true;
  } catch (error) {
    warnOnce('esm-loader', `ESM modules will not be instrumented: the loader hook could not be registered (${(error as Error).message}).`);
    return false;
  }
}
