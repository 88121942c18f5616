/**
 * Metric naming chosen by the app: a namespace, and per-instrument names, labels and label values,
 * so a service serves the exact names its existing dashboards and alerts query
 * (`autonomos_job_queue_depth`, `autonomos_api_requests_total{status_code}`). One naming drives the
 * instruments (OTLP and `/metrics` carry the chosen names) and the mixin (its rules and dashboards
 * query them), so the three cannot drift apart.
 *
 * Only the HTTP server and domain instruments otelkit records (queues, semaphores, pools, caches,
 * rate limits) are renamed: runtime and SDK metrics keep their conventional names, which shared
 * dashboards expect, and instruments an upstream instrumentation records (HTTP client durations)
 * keep the names it gives them.
 */
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { OtelkitError } from '../errors.js';
import { getMetricDefinition, OTELKIT_METRIC_CATALOG, type OtelkitMetricDefinition, type OtelkitMetricGroup } from './catalog.js';
import { prometheusMetricName, sanitizePrometheusLabel, sanitizePrometheusName } from './prometheus-name.js';

/**
 * How the app names otelkit's HTTP and domain metrics. Every field is optional; `{}` keeps the
 * catalog's names.
 * @example
 * { namespace: 'autonomos', names: { 'job.processed': 'jobs' }, labels: { 'job.status': 'status' } }
 * // job.queue.depth → autonomos_job_queue_depth, job.processed → autonomos_jobs_total{status}
 */
export interface OtelkitMetricNaming {
  /**
   * Prefix of every HTTP and domain instrument: `autonomos` serves `job.queue.depth` as
   * `autonomos_job_queue_depth` (OTLP name `autonomos.job.queue.depth`).
   */
  readonly namespace?: string;
  /**
   * Names by catalog instrument, written as Prometheus shows them without the type suffix
   * (counters still get `_total`, histograms `_bucket`, `_sum` and `_count`) and placed under the
   * namespace: `{ 'job.duration': 'job_duration_seconds' }`. The unit is not appended: write it
   * when the name should carry it.
   */
  readonly names?: Readonly<Record<string, string>>;
  /**
   * Label names by attribute, for every instrument (`'queue.name': 'queue'`) or for one
   * (`'http_requests:status': 'status_code'`; the instrument-scoped entry wins).
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Label values by attribute value, for every instrument (`'pool.state:used': 'active'`) or for
   * one (`'pool.connections:pool.state:used': 'active'`).
   */
  readonly labelValues?: Readonly<Record<string, string>>;
}

/** How one catalog instrument is created and recorded under a naming. */
export interface OtelkitNamedInstrument {
  readonly definition: OtelkitMetricDefinition;
  /** OpenTelemetry instrument name. */
  readonly name: string;
  /** Instrument unit ('' when a chosen name leaves the unit word out, so no suffix is added). */
  readonly unit: string;
  /** The name Prometheus shows (histograms add `_bucket`/`_sum`/`_count`). */
  readonly prometheusName: string;
  /** Catalog attributes → the named ones; undefined when the instrument keeps its attributes. */
  readonly mapAttributes: ((attributes: Attributes) => Attributes) | undefined;
  /** The Prometheus label of one of the catalog's attributes. */
  label(attribute: string): string;
  /** The label value a catalog attribute value is recorded as. */
  value(attribute: string, value: string): string;
}

/** A resolved naming: lookups for instruments, labels and values. */
export interface OtelkitMetricNamer {
  /** The naming it was made from, checked and frozen. */
  readonly naming: Readonly<OtelkitMetricNaming>;
  /** True when nothing is renamed. */
  readonly identity: boolean;
  instrument(definition: OtelkitMetricDefinition): OtelkitNamedInstrument;
}

/** Groups whose instruments a naming may rename. */
export const RENAMEABLE_METRIC_GROUPS: readonly OtelkitMetricGroup[] = Object.freeze(['http', 'queue', 'semaphore', 'pool', 'cache', 'rate-limit']);
const RENAMEABLE = new Set<OtelkitMetricGroup>(RENAMEABLE_METRIC_GROUPS);

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:.]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** One rejected entry of a naming: where (`names.job.processed`) and why. */
export interface OtelkitNamingProblem {
  readonly field: string;
  readonly message: string;
}

/** otelkit records it (an upstream instrumentation names its own instruments) and it is an HTTP or domain one. */
const isRenameable = (d: OtelkitMetricDefinition): boolean => RENAMEABLE.has(d.group) && d.recordedBy === undefined;

function renameable(instrument: string): OtelkitMetricDefinition | undefined {
  const d = getMetricDefinition(instrument);
  return d !== undefined && isRenameable(d) ? d : undefined;
}

const ATTRIBUTES = new Set(OTELKIT_METRIC_CATALOG.filter(isRenameable).flatMap((d) => d.attributes));

/** `[instrument:]attribute`, checked against the catalog; undefined (with a problem) when unknown. */
function scopedAttribute(key: string): { instrument?: string; attribute: string } | string {
  const colon = key.indexOf(':');
  if (colon < 0) return ATTRIBUTES.has(key) ? { attribute: key } : `no HTTP or domain instrument has the attribute ${JSON.stringify(key)}`;
  const instrument = key.slice(0, colon);
  const attribute = key.slice(colon + 1);
  const d = renameable(instrument);
  if (d === undefined) return `${JSON.stringify(instrument)} is not an HTTP or domain instrument of the catalog`;
  return d.attributes.includes(attribute) ? { instrument, attribute } : `${instrument} has no attribute ${JSON.stringify(attribute)}`;
}

/**
 * Check a naming; entries that cannot be honoured are left out and reported, one problem each.
 * Names that two instruments would share are reported too (the second keeps its own name).
 */
export function normalizeMetricNaming(naming: OtelkitMetricNaming | undefined): { naming: Readonly<OtelkitMetricNaming>; problems: OtelkitNamingProblem[] } {
  const problems: OtelkitNamingProblem[] = [];
  const out: { namespace?: string; names: Record<string, string>; labels: Record<string, string>; labelValues: Record<string, string> } = { names: {}, labels: {}, labelValues: {} };
  if (naming === undefined || naming === null) return { naming: Object.freeze(out), problems };
  if (typeof naming !== 'object') return { naming: Object.freeze(out), problems: [{ field: 'naming', message: 'must be an object' }] };
  const { namespace } = naming;
  if (namespace !== undefined && namespace !== '') {
    if (typeof namespace === 'string' && NAME.test(namespace)) out.namespace = namespace;
    else problems.push({ field: 'namespace', message: `must be a metric name prefix ([a-zA-Z_:][a-zA-Z0-9_:.]*), got ${JSON.stringify(namespace)}` });
  }
  const entries = (field: string, value: unknown): Array<[string, unknown]> => {
    if (value === undefined || value === null) return [];
    if (typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ field, message: 'must be an object of strings' });
      return [];
    }
    return Object.entries(value as Record<string, unknown>);
  };
  const taken = new Map<string, string>();
  for (const [instrument, name] of entries('names', naming.names)) {
    const field = `names.${instrument}`;
    if (renameable(instrument) === undefined) problems.push({ field, message: 'not an HTTP or domain instrument of the catalog' });
    else if (typeof name !== 'string' || !NAME.test(name)) problems.push({ field, message: `must be a metric name ([a-zA-Z_:][a-zA-Z0-9_:.]*), got ${JSON.stringify(name)}` });
    else if (taken.has(sanitizePrometheusName(name))) problems.push({ field, message: `${JSON.stringify(name)} is already the name of ${taken.get(sanitizePrometheusName(name))}` });
    else {
      taken.set(sanitizePrometheusName(name), instrument);
      out.names[instrument] = name;
    }
  }
  for (const [key, label] of entries('labels', naming.labels)) {
    const field = `labels.${key}`;
    const scoped = scopedAttribute(key);
    if (typeof scoped === 'string') problems.push({ field, message: scoped });
    else if (typeof label !== 'string' || !LABEL.test(label) || label.startsWith('__')) problems.push({ field, message: `must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __), got ${JSON.stringify(label)}` });
    else out.labels[key] = label;
  }
  for (const [key, value] of entries('labelValues', naming.labelValues)) {
    const field = `labelValues.${key}`;
    const cut = key.lastIndexOf(':');
    const scoped = cut < 0 ? 'must be attribute:value or instrument:attribute:value' : scopedAttribute(key.slice(0, cut));
    if (typeof scoped === 'string') problems.push({ field, message: scoped });
    else if (typeof value !== 'string' || value === '') problems.push({ field, message: `must be a non-empty string, got ${JSON.stringify(value)}` });
    else out.labelValues[key] = value;
  }
  dropCollisions(out, problems);
  return { naming: Object.freeze({ ...out, names: Object.freeze(out.names), labels: Object.freeze(out.labels), labelValues: Object.freeze(out.labelValues) }), problems };
}

/**
 * For explicit calls (start() options, the mixin): the checked naming, or an
 * `OTELKIT_ERR_INVALID_OPTION` naming the first bad entry.
 */
export function assertMetricNaming(naming: OtelkitMetricNaming | undefined, option: string): Readonly<OtelkitMetricNaming> {
  const { naming: checked, problems } = normalizeMetricNaming(naming);
  const first = problems[0];
  if (first !== undefined) throw new OtelkitError('OTELKIT_ERR_INVALID_OPTION', `option "${option}.${first.field}": ${first.message}`);
  return checked;
}

function joinNamespace(namespace: string | undefined, name: string, separator: string): string {
  return namespace === undefined ? name : `${namespace}${separator}${name}`;
}

/**
 * Resolve a naming (checked with {@link normalizeMetricNaming}; entries with problems are skipped).
 * Lookups are cached per instrument.
 */
export function createMetricNamer(naming?: OtelkitMetricNaming): OtelkitMetricNamer {
  return namerOf(normalizeMetricNaming(naming).naming);
}

/**
 * Entries that would make two series families share a Prometheus name, or give one instrument two
 * labels of the same name, break the scrape: each such entry is reported and dropped, until none is left.
 */
function dropCollisions(out: { names: Record<string, string>; labels: Record<string, string> }, problems: OtelkitNamingProblem[]): void {
  // Without names or labels nothing can collide (and startup skips the scan of the catalog).
  if (Object.keys(out.names).length + Object.keys(out.labels).length === 0) return;
  for (;;) {
    const culprit = firstCollision(out);
    if (culprit === undefined) return;
    problems.push({ field: culprit.field, message: culprit.message });
    culprit.drop();
  }
}

/** The first entry that makes a collision (only entries can: the catalog's own names never collide within a profile). */
function firstCollision(out: { names: Record<string, string>; labels: Record<string, string> }): { field: string; message: string; drop: () => void } | undefined {
  const namer = namerOf(out);
  const owners = new Map<string, string>();
  for (const d of OTELKIT_METRIC_CATALOG) {
    const named = namer.instrument(d);
    for (const profile of d.profiles) {
      const other = owners.get(`${profile} ${named.prometheusName}`);
      const key = [d.name, other].find((k) => k !== undefined && out.names[k] !== undefined);
      if (other !== undefined && key !== undefined) return { field: `names.${key}`, message: `gives ${named.prometheusName} to both ${other} and ${d.name}`, drop: () => delete out.names[key] };
      owners.set(`${profile} ${named.prometheusName}`, d.name);
    }
    const labels = new Map<string, string>();
    for (const a of d.attributes) {
      const label = named.label(a);
      const first = labels.get(label);
      // The entry to drop is one that renames (an entry giving an attribute its own default label changes nothing).
      const renames = (k: string, attribute: string): boolean => out.labels[k] !== undefined && out.labels[k] !== sanitizePrometheusLabel(attribute);
      const key = first === undefined ? undefined : ([[`${d.name}:${a}`, a], [a, a], [`${d.name}:${first}`, first], [first, first]] as const).find(([k, attribute]) => renames(k, attribute))?.[0];
      if (key !== undefined) return { field: `labels.${key}`, message: `gives ${d.name} two ${label} labels (${first} and ${a})`, drop: () => delete out.labels[key] };
      labels.set(label, a);
    }
  }
  return undefined;
}

function namerOf(normalized: Readonly<OtelkitMetricNaming>): OtelkitMetricNamer {
  const { namespace } = normalized;
  const names = normalized.names ?? {};
  const labels = normalized.labels ?? {};
  const labelValues = normalized.labelValues ?? {};
  const identity = namespace === undefined && Object.keys(names).length + Object.keys(labels).length + Object.keys(labelValues).length === 0;
  const cache = new Map<OtelkitMetricDefinition, OtelkitNamedInstrument>();

  const build = (d: OtelkitMetricDefinition): OtelkitNamedInstrument => {
    const renamed = isRenameable(d);
    const chosen = renamed ? names[d.name] : undefined;
    let name = d.name;
    let unit = d.unit;
    if (chosen !== undefined) {
      name = joinNamespace(namespace, chosen, '_');
      // The chosen name is what Prometheus shows: a unit that would add a word to it is left off.
      if (prometheusMetricName(name, unit, d.kind) !== prometheusMetricName(name, '', d.kind)) unit = '';
    } else if (renamed) name = joinNamespace(namespace, d.name, '.');
    const keyOf = (attribute: string): string => (renamed ? (labels[`${d.name}:${attribute}`] ?? labels[attribute]) : undefined) ?? attribute;
    const label = (attribute: string): string => sanitizePrometheusLabel(keyOf(attribute));
    const valueMaps = new Map<string, Map<string, string>>();
    if (renamed) {
      for (const [key, v] of Object.entries(labelValues)) {
        const cut = key.lastIndexOf(':');
        const scope = key.slice(0, cut);
        const colon = scope.indexOf(':');
        const instrument = colon < 0 ? undefined : scope.slice(0, colon);
        const attribute = colon < 0 ? scope : scope.slice(colon + 1);
        if ((instrument !== undefined && instrument !== d.name) || !d.attributes.includes(attribute)) continue;
        const map = valueMaps.get(attribute) ?? new Map<string, string>();
        // Instrument-scoped entries are applied last, so they win over the general ones.
        if (instrument !== undefined || !map.has(key.slice(cut + 1))) map.set(key.slice(cut + 1), v);
        valueMaps.set(attribute, map);
      }
    }
    const value = (attribute: string, v: string): string => valueMaps.get(attribute)?.get(v) ?? v;
    const keysChange = d.attributes.some((a) => keyOf(a) !== a);
    const mapAttributes =
      !keysChange && valueMaps.size === 0
        ? undefined
        : (attributes: Attributes): Attributes => {
            const out: Attributes = {};
            for (const key in attributes) {
              let v: AttributeValue | undefined = attributes[key];
              const map = valueMaps.get(key);
              if (map !== undefined && typeof v === 'string') v = map.get(v) ?? v;
              out[keyOf(key)] = v;
            }
            return out;
          };
    return { definition: d, name, unit, prometheusName: prometheusMetricName(name, unit, d.kind), mapAttributes, label, value };
  };

  return {
    naming: normalized,
    identity,
    instrument(definition) {
      let found = cache.get(definition);
      if (found === undefined) cache.set(definition, (found = build(definition)));
      return found;
    },
  };
}

/** The catalog's names under no naming (the defaults). */
export const DEFAULT_METRIC_NAMER: OtelkitMetricNamer = createMetricNamer();
