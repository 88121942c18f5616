/**
 * OpenTelemetry metric name + unit + kind → Prometheus metric name, per the specification's
 * Prometheus compatibility rules: invalid characters become `_`, the unit is spelled out and
 * appended (`s` → `_seconds`, `By` → `_bytes`, `1` on gauges → `_ratio`, `{request}` dropped), and
 * monotonic counters end in `_total`.
 *
 * One rule goes beyond the specification, which says nothing of names that end in a suffix Prometheus
 * gives to the samples of another type: a family that is not a histogram never ends in `_count`,
 * `_sum` or `_bucket`, and one that is not a counter never ends in `_total`. Such a name reads as a
 * part of a histogram or counter it is not: `promtool check metrics` rejects it ("non-histogram and
 * non-summary metrics should not have "_count" suffix"), and OpenMetrics reserves those suffixes. The
 * suffix is taken off, as the Prometheus Java client does with reserved suffixes, so the semantic
 * conventions' `db.client.connection.count` (an up-down counter, unit `{connection}`) is served as
 * `db_client_connection`.
 */

/** How an instrument is exposed: the Prometheus type follows from it. */
export type OtelkitMetricKind = 'counter' | 'updowncounter' | 'histogram' | 'gauge';

const UNIT_WORDS: Readonly<Record<string, string>> = {
  d: 'days', h: 'hours', min: 'minutes', s: 'seconds', ms: 'milliseconds', us: 'microseconds', ns: 'nanoseconds',
  By: 'bytes', KiBy: 'kibibytes', MiBy: 'mebibytes', GiBy: 'gibibytes', TiBy: 'tibibytes',
  KBy: 'kilobytes', MBy: 'megabytes', GBy: 'gigabytes', TBy: 'terabytes',
  m: 'meters', V: 'volts', A: 'amperes', J: 'joules', W: 'watts', g: 'grams', Cel: 'celsius', Hz: 'hertz', '%': 'percent',
};
const PER_WORDS: Readonly<Record<string, string>> = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week', mo: 'month', y: 'year' };

/** Characters Prometheus metric names allow are `[a-zA-Z0-9_:]`; anything else becomes `_`. */
export function sanitizePrometheusName(name: string): string {
  let out = name.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/_{2,}/g, '_');
  if (/^[0-9]/.test(out)) out = `_${out}`;
  return out;
}

/** Label names allow `[a-zA-Z0-9_]` and must not start with a digit. */
export function sanitizePrometheusLabel(name: string): string {
  let out = name.replace(/[^a-zA-Z0-9_]/g, '_').replace(/_{2,}/g, '_');
  if (/^[0-9]/.test(out)) out = `_${out}`;
  return out;
}

/** The unit's Prometheus suffix, or '' when it has none (annotations such as `{request}`, or `1` outside gauges). */
export function prometheusUnitSuffix(unit: string, kind: OtelkitMetricKind): string {
  const bare = unit.replace(/\{[^}]*\}/g, '').trim();
  if (bare === '') return '';
  if (bare === '1') return kind === 'gauge' || kind === 'updowncounter' ? 'ratio' : '';
  const slash = bare.indexOf('/');
  if (slash >= 0) {
    const num = bare.slice(0, slash);
    const den = bare.slice(slash + 1);
    const numWord = num === '' || num === '1' ? '' : (UNIT_WORDS[num] ?? num);
    const denWord = PER_WORDS[den] ?? UNIT_WORDS[den] ?? den;
    return sanitizePrometheusName(numWord === '' ? `per_${denWord}` : `${numWord}_per_${denWord}`);
  }
  return sanitizePrometheusName(UNIT_WORDS[bare] ?? bare);
}

/** Suffixes that belong to the samples of another type, by the kinds allowed to end in them. */
const RESERVED_SUFFIXES: ReadonlyArray<readonly [string, ReadonlySet<OtelkitMetricKind>]> = [
  ['_count', new Set<OtelkitMetricKind>(['histogram'])],
  ['_sum', new Set<OtelkitMetricKind>(['histogram'])],
  ['_bucket', new Set<OtelkitMetricKind>(['histogram'])],
  ['_total', new Set<OtelkitMetricKind>(['counter'])],
];

/** Take off, repeatedly, a trailing suffix the kind does not own (`x_count` gauge → `x`); a name that would be left empty stays. */
function withoutReservedSuffix(name: string, kind: OtelkitMetricKind): string {
  let out = name;
  for (let changed = true; changed; ) {
    changed = false;
    for (const [suffix, owners] of RESERVED_SUFFIXES) {
      if (!owners.has(kind) && out.endsWith(suffix) && out.length > suffix.length && !/^_*$/.test(out.slice(0, -suffix.length))) {
        out = out.slice(0, -suffix.length);
        changed = true;
      }
    }
  }
  return out;
}

/** The name Prometheus users see for an instrument (histograms add `_bucket`/`_sum`/`_count` to it). */
export function prometheusMetricName(name: string, unit: string, kind: OtelkitMetricKind): string {
  let out = sanitizePrometheusName(name);
  if (kind === 'counter' && out.endsWith('_total')) out = out.slice(0, -'_total'.length);
  const suffix = prometheusUnitSuffix(unit, kind);
  if (suffix !== '' && !out.endsWith(`_${suffix}`)) out = `${out}_${suffix}`;
  out = out.replace(/_{2,}/g, '_');
  // A counter's name ends in `_total` whatever came before it; other kinds must not end in a suffix they don't own.
  return kind === 'counter' ? `${out}_total` : withoutReservedSuffix(out, kind);
}
