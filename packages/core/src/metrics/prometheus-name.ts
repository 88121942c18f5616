/**
 * OpenTelemetry metric name + unit + kind → Prometheus metric name, per the specification's
 * Prometheus compatibility rules: invalid characters become `_`, the unit is spelled out and
 * appended (`s` → `_seconds`, `By` → `_bytes`, `1` on gauges → `_ratio`, `{request}` dropped), and
 * monotonic counters end in `_total`.
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

/** The name Prometheus users see for an instrument (histograms add `_bucket`/`_sum`/`_count` to it). */
export function prometheusMetricName(name: string, unit: string, kind: OtelkitMetricKind): string {
  let out = sanitizePrometheusName(name);
  if (kind === 'counter' && out.endsWith('_total')) out = out.slice(0, -'_total'.length);
  const suffix = prometheusUnitSuffix(unit, kind);
  if (suffix !== '' && !out.endsWith(`_${suffix}`)) out = `${out}_${suffix}`;
  if (kind === 'counter') out = `${out}_total`;
  return out.replace(/_{2,}/g, '_');
}
