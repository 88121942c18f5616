/** Which instrumentations run, and how each is constructed. */
import { createRequire } from 'node:module';
import type { Instrumentation, InstrumentationConfig } from '@opentelemetry/instrumentation';
import { warnOnce } from '@otelkit/core';
import { INSTRUMENTATION_CATALOG } from './catalog.generated.js';
import type { InstrumentationCatalogEntry } from './types.js';
import { bundledHttpInstrumentation } from './instrumentation-api.js';

/**
 * Off unless named in OTEL_NODE_ENABLED_INSTRUMENTATIONS: fs and host-metrics (as upstream: noisy or
 * costly), runtime-node (runtime metrics belong to the metrics pipeline), aws-lambda outside Lambda,
 * net and dns (a tcp.connect or dns.lookup span under every client call is noise for most teams), and
 * router (on Express 5 it repeats every middleware span the express instrumentation already makes).
 */
const OFF_BY_DEFAULT = new Set(['fs', 'host-metrics', 'runtime-node', 'aws-lambda', 'net', 'dns', 'router']);

/** Accept `express` as well as the full `@opentelemetry/instrumentation-express`. */
function shortName(name: string): string {
  return name.trim().replace(/^@opentelemetry\/instrumentation-/, '');
}

/**
 * Apply the enabled and disabled lists to the catalog. Unknown names get one warning each.
 * Precedence: 1. disabled list, 2. enabled list (when given, only those), 3. defaults.
 */
export function selectInstrumentations(
  enabled: readonly string[] | undefined,
  disabled: readonly string[] | undefined,
  source: { enabled: string; disabled: string },
): InstrumentationCatalogEntry[] {
  const known = new Set(INSTRUMENTATION_CATALOG.map((e) => e.name));
  const check = (list: readonly string[] | undefined, variable: string): Set<string> | undefined => {
    if (list === undefined) return undefined;
    const names = new Set<string>();
    for (const raw of list) {
      const name = shortName(raw);
      if (known.has(name)) names.add(name);
      else warnOnce(`instr:unknown:${variable}:${name}`, `${variable} names unknown instrumentation ${JSON.stringify(raw)}; it is ignored.`);
    }
    return names;
  };
  const on = check(enabled, source.enabled);
  const off = check(disabled, source.disabled) ?? new Set<string>();
  const inLambda = process.env['AWS_LAMBDA_FUNCTION_NAME'] !== undefined;
  return INSTRUMENTATION_CATALOG.filter((entry) => {
    if (off.has(entry.name)) return false;
    if (on !== undefined) return on.has(entry.name);
    if (entry.name === 'aws-lambda') return inLambda;
    return !OFF_BY_DEFAULT.has(entry.name);
  });
}

// Instrumentation packages are resolved from the upstream meta-package, which pins a coherent set.
let fromCatalog: NodeJS.Require | undefined;
function catalogRequire(): NodeJS.Require {
  if (fromCatalog === undefined) {
    const local = createRequire(__filename);
    fromCatalog = createRequire(local.resolve('@opentelemetry/auto-instrumentations-node'));
  }
  return fromCatalog;
}

/** Per-instrumentation configuration overrides, keyed by short name. */
export type InstrumentationConfigMap = Readonly<Record<string, InstrumentationConfig | undefined>>;

/** Build an instrumentation object, or warn once and return undefined when its package fails to load. */
export function createInstrumentation(entry: InstrumentationCatalogEntry, config: InstrumentationConfig): Instrumentation | undefined {
  try {
    // The preload's build carries the HTTP client instrumentation; the others load from the catalog.
    const exported = ((entry.name === 'http' ? bundledHttpInstrumentation() : undefined) ?? catalogRequire()(entry.pkg)) as Record<string, new (config: InstrumentationConfig) => Instrumentation>;
    const Klass = exported[entry.className];
    if (typeof Klass !== 'function') throw new Error(`${entry.pkg} has no export ${entry.className}`);
    return new Klass(config);
  } catch (error) {
    warnOnce(`instr:load:${entry.name}`, `instrumentation ${entry.name} could not be loaded (${(error as Error).message}); ${entry.modules.join(', ') || 'its target'} runs uninstrumented.`);
    return undefined;
  }
}
