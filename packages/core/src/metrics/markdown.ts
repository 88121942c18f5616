/** Renders docs/metrics.md from the metric catalog (a test fails when the committed file drifts). */
import { OTELKIT_METRIC_CATALOG, prometheusNameOf, type OtelkitMetricDefinition, type OtelkitMetricGroup } from './catalog.js';

const GROUP_TITLES: Readonly<Record<OtelkitMetricGroup, string>> = {
  http: 'HTTP (RED)',
  runtime: 'Runtime',
  queue: 'Job queues (`instrumentQueue`)',
  semaphore: 'Semaphores (`trackSemaphore`)',
  pool: 'Connection pools (`observePool`)',
  cache: 'Caches (`instrumentCache`)',
  'rate-limit': 'Rate limits (`trackRateLimit`)',
  sdk: 'The SDK\'s own pipeline (`otel.sdk.*`)',
};

const PROM_TYPE = { counter: 'counter', updowncounter: 'gauge', gauge: 'gauge', histogram: 'histogram' } as const;

function attributes(d: OtelkitMetricDefinition): string {
  if (d.attributes.length === 0) return '';
  const optional = new Set(d.optionalAttributes ?? []);
  return d.attributes.map((a) => (optional.has(a) ? `\`${a}\`?` : `\`${a}\``)).join(', ');
}

function row(d: OtelkitMetricDefinition): string {
  const profiles = d.profiles.length === 2 ? 'both' : d.profiles[0] === 'semconv' ? 'semconv' : 'classic';
  const buckets = d.buckets === undefined ? '' : d.buckets.join(', ');
  const note = d.recordedBy === undefined ? d.description : `${d.description} Recorded by ${d.recordedBy}.`;
  return `| \`${d.name}\` | \`${prometheusNameOf(d)}\` | ${PROM_TYPE[d.kind]} | \`${d.unit || ' '}\` | ${profiles} | ${attributes(d)} | ${buckets} | ${note.replace(/\|/g, '\\|')} |`;
}

export function renderMetricsMarkdown(): string {
  const lines = [
    '# Metric catalog',
    '',
    '<!-- Generated from packages/core/src/metrics/catalog.ts by `npm run docs`. Do not edit by hand. -->',
    '',
    'Every instrument otelkit emits. The OpenTelemetry name is what OTLP carries; the Prometheus name is what `/metrics` shows',
    '(unit suffix and `_total` added by the specification\'s Prometheus compatibility rules). Histograms carry explicit bucket',
    'boundaries in their unit\'s scale. `OTELKIT_METRICS_PROFILE` picks the naming profile (`semconv`, the default, or',
    '`prometheus-classic`); domain and SDK instruments are the same in both. Attributes marked `?` are present only when they apply.',
    'On `/metrics` every series also carries its instrumentation scope as `otel_scope_name` and `otel_scope_version`',
    '(`@otelkit/metrics`, or `@otelkit/node` for `otel.sdk.*`, and the otelkit version).',
    '',
    'The names below are the defaults. An app whose dashboards and alerts already query names of their own renames the HTTP server',
    'and domain instruments recorded by otelkit (not runtime, SDK or upstream-recorded ones): `OTELKIT_METRICS_NAMESPACE` prefixes',
    'them, `OTELKIT_METRICS_NAMES`, `OTELKIT_METRICS_LABELS` and `OTELKIT_METRICS_LABEL_VALUES` name instruments, labels and',
    'values by the OpenTelemetry names and attributes of this catalog (or the `metricNaming` option of `start()`). Give the mixin',
    'the same naming; see [@otelkit/metrics](../packages/metrics/README.md#your-own-metric-names).',
    '',
  ];
  const groups = [...new Set(OTELKIT_METRIC_CATALOG.map((d) => d.group))];
  for (const group of groups) {
    lines.push(`## ${GROUP_TITLES[group]}`, '', '| name | Prometheus | type | unit | profile | attributes | buckets | description |', '|---|---|---|---|---|---|---|---|');
    for (const d of OTELKIT_METRIC_CATALOG) if (d.group === group) lines.push(row(d));
    lines.push('');
  }
  return lines.join('\n');
}
