/**
 * Build-time fixes to upstream code that is bundled into dist/ (see tsup.config.ts). Each one names
 * the exact text it replaces and fails the build when that text is gone, so an SDK upgrade can't
 * drop a fix silently.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

interface SourcePatch {
  /** Why the change is made, for the build log of a failure. */
  reason: string;
  file: RegExp;
  from: string;
  to: string;
}

const PATCHES: SourcePatch[] = [
  {
    // isAnyValue() creates a WeakSet (for cycle detection) before it looks at the value, so every
    // string or number attribute of every span allocated one: ~1.4 kB per HTTP server span.
    // Only objects and arrays can hold a cycle, so only they get the set.
    reason: 'a WeakSet per attribute value in @opentelemetry/core isAnyValue()',
    file: /[\\/]@opentelemetry[\\/]core[\\/]dist[\\/]common[\\/]attributes\.mjs$/,
    from: 'return isAnyValueInternal(val, /* @__PURE__ */ new WeakSet());',
    to: "return typeof val === 'object' && val !== null ? isAnyValueInternal(val, new WeakSet()) : isAnyValueInternal(val, undefined);",
  },
  // The tracer counts started and live spans (otel.sdk.span.*) through a meter that, unless a
  // meterProvider is given to the TracerProvider, is the no-op one; it still built an attributes
  // object per span, and a second one plus a closure per recording span. Without a meter provider
  // the tracer now skips that bookkeeping (the default provider is marked, the tracer checks it).
  {
    reason: 'span-count bookkeeping against a no-op meter in @opentelemetry/sdk-trace TracerProvider',
    file: /[\\/]@opentelemetry[\\/]sdk-trace[\\/]dist[\\/]TracerProvider\.mjs$/,
    from: 'meterProvider: options.meterProvider ?? { getMeter() {',
    to: 'meterProvider: options.meterProvider ?? { otelkitNoMeter: true, getMeter() {',
  },
  {
    reason: 'span-count bookkeeping against a no-op meter in @opentelemetry/sdk-trace Tracer',
    file: /[\\/]@opentelemetry[\\/]sdk-trace[\\/]dist[\\/]Tracer\.mjs$/,
    from: 'this._tracerMetrics = new TracerMetrics(meter);',
    to: 'this._tracerMetrics = options.meterProvider.otelkitNoMeter === true ? { end() {}, startSpan() { return this.end; } } : new TracerMetrics(meter);',
  },
];

export function sdkPatches(): Plugin {
  return {
    name: 'otelkit-sdk-patches',
    setup(build) {
      for (const patch of PATCHES) {
        build.onLoad({ filter: patch.file }, async (args) => {
          const source = await readFile(args.path, 'utf8');
          if (!source.includes(patch.from)) {
            throw new Error(`sdk-patches: ${args.path} no longer contains the code fixed for ${patch.reason}; review the patch against the new version.`);
          }
          return { contents: source.replace(patch.from, patch.to), loader: 'js' };
        });
      }
    },
  };
}
