/**
 * Prometheus text exposition (format 0.0.4) from collected OpenTelemetry metrics.
 *
 * Works on the shape the SDK's MetricReader.collect() returns, described structurally here so this
 * package needs no SDK. Names follow the specification's Prometheus compatibility rules (unit suffix,
 * `_total` on monotonic sums, sanitised names and labels); resource attributes go to `target_info`;
 * every series carries its instrumentation scope as `otel_scope_*` labels, so one name used by two
 * meters stays one family whose series differ by scope. Written for speed: one pass, scope labels
 * built once per scope, label strings once per data point and reused for every histogram bucket,
 * one join per piece of output. One implementation (`serializeSteps`) serves the synchronous form
 * and the time-sliced one the `/metrics` handler uses.
 */
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { prometheusMetricName, sanitizePrometheusLabel, warnOnce, type OtelkitMetricKind } from '@otelkit/core';
import { GAUGE, HISTOGRAM, SUM } from '../sdk-enums.js';
import { pauseIfDue } from './slice.js';


export interface PromHistogramValue {
  buckets: { boundaries: readonly number[]; counts: readonly number[] };
  sum?: number;
  count: number;
}

export interface PromMetricData {
  descriptor: { name: string; description: string; unit: string };
  /** The SDK's DataPointType: HISTOGRAM 0, EXPONENTIAL_HISTOGRAM 1, GAUGE 2, SUM 3. */
  dataPointType: number;
  isMonotonic?: boolean;
  dataPoints: ReadonlyArray<{ attributes: Attributes; value: number | PromHistogramValue | unknown }>;
}

/** An instrumentation scope: the SDK's has no attributes, a MetricProducer's may. */
export interface PromScope {
  name: string;
  version?: string;
  schemaUrl?: string;
  attributes?: Attributes;
}

export interface PromResourceMetrics {
  resource: { attributes: Attributes };
  scopeMetrics: ReadonlyArray<{ scope: PromScope; metrics: readonly PromMetricData[] }>;
}

export interface SerializeOptions {
  /** Emit `target_info` with the resource attributes (default true). */
  targetInfo?: boolean;
  /**
   * Label every series with its scope: `otel_scope_name`, `otel_scope_version`, `otel_scope_schema_url`
   * (each when not empty) and `otel_scope_<key>` per scope attribute (default true, as the specification
   * requires). Without them a name two scopes share keeps only the first scope's series.
   */
  scopeLabels?: boolean;
}

/** Content-Type of the text exposition format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const PROM_TYPE: Readonly<Record<OtelkitMetricKind, string>> = { counter: 'counter', updowncounter: 'gauge', gauge: 'gauge', histogram: 'histogram' };

function kindOf(metric: PromMetricData): OtelkitMetricKind | undefined {
  switch (metric.dataPointType) {
    case SUM:
      return metric.isMonotonic === false ? 'updowncounter' : 'counter';
    case GAUGE:
      return 'gauge';
    case HISTOGRAM:
      return 'histogram';
    default:
      return undefined;
  }
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelValue(value: AttributeValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

// Label-name sanitising is the same for every data point of a run; cache it.
const labelNames = new Map<string, string>();
function labelName(key: string): string {
  let out = labelNames.get(key);
  if (out === undefined) {
    out = sanitizePrometheusLabel(key);
    if (labelNames.size < 10_000) labelNames.set(key, out);
  }
  return out;
}

const SCOPE_PREFIX = 'otel_scope_';
const SCOPE_RESERVED = new Set(['otel_scope_name', 'otel_scope_version', 'otel_scope_schema_url']);

function isScopeLabel(scoped: boolean, key: string, name: string): boolean {
  if (!scoped || !name.startsWith(SCOPE_PREFIX)) return false;
  warnOnce(`prometheus:scope-attribute:${name}`, `attribute ${key} would become the label ${name}, which /metrics keeps for the instrumentation scope; it is left out of the series.`);
  return true;
}

/**
 * `a="x",b="y"` (no braces). With `scoped`, point attributes that would land among the scope labels
 * are dropped: a second `otel_scope_name` would make the whole scrape fail.
 */
function labelPairs(attributes: Attributes, scoped = false): string {
  let out = '';
  const keys = Object.keys(attributes);
  for (const key of keys) {
    const name = labelName(key);
    // Keys that are already label names cannot collide; the first one that is not takes the slow path.
    if (name !== key) return mergedLabelPairs(attributes, keys, scoped);
    if (isScopeLabel(scoped, key, name)) continue;
    out += `${out === '' ? '' : ','}${name}="${escapeLabel(labelValue(attributes[key]))}"`;
  }
  return out;
}

/** Keys that sanitise to one label name share it, values joined with `;` in the keys' lexicographic order (spec). */
function mergedLabelPairs(attributes: Attributes, keys: readonly string[], scoped: boolean): string {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const name = labelName(key);
    if (isScopeLabel(scoped, key, name)) continue;
    const group = groups.get(name);
    if (group === undefined) groups.set(name, [key]);
    else group.push(key);
  }
  let out = '';
  for (const [name, group] of groups) {
    const value = group.length === 1 ? labelValue(attributes[group[0]!]) : group.sort().map((k) => labelValue(attributes[k])).join(';');
    out += `${out === '' ? '' : ','}${name}="${escapeLabel(value)}"`;
  }
  return out;
}

/** The scope as labels, once per scope: name, version and schema URL when set, then its attributes. */
function scopeLabelPairs(scope: PromScope): string {
  let out = `otel_scope_name="${escapeLabel(scope.name)}"`;
  if (scope.version) out += `,otel_scope_version="${escapeLabel(scope.version)}"`;
  if (scope.schemaUrl) out += `,otel_scope_schema_url="${escapeLabel(scope.schemaUrl)}"`;
  if (scope.attributes !== undefined) {
    const prefixed: Attributes = {};
    for (const key of Object.keys(scope.attributes)) {
      if (!SCOPE_RESERVED.has(labelName(`${SCOPE_PREFIX}${key}`))) prefixed[`${SCOPE_PREFIX}${key}`] = scope.attributes[key];
    }
    const attributes = labelPairs(prefixed);
    if (attributes !== '') out += `,${attributes}`;
  }
  return out;
}

function joinLabels(point: string, scope: string): string {
  if (scope === '') return point;
  return point === '' ? scope : `${point},${scope}`;
}

interface Family {
  name: string;
  type: string;
  help: string;
  /** Finished text, PIECE_LINES lines a piece, each line ending in a newline. */
  text: string[];
  /** Lines not yet joined into `text`. */
  lines: string[];
  /** Scope labels of the metrics already in the family: a second metric with the same ones could repeat their series. */
  scopes: string[];
}

// Lines joined into one piece of text: flat strings stay alive until the end instead of tens of
// thousands of small ones (which make each young-generation GC slow). 128 lines are about 12 KB of
// histogram lines: 1,024-line pieces (~90 KB) were placed on fresh pages at every scrape, and their
// page faults made a 10k-sample scrape 3-4× slower (docs/performance.md, "Exposition pieces of
// 128 lines").
const PIECE_LINES = 128;

function addLine(family: Family, line: string): void {
  family.lines.push(line);
  if (family.lines.length >= PIECE_LINES) flushLines(family);
}

function flushLines(family: Family): void {
  if (family.lines.length === 0) return;
  family.text.push(`${family.lines.join('\n')}\n`);
  family.lines = [];
}

/**
 * The serializer's one implementation, as steps: `undefined` after each data point while families
 * are built, then the exposition text in pieces, in order. `serializePrometheus` drains it in one
 * go; `serializePrometheusChunks` drives it in time slices.
 */
function* serializeSteps(collected: PromResourceMetrics, options: SerializeOptions): Generator<string | undefined, void> {
  const families = new Map<string, Family>();
  const scoped = options.scopeLabels !== false;
  for (const { scope, metrics } of collected.scopeMetrics) {
    let scopeLabels: string | undefined; // built on the first metric that needs it
    for (const metric of metrics) {
      const kind = kindOf(metric);
      if (kind === undefined) {
        warnOnce(`prometheus:type:${metric.descriptor.name}`, `${metric.descriptor.name}: exponential histograms have no Prometheus text form; left out of /metrics.`);
        continue;
      }
      const name = prometheusMetricName(metric.descriptor.name, metric.descriptor.unit, kind);
      const type = PROM_TYPE[kind];
      scopeLabels ??= scoped ? scopeLabelPairs(scope) : '';
      const description = metric.descriptor.description;
      let family = families.get(name);
      if (family === undefined && name === 'target_info' && options.targetInfo !== false) {
        warnOnce('prometheus:target_info', `${metric.descriptor.name} of scope "${scope.name}" would print a second target_info family; it is left out of /metrics.`);
        continue;
      } else if (family === undefined) {
        family = { name, type, help: description, text: [], lines: [], scopes: [scopeLabels] };
        families.set(name, family);
      } else if (family.type !== type) {
        // One TYPE per family (spec: drop the conflicting metric, warn); the first registered stays.
        warnOnce(`prometheus:conflict:${name}`, `${name}: two instruments map to this Prometheus name with different types (${family.type}, ${type}); ${metric.descriptor.name} of scope "${scope.name}" is left out of /metrics.`);
        continue;
      } else if (family.scopes.includes(scopeLabels)) {
        // Same name and same scope labels: the two metrics' series could be identical, which fails the scrape.
        warnOnce(`prometheus:duplicate:${name}`, `${name}: two instruments of scope "${scope.name}" map to this Prometheus name; ${metric.descriptor.name} is left out of /metrics.`);
        continue;
      } else {
        family.scopes.push(scopeLabels);
        if (family.help === '') family.help = description;
        else if (description !== '' && description !== family.help) warnOnce(`prometheus:help:${name}`, `${name}: scopes describe this metric differently; /metrics shows the first description.`);
      }
      if (kind === 'histogram') {
        const base = `${name}_bucket{`;
        for (const point of metric.dataPoints) {
          const v = point.value as PromHistogramValue;
          const labels = joinLabels(labelPairs(point.attributes, scoped), scopeLabels);
          const prefix = labels === '' ? base : `${base}${labels},`;
          const { boundaries, counts } = v.buckets;
          let cumulative = 0;
          for (let i = 0; i < boundaries.length; i++) {
            cumulative += counts[i] ?? 0;
            addLine(family, `${prefix}le="${formatNumber(boundaries[i]!)}"} ${cumulative}`);
          }
          addLine(family, `${prefix}le="+Inf"} ${v.count}`);
          const braces = labels === '' ? '' : `{${labels}}`;
          // The SDK leaves the sum out when the values may be negative; so does the spec's _sum.
          if (v.sum !== undefined) addLine(family, `${name}_sum${braces} ${formatNumber(v.sum)}`);
          addLine(family, `${name}_count${braces} ${v.count}`);
          yield undefined;
        }
      } else {
        for (const point of metric.dataPoints) {
          const labels = joinLabels(labelPairs(point.attributes, scoped), scopeLabels);
          addLine(family, `${name}${labels === '' ? '' : `{${labels}}`} ${formatNumber(point.value as number)}`);
          yield undefined;
        }
      }
    }
  }
  if (options.targetInfo !== false) {
    const labels = labelPairs(collected.resource.attributes);
    yield `# HELP target_info Target metadata\n# TYPE target_info gauge\ntarget_info${labels === '' ? '' : `{${labels}}`} 1\n`;
  }
  for (const family of families.values()) {
    yield `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
    flushLines(family);
    yield* family.text;
  }
}

/** Serialize collected metrics to the Prometheus text format, in one go. */
export function serializePrometheus(collected: PromResourceMetrics, options: SerializeOptions = {}): string {
  const text: string[] = [];
  for (const step of serializeSteps(collected, options)) if (step !== undefined) text.push(step);
  return text.join('');
}

/**
 * The same bytes as `serializePrometheus`, UTF-8 encoded in pieces, built in time slices that let
 * the event loop run (`pauseIfDue`): a large scrape never blocks the app for more than a few ms at
 * a time. The pieces are what the `/metrics` handler writes; concatenated, they are the exposition.
 */
export async function serializePrometheusChunks(collected: PromResourceMetrics, options: SerializeOptions = {}): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for (const step of serializeSteps(collected, options)) {
    if (step !== undefined) chunks.push(Buffer.from(step));
    const pause = pauseIfDue();
    if (pause !== undefined) await pause;
  }
  return chunks;
}
