/**
 * Lazy instrumentation loading. An instrumentation's code is loaded only when the app first requires
 * or imports one of its target modules, so an app that never touches mongodb never pays for the
 * mongodb instrumentation. Startup then costs one small hook instead of ~40 packages.
 *
 * CommonJS: a wrapper around Module.prototype.require sees the request before the module loads,
 * activates the instrumentation (which installs its own require hook outside ours), then re-enters
 * the now outermost require so that the fresh hook patches the module on this very call.
 * ESM: one import-in-the-middle hook on all target names activates the instrumentation, and
 * import-in-the-middle replays already-loaded modules to hooks added later, so the module being
 * imported is patched before the importer sees it.
 */
import Module, { createRequire } from 'node:module';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { warnOnce, diagLog } from '@otelkit/core';
import type { InstrumentationCatalogEntry } from './types.js';

/**
 * Creates the instrumentation object for a catalog entry (or several that load together); returns
 * undefined when it can't be loaded.
 */
export type InstrumentationFactory = (entry: InstrumentationCatalogEntry) => Instrumentation | readonly Instrumentation[] | undefined;

interface LazyState {
  /** Module name → entries still waiting for it. */
  pending: Map<string, InstrumentationCatalogEntry[]>;
  active: Instrumentation[];
  factory: InstrumentationFactory;
  restoreRequire: (() => void) | undefined;
  esmHook: { unhook(): void } | undefined;
  restoreGlobals: (() => void)[];
}

let state: LazyState | undefined;

/** The bare package name of a require/import specifier, or undefined for relative and absolute paths. */
function packageOf(request: string): string | undefined {
  const first = request.charCodeAt(0);
  if (first === 46 /* . */ || first === 47 /* / */) return undefined;
  const id = request.startsWith('node:') ? request.slice(5) : request;
  const slash = id.indexOf('/');
  if (slash < 0) return id;
  if (id.charCodeAt(0) === 64 /* @ */) {
    const second = id.indexOf('/', slash + 1);
    return second < 0 ? id : id.slice(0, second);
  }
  // Built-in subpaths such as dns/promises and fs/promises are targets of their own.
  return state?.pending.has(id) === true ? id : id.slice(0, slash);
}

/** Load one entry's instrumentation and drop the entry from every trigger it waited on. */
function activateEntry(s: LazyState, entry: InstrumentationCatalogEntry, trigger: string): void {
  let waiting = false;
  for (const name of [...entry.modules, ...(EXTRA_MODULE_TRIGGERS[entry.name] ?? [])]) {
    const list = s.pending.get(name);
    if (list === undefined || !list.includes(entry)) continue;
    waiting = true;
    const rest = list.filter((e) => e !== entry);
    if (rest.length === 0) s.pending.delete(name);
    else s.pending.set(name, rest);
  }
  if (!waiting) return;
  if (addActive(s, s.factory(entry))) diagLog('debug', `loaded instrumentation ${entry.name} on first use of ${trigger}`);
}

function addActive(s: LazyState, made: Instrumentation | readonly Instrumentation[] | undefined): boolean {
  if (made === undefined) return false;
  const list = Array.isArray(made) ? (made as readonly Instrumentation[]) : [made as Instrumentation];
  for (const instrumentation of list) guardPatches(instrumentation);
  s.active.push(...list);
  return true;
}

type PatchFn = (exports: unknown, version?: string) => unknown;
interface PatchTarget {
  patch?: PatchFn;
  files?: PatchTarget[];
}

/**
 * Upstream calls a module definition's patch() from inside the app's require (or import) with no
 * try/catch, so a module whose shape the instrumentation does not expect (a fork, a stub, a major
 * version it does not know) would crash the app on that require (RELIABILITY C8). Each patch is
 * wrapped: on a throw the module is returned as loaded, un-instrumented, with one warning.
 */
function guardPatches(instrumentation: Instrumentation): void {
  // `_modules` is the list the hooks patch from (getModuleDefinitions() would build a fresh one).
  const definitions = (instrumentation as { _modules?: PatchTarget[] })._modules;
  if (!Array.isArray(definitions)) return;
  const name = instrumentation.instrumentationName;
  const guard = (target: PatchTarget, moduleName: string): void => {
    const patch = target.patch;
    if (typeof patch !== 'function') return;
    target.patch = function otelkitGuardedPatch(this: unknown, exports: unknown, version?: string): unknown {
      try {
        return patch.call(this, exports, version);
      } catch (error) {
        warnOnce(`patch:${name}:${moduleName}`, `${name} could not instrument ${moduleName}${version === undefined ? '' : `@${version}`} (${(error as Error)?.message ?? String(error)}); it is used un-instrumented.`);
        return exports;
      }
    };
  };
  for (const definition of definitions) {
    const moduleName = (definition as { name?: string }).name ?? 'a module';
    guard(definition, moduleName);
    for (const file of definition.files ?? []) guard(file, moduleName);
  }
}

function activate(moduleName: string): void {
  const s = state;
  const entries = s?.pending.get(moduleName);
  if (s === undefined || entries === undefined) return;
  for (const entry of [...entries]) activateEntry(s, entry, moduleName);
}

function installRequireHook(): () => void {
  const proto = Module.prototype as unknown as { require: (this: unknown, id: string) => unknown };
  const original = proto.require;
  const wrapper = function lazyInstrumentationRequire(this: unknown, id: string): unknown {
    const s = state;
    if (s !== undefined && s.pending.size > 0 && typeof id === 'string') {
      const name = packageOf(id);
      if (name !== undefined && s.pending.has(name)) {
        activate(name);
        // Re-enter through whatever require is outermost now, so the new hooks see this load.
        if (proto.require !== wrapper) return proto.require.call(this, id);
      }
    }
    return original.call(this, id);
  };
  proto.require = wrapper;
  return () => {
    if (proto.require === wrapper) proto.require = original;
  };
}

type IitmHook = (loadUrl: string, namespace: unknown, specifier: string, format?: string) => void;

/** Package name of a loaded module's URL: `node:http` → http, `.../node_modules/@a/b/x.js` → @a/b. */
function packageOfUrl(loadUrl: string): string | undefined {
  if (loadUrl.startsWith('node:')) return loadUrl.slice(5);
  const at = loadUrl.lastIndexOf('/node_modules/');
  if (at < 0) return loadUrl.includes(':') ? undefined : loadUrl;
  const rest = loadUrl.slice(at + 14).split('/');
  return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

function installEsmHook(): { unhook(): void } | undefined {
  try {
    const req = createRequire(__filename);
    const iitm = req('import-in-the-middle') as { addHook(hook: IitmHook): void; removeHook(hook: IitmHook): void };
    const { importHooks } = req('import-in-the-middle/lib/register.js') as { importHooks: IitmHook[] };
    const hook: IitmHook = (loadUrl, namespace, specifier, format) => {
      const s = state;
      if (s === undefined || s.pending.size === 0) return;
      const name = packageOfUrl(loadUrl);
      if (name === undefined || !s.pending.has(name)) return;
      const before = importHooks.length;
      activate(name);
      // import-in-the-middle iterates a snapshot of its hooks, so the hooks the instrumentation
      // just added would miss the module being loaded right now: hand it to them directly.
      for (const added of importHooks.slice(before)) added(loadUrl, namespace, specifier, format);
    };
    iitm.addHook(hook);
    return { unhook: () => iitm.removeHook(hook) };
  } catch (error) {
    warnOnce('lazy:esm', `ESM instrumentation is unavailable (${(error as Error).message}); CommonJS modules are still instrumented.`);
    return undefined;
  }
}

/**
 * Instrumentations of built-in globals rather than modules: loaded on the first read of the global.
 * undici covers the built-in fetch, which Node itself loads only on first use.
 */
const GLOBAL_TRIGGERS: Readonly<Record<string, string>> = { undici: 'fetch' };
/**
 * Modules that also trigger an entry, beyond the catalog's: the undici package itself; and for
 * Express, finalhandler. An ES module's `import express` reaches the import hook only after Express
 * has loaded its own dependencies; finalhandler is the first of them that the Express hooks patch
 * (framework-exceptions.ts), so loading them there puts them in place for it and what follows.
 */
const EXTRA_MODULE_TRIGGERS: Readonly<Record<string, readonly string[]>> = { undici: ['undici'], express: ['finalhandler'] };

/**
 * Replace a global data property by a one-shot getter that loads the instrumentation, puts the
 * original property back unchanged and returns the original value.
 */
function installGlobalTrigger(name: string, entry: InstrumentationCatalogEntry, s: LazyState): boolean {
  const holder = globalThis as Record<string, unknown>;
  const original = Object.getOwnPropertyDescriptor(holder, name);
  if (original === undefined || !('value' in original) || original.configurable !== true) return false;
  const restore = (): void => {
    Object.defineProperty(holder, name, original);
  };
  Object.defineProperty(holder, name, {
    configurable: true,
    enumerable: original.enumerable ?? false,
    get() {
      restore();
      if (state === s) activateEntry(s, entry, name);
      return original.value as unknown;
    },
    set(value: unknown) {
      restore();
      holder[name] = value;
    },
  });
  s.restoreGlobals.push(() => {
    const current = Object.getOwnPropertyDescriptor(holder, name);
    if (current !== undefined && 'get' in current) restore();
  });
  return true;
}

/**
 * Start lazy loading for the given entries. Entries without target modules are loaded now.
 * @returns the instrumentations active so far (the array grows as modules load).
 */
export function startLazyInstrumentations(
  entries: readonly InstrumentationCatalogEntry[],
  factory: InstrumentationFactory,
  options: { esm: boolean },
): Instrumentation[] {
  stopLazyInstrumentations();
  const s: LazyState = { pending: new Map(), active: [], factory, restoreRequire: undefined, esmHook: undefined, restoreGlobals: [] };
  state = s;
  for (const entry of entries) {
    const triggers = [...entry.modules, ...(EXTRA_MODULE_TRIGGERS[entry.name] ?? [])];
    const global = GLOBAL_TRIGGERS[entry.name];
    const lazyGlobal = global !== undefined && installGlobalTrigger(global, entry, s);
    if (!lazyGlobal && entry.modules.length === 0) {
      addActive(s, factory(entry));
      continue;
    }
    for (const name of triggers) {
      const list = s.pending.get(name);
      if (list === undefined) s.pending.set(name, [entry]);
      else list.push(entry);
    }
  }
  if (s.pending.size > 0) {
    s.restoreRequire = installRequireHook();
    if (options.esm) s.esmHook = installEsmHook();
  }
  return s.active;
}

/** Remove the hooks and disable every instrumentation loaded so far. */
export function stopLazyInstrumentations(): void {
  const s = state;
  if (s === undefined) return;
  state = undefined;
  s.restoreRequire?.();
  s.esmHook?.unhook();
  for (const restore of s.restoreGlobals) restore();
  for (const instrumentation of s.active) {
    try {
      instrumentation.disable();
    } catch {
      // Disabling is best effort at shutdown.
    }
  }
}

/** Names of the target modules still waiting for their first load (for diagnostics and tests). */
export function pendingInstrumentationModules(): string[] {
  return state === undefined ? [] : [...state.pending.keys()];
}
