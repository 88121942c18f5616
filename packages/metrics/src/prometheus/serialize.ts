/**
 * Prometheus text exposition (format 0.0.4) from collected OpenTelemetry metrics.
 *
 * Works on the shape the SDK's MetricReader.collect() returns, described structurally here so this
 * package needs no SDK. Names follow the specification's Prometheus compatibility rules (unit suffix,
 * `_total` on monotonic sums, sanitised names and labels); resource attributes go to `target_info`.
 * Written for speed: one pass, label strings built once per data point and reused for every
 * histogram bucket, one join at the end.
 */
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { prometheusMetricName, sanitizePrometheusLabel, warnOnce, type OtelkitMetricKind } from '@otelkit/core';

/** DataPointType values of the SDK. */
const HISTOGRAM = 0;
const GAUGE = 2;
const SUM = 3;

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

export interface PromResourceMetrics {
  resource: { attributes: Attributes };
  scopeMetrics: ReadonlyArray<{ scope: { name: string; version?: string }; metrics: readonly PromMetricData[] }>;
}

export interface SerializeOptions {
  /** Emit `target_info` with the resource attributes (default true). */
  targetInfo?: boolean;
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

/** `a="x",b="y"` (no braces), merging keys that sanitise to the same label name with `;`, as the spec says. */
function labelPairs(attributes: Attributes): string {
  let out = '';
  let merged: Map<string, string> | undefined;
  const keys = Object.keys(attributes);
  for (const key of keys) {
    const name = labelName(key);
    if (name !== key && keys.some((k) => k !== key && labelName(k) === name)) {
      merged ??= new Map();
      const prev = merged.get(name);
      merged.set(name, prev === undefined ? labelValue(attributes[key]) : `${prev};${labelValue(attributes[key])}`);
      continue;
    }
    out += `${out === '' ? '' : ','}${name}="${escapeLabel(labelValue(attributes[key]))}"`;
  }
  if (merged !== undefined) for (const [name, value] of merged) out += `${out === '' ? '' : ','}${name}="${escapeLabel(value)}"`;
  return out;
}

interface Family {
  name: string;
  kind: OtelkitMetricKind;
  help: string;
  lines: string[];
}

/** Serialize collected metrics to the Prometheus text format. */
export function serializePrometheus(collected: PromResourceMetrics, options: SerializeOptions = {}): string {
  const families = new Map<string, Family>();
  for (const scope of collected.scopeMetrics) {
    for (const metric of scope.metrics) {
      const kind = kindOf(metric);
      if (kind === undefined) {
        warnOnce(`prometheus:type:${metric.descriptor.name}`, `${metric.descriptor.name}: exponential histograms have no Prometheus text form; left out of /metrics.`);
        continue;
      }
      const name = prometheusMetricName(metric.descriptor.name, metric.descriptor.unit, kind);
      let family = families.get(name);
      if (family === undefined) {
        family = { name, kind, help: metric.descriptor.description, lines: [] };
        families.set(name, family);
      } else if (family.kind !== kind) {
        warnOnce(`prometheus:conflict:${name}`, `${name}: two instruments map to this Prometheus name with different types; the second is left out of /metrics.`);
        continue;
      }
      const lines = family.lines;
      if (kind === 'histogram') {
        const base = `${name}_bucket{`;
        for (const point of metric.dataPoints) {
          const v = point.value as PromHistogramValue;
          const labels = labelPairs(point.attributes);
          const prefix = labels === '' ? base : `${base}${labels},`;
          const { boundaries, counts } = v.buckets;
          let cumulative = 0;
          for (let i = 0; i < boundaries.length; i++) {
            cumulative += counts[i] ?? 0;
            lines.push(`${prefix}le="${formatNumber(boundaries[i]!)}"} ${cumulative}`);
          }
          lines.push(`${prefix}le="+Inf"} ${v.count}`);
          const braces = labels === '' ? '' : `{${labels}}`;
          lines.push(`${name}_sum${braces} ${formatNumber(v.sum ?? 0)}`, `${name}_count${braces} ${v.count}`);
        }
      } else {
        for (const point of metric.dataPoints) {
          const labels = labelPairs(point.attributes);
          lines.push(`${name}${labels === '' ? '' : `{${labels}}`} ${formatNumber(point.value as number)}`);
        }
      }
    }
  }
  const out: string[] = [];
  if (options.targetInfo !== false) {
    const labels = labelPairs(collected.resource.attributes);
    out.push('# HELP target_info Target metadata', '# TYPE target_info gauge', `target_info${labels === '' ? '' : `{${labels}}`} 1`);
  }
  for (const family of families.values()) {
    out.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${PROM_TYPE[family.kind]}`);
    for (const line of family.lines) out.push(line);
  }
  out.push('');
  return out.join('\n');
}
