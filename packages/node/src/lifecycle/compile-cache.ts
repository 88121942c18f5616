/**
 * Diagnostics of the preload's code cache. dist/register.cjs (bundle/register-loader.cjs) loads the
 * bundle through it before any of otelkit runs, so it leaves what happened on a global for this.
 */
import { diagLog, warnOnce } from '@otelkit/core';

interface CompileCacheState {
  status: 'off' | 'miss' | 'hit' | 'rejected' | 'written' | 'rewritten' | 'unwritable' | 'error';
  file: string | undefined;
  /** OTELKIT_COMPILE_CACHE was set: a failure is the user's to hear about. */
  custom: boolean;
  error: string | undefined;
}

const STATE = Symbol.for('otelkit.compileCache');

/** One debug line; one warning when a folder the user named cannot be used (the default's failure is expected on read-only installs). */
export function reportCompileCache(): void {
  const state = (globalThis as Record<symbol, CompileCacheState | undefined>)[STATE];
  if (state === undefined) return;
  if ((state.status === 'unwritable' || state.status === 'error') && state.custom) {
    warnOnce('compile-cache', `OTELKIT_COMPILE_CACHE: the preload's code cache ${state.file ?? ''} cannot be used (${state.error ?? 'unknown error'}); the preload compiles its code at every start.`);
    return;
  }
  diagLog('debug', `preload code cache: ${state.status}${state.file === undefined ? '' : ` (${state.file})`}${state.error === undefined ? '' : `: ${state.error}`}`);
}
