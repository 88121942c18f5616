/** What otelkit's own instrumentations patch: a module's exports, CommonJS or an ES module namespace. */
export type Exports = Record<string | symbol, unknown>;
export type Fn = (this: unknown, ...args: unknown[]) => unknown;

/** The prototype of the class a module exports (its default export for an ES module namespace), if it exports one. */
export function exportedPrototype(moduleExports: Exports): Record<string, unknown> | undefined {
  const klass: unknown = moduleExports[Symbol.toStringTag] === 'Module' ? moduleExports['default'] : moduleExports;
  const proto = typeof klass === 'function' ? (klass as { prototype?: unknown }).prototype : undefined;
  return typeof proto === 'object' && proto !== null ? (proto as Record<string, unknown>) : undefined;
}
