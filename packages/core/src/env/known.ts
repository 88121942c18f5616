/**
 * Every environment variable name otelkit knows: its own table, the OpenTelemetry SDK
 * environment-variable specification, and the upstream JavaScript ones. A name with an OTEL_ or
 * OTELKIT_ prefix outside this set is most likely mistyped (`OTEL_EXPORTER_OTLP_ENDPONT`); the
 * preload warns about it once and `otelkit doctor` lists it, each with the closest known name.
 */
import { warnOnce } from '../diag.js';
import { OTELKIT_ENV_DEFINITIONS, getEnvDefinition } from './definitions.js';
import type { OtelkitEnvSource } from './read.js';

const OTLP_KEYS = ['ENDPOINT', 'PROTOCOL', 'HEADERS', 'TIMEOUT', 'COMPRESSION', 'CERTIFICATE', 'CLIENT_KEY', 'CLIENT_CERTIFICATE', 'INSECURE'];
const BATCH_KEYS = ['SCHEDULE_DELAY', 'EXPORT_TIMEOUT', 'MAX_QUEUE_SIZE', 'MAX_EXPORT_BATCH_SIZE'];

/** Names from the specification and upstream that otelkit's own table does not list (it may not read them). */
function specificationNames(): string[] {
  return [
    // General SDK configuration, exporter selection, metrics SDK.
    'OTEL_SDK_DISABLED', 'OTEL_ENTITIES', 'OTEL_RESOURCE_ATTRIBUTES', 'OTEL_SERVICE_NAME', 'OTEL_LOG_LEVEL', 'OTEL_PROPAGATORS',
    'OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG', 'OTEL_TRACES_EXPORTER', 'OTEL_METRICS_EXPORTER', 'OTEL_LOGS_EXPORTER',
    'OTEL_METRICS_EXEMPLAR_FILTER', 'OTEL_METRIC_EXPORT_INTERVAL', 'OTEL_METRIC_EXPORT_TIMEOUT',
    'OTEL_CONFIG_FILE', 'OTEL_EXPERIMENTAL_CONFIG_FILE',
    // Batch processors and limits.
    ...BATCH_KEYS.flatMap((k) => [`OTEL_BSP_${k}`, `OTEL_BLRP_${k}`]),
    'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'OTEL_ATTRIBUTE_COUNT_LIMIT',
    'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 'OTEL_SPAN_EVENT_COUNT_LIMIT', 'OTEL_SPAN_LINK_COUNT_LIMIT',
    'OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT', 'OTEL_LINK_ATTRIBUTE_COUNT_LIMIT',
    'OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT',
    // OTLP exporter, generic and per signal, plus the deprecated per-signal insecure names.
    ...['', 'TRACES_', 'METRICS_', 'LOGS_'].flatMap((s) => OTLP_KEYS.map((k) => `OTEL_EXPORTER_OTLP_${s}${k}`)),
    'OTEL_EXPORTER_OTLP_SPAN_INSECURE', 'OTEL_EXPORTER_OTLP_METRIC_INSECURE',
    'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', 'OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION',
    // Zipkin, Prometheus, and the Jaeger exporter removed from the specification in 2023.
    'OTEL_EXPORTER_ZIPKIN_ENDPOINT', 'OTEL_EXPORTER_ZIPKIN_TIMEOUT',
    'OTEL_EXPORTER_PROMETHEUS_HOST', 'OTEL_EXPORTER_PROMETHEUS_PORT',
    'OTEL_EXPORTER_JAEGER_AGENT_HOST', 'OTEL_EXPORTER_JAEGER_AGENT_PORT', 'OTEL_EXPORTER_JAEGER_ENDPOINT',
    'OTEL_EXPORTER_JAEGER_TIMEOUT', 'OTEL_EXPORTER_JAEGER_USER', 'OTEL_EXPORTER_JAEGER_PASSWORD',
    // Semantic-convention migration, and the upstream Node.js auto-instrumentation.
    'OTEL_SEMCONV_STABILITY_OPT_IN',
    'OTEL_NODE_RESOURCE_DETECTORS', 'OTEL_NODE_ENABLED_INSTRUMENTATIONS', 'OTEL_NODE_DISABLED_INSTRUMENTATIONS',
    // Set by the OpenTelemetry Operator for Kubernetes when it injects auto-instrumentation.
    'OTEL_RESOURCE_ATTRIBUTES_POD_NAME', 'OTEL_RESOURCE_ATTRIBUTES_POD_UID', 'OTEL_RESOURCE_ATTRIBUTES_NODE_NAME', 'OTEL_NODE_IP', 'OTEL_POD_IP',
  ];
}

let known: ReadonlySet<string> | undefined;

/** Every known name. Built on first use: the startup check only needs it when an OTEL_* variable is set. */
export function knownEnvNames(): ReadonlySet<string> {
  known ??= new Set([...OTELKIT_ENV_DEFINITIONS.map((d) => d.name), ...specificationNames()]);
  return known;
}

// Three rows of the distance table, reused across calls (names are short; grown when needed).
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), giving up above `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (rows[0].length <= b.length) rows = [new Int32Array(b.length + 1), new Int32Array(b.length + 1), new Int32Array(b.length + 1)];
  let [prev2, prev, row] = rows;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, prev2[j - 2]! + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    [prev2, prev, row] = [prev, row, prev2];
  }
  return prev[b.length]!;
}

/** At most this many edits make a "did you mean": enough for a typo, few enough to stay plausible. */
const MAX_EDITS = 3;

/** The known name closest to `name` (at most three edits away), or undefined. */
export function closestEnvName(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = MAX_EDITS + 1;
  for (const candidate of knownEnvNames()) {
    const d = distance(name, candidate, Math.min(MAX_EDITS, bestDistance - 1));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** One OTEL_* or OTELKIT_* variable that no part of OpenTelemetry or otelkit reads. */
export interface OtelkitUnknownEnvVariable {
  readonly name: string;
  /** The closest known name, when one is a plausible typo away. */
  readonly suggestion: string | undefined;
}

/** Set OTEL_* and OTELKIT_* variables whose names are unknown, in name order. */
export function findUnknownEnvVariables(env: OtelkitEnvSource = process.env): OtelkitUnknownEnvVariable[] {
  const out: OtelkitUnknownEnvVariable[] = [];
  for (const name of Object.keys(env)) {
    if (!name.startsWith('OTEL_') && !name.startsWith('OTELKIT_')) continue;
    // otelkit's own table first (already built): the full set is made only for a name outside it.
    if (getEnvDefinition(name) !== undefined || knownEnvNames().has(name)) continue;
    out.push({ name, suggestion: closestEnvName(name) });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * One warning per likely typo, at startup. OTEL_* names of other tools (a deployment's own
 * OTEL_COLLECTOR_IMAGE, say) are left alone unless a known name is a typo away; OTELKIT_* is
 * otelkit's own prefix, so every unknown name there is reported.
 */
export function warnUnknownEnvVariables(env: OtelkitEnvSource = process.env): void {
  for (const { name, suggestion } of findUnknownEnvVariables(env)) {
    if (suggestion === undefined && !name.startsWith('OTELKIT_')) continue;
    const hint = suggestion === undefined ? 'see docs/configuration.md for the variables otelkit reads' : `did you mean ${suggestion}?`;
    warnOnce(`env:unknown:${name}`, `${name} is not a variable otelkit or OpenTelemetry knows and is ignored; ${hint}`);
  }
}
