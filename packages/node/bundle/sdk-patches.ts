/**
 * Build-time fixes to upstream code that is bundled into dist/ (see tsup.config.ts). Each one names
 * the exact text it replaces and fails the build when that text is gone, so an SDK upgrade can't
 * drop a fix silently.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

interface SourcePatch {
  /** Short name, for OTELKIT_SDK_PATCHES_SKIP (below). */
  id: string;
  /** Why the change is made, for the build log of a failure. */
  reason: string;
  file: RegExp;
  /** [exact text, replacement] pairs, each applied once. */
  edits: Array<[from: string, to: string]>;
}

const PATCHES: SourcePatch[] = [
  {
    // isAnyValue() creates a WeakSet (for cycle detection) before it looks at the value, so every
    // string or number attribute of every span allocated one: ~1.4 kB per HTTP server span.
    // Only objects and arrays can hold a cycle, so only they get the set.
    id: 'attribute-weakset',
    reason: 'a WeakSet per attribute value in @opentelemetry/core isAnyValue()',
    file: /[\\/]@opentelemetry[\\/]core[\\/]dist[\\/]common[\\/]attributes\.mjs$/,
    edits: [['return isAnyValueInternal(val, /* @__PURE__ */ new WeakSet());', "return typeof val === 'object' && val !== null ? isAnyValueInternal(val, new WeakSet()) : isAnyValueInternal(val, undefined);"]],
  },
  // The tracer counts started and live spans (otel.sdk.span.*) through a meter that, unless a
  // meterProvider is given to the TracerProvider, is the no-op one; it still built an attributes
  // object per span, and a second one plus a closure per recording span. Without a meter provider
  // the tracer now skips that bookkeeping (the default provider is marked, the tracer checks it).
  {
    id: 'no-meter',
    reason: 'span-count bookkeeping against a no-op meter in @opentelemetry/sdk-trace TracerProvider',
    file: /[\\/]@opentelemetry[\\/]sdk-trace[\\/]dist[\\/]TracerProvider\.mjs$/,
    edits: [['meterProvider: options.meterProvider ?? { getMeter() {', 'meterProvider: options.meterProvider ?? { otelkitNoMeter: true, getMeter() {']],
  },
  {
    id: 'no-meter',
    reason: 'span-count bookkeeping against a no-op meter in @opentelemetry/sdk-trace Tracer',
    file: /[\\/]@opentelemetry[\\/]sdk-trace[\\/]dist[\\/]Tracer\.mjs$/,
    edits: [['this._tracerMetrics = new TracerMetrics(meter);', 'this._tracerMetrics = options.meterProvider.otelkitNoMeter === true ? { end() {}, startSpan() { return this.end; } } : new TracerMetrics(meter);']],
  },
  {
    // The default start time is Date.now() as an HrTime; _getTime() first compared it with
    // performance.now() (a native call) to tell it from a performance timestamp, which it never is.
    id: 'span-start-time',
    reason: 'a needless performance.now() in the @opentelemetry/sdk-trace Span constructor',
    file: /[\\/]@opentelemetry[\\/]sdk-trace[\\/]dist[\\/]Span\.mjs$/,
    edits: [['\t\tthis.startTime = this._getTime(opts.startTime ?? now);\n', '\t\tthis.startTime = opts.startTime == null ? millisToHrTime(now) : this._getTime(opts.startTime);\n']],
  },
  {
    // otelkitStartSpan (Tracer, below) has counted the attributes already.
    id: 'lean-span-start',
    reason: 'a second attribute count in the @opentelemetry/sdk-trace Span constructor',
    file: /[\\/]@opentelemetry[\\/]sdk-trace[\\/]dist[\\/]Span\.mjs$/,
    edits: [['\t\tthis._attributesCount = Object.keys(this.attributes).length;\n', '\t\tthis._attributesCount = opts.attributesCount ?? Object.keys(this.attributes).length;\n']],
  },
  // For a request the sampler lets record, the server instrumentation has already taken the
  // decision (dropped() in src/instrumentations/http-server.ts: same sampler, same trace id) and
  // built the attributes. startSpan() would check suppression, sample a second time, map the links
  // and clean the attributes twice (~0.5 µs and ~0.3 kB per request); this starts the same span from
  // what is known, or returns undefined when a value or the count is over its limit, and the caller
  // then goes through startSpan() and setAttributes() as before.
  {
    id: 'lean-span-start',
    reason: 'a second sampling decision and attribute cleaning for the HTTP server span in @opentelemetry/sdk-trace Tracer',
    file: /[\\/]@opentelemetry[\\/]sdk-trace[\\/]dist[\\/]Tracer\.mjs$/,
    edits: [
      [
        '\tstartActiveSpan(name, arg2, arg3, arg4) {\n',
        '\totelkitStartSpan(name, kind, context, parentSpanContext, spanContext, attributes) {\n\t\tconst limits = this._spanLimits;\n\t\tconst maxLength = limits.attributeValueLengthLimit;\n\t\tlet count = 0;\n\t\tfor (const key in attributes) {\n\t\t\tconst value = attributes[key];\n\t\t\tif (typeof value === "string" && value.length > maxLength) return void 0;\n\t\t\tcount++;\n\t\t}\n\t\tif (count > limits.attributeCountLimit) return void 0;\n\t\tconst decision = (spanContext.traceFlags & api.TraceFlags.SAMPLED) !== 0 ? api.SamplingDecision.RECORD_AND_SAMPLED : api.SamplingDecision.RECORD;\n\t\treturn new SpanImpl({ resource: this._resource, scope: this.instrumentationScope, context, spanContext, name, kind, links: void 0, parentSpanContext, attributes, attributesCount: count, droppedAttributesCount: 0, startTime: void 0, spanProcessor: this._spanProcessor, spanLimits: this._spanLimits, recordEndMetrics: this._tracerMetrics.startSpan(parentSpanContext, decision) });\n\t}\n\tstartActiveSpan(name, arg2, arg3, arg4) {\n',
      ],
    ],
  },
];

/**
 * The patches to apply: all of them, but those whose ids OTELKIT_SDK_PATCHES_SKIP lists (comma
 * separated), a build-time switch that measures what one patch buys against a build without it.
 */
function selectedPatches(): SourcePatch[] {
  const skip = new Set((process.env['OTELKIT_SDK_PATCHES_SKIP'] ?? '').split(',').map((id) => id.trim()).filter(Boolean));
  const unknown = [...skip].filter((id) => !PATCHES.some((p) => p.id === id));
  if (unknown.length > 0) throw new Error(`sdk-patches: OTELKIT_SDK_PATCHES_SKIP names no patch: ${unknown.join(', ')}`);
  return PATCHES.filter((p) => !skip.has(p.id));
}

export function sdkPatches(): Plugin {
  const patches = selectedPatches();
  return {
    name: 'otelkit-sdk-patches',
    setup(build) {
      // esbuild hands a file to the first onLoad callback whose filter matches it, so one callback
      // per file applies every patch of that file.
      const files = new Map<string, RegExp>();
      for (const patch of patches) files.set(patch.file.source, patch.file);
      for (const file of files.values()) {
        build.onLoad({ filter: file }, async (args) => {
          let source = await readFile(args.path, 'utf8');
          for (const patch of patches.filter((p) => p.file.test(args.path))) {
            for (const [from, to] of patch.edits) {
              if (!source.includes(from)) {
                throw new Error(`sdk-patches: ${args.path} no longer contains the code fixed for ${patch.reason}; review the patch against the new version.`);
              }
              source = source.replace(from, to);
            }
          }
          return { contents: source, loader: 'js' };
        });
      }
    },
  };
}
