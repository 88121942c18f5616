/**
 * Instruments made from the metric catalog, and re-made when the global MeterProvider changes.
 *
 * `@opentelemetry/api` has no proxy for meters: a meter taken before the SDK registers its provider
 * stays a no-op forever. Domain instruments are often created at module load, before `start()` runs,
 * so each handle checks the global provider (one call and a compare) and rebuilds its instruments
 * when it changed.
 */
import { metrics, ValueType, type Attributes, type BatchObservableResult, type Meter, type MeterProvider, type Observable } from '@opentelemetry/api';
import {
  OTELKIT_VERSION,
  createMetricNamer,
  getEnvString,
  metricDefinition,
  readMetricNaming,
  warnOnce,
  type OtelkitMetricNamer,
  type OtelkitMetricNaming,
  type OtelkitMetricsProfile,
  type OtelkitNamedInstrument,
} from '@otelkit/core';

export const METER_NAME = '@otelkit/metrics';

/** The naming profile from `OTELKIT_METRICS_PROFILE` (read once; invalid values warn and use `semconv`). */
let profile: OtelkitMetricsProfile | undefined;
export function metricsProfile(): OtelkitMetricsProfile {
  profile ??= getEnvString('OTELKIT_METRICS_PROFILE') as OtelkitMetricsProfile;
  return profile;
}
/** For start() options and tests. */
export function setMetricsProfile(value: OtelkitMetricsProfile | undefined): void {
  profile = value;
}

/**
 * The naming start() set, shared through a global so that every copy of this package (the one
 * bundled into the preload and the app's own) names alike; else the environment's
 * (OTELKIT_METRICS_NAMESPACE, _NAMES, _LABELS, _LABEL_VALUES, read once; bad entries warn and keep
 * the catalog's names).
 */
const NAMING_KEY = Symbol.for('otelkit.metrics.naming.v1');
type NamingState = { naming: OtelkitMetricNaming | undefined };
const shared = ((globalThis as Record<symbol, NamingState | undefined>)[NAMING_KEY] ??= { naming: undefined });
let fromEnv: OtelkitMetricNamer | undefined;
let cached: { naming: OtelkitMetricNaming; namer: OtelkitMetricNamer } | undefined;
export function metricNamer(): OtelkitMetricNamer {
  const { naming } = shared;
  if (naming === undefined) return (fromEnv ??= createMetricNamer(readMetricNaming()));
  if (cached?.naming !== naming) cached = { naming, namer: createMetricNamer(naming) };
  return cached.namer;
}
/**
 * For start() options and tests: instruments built from now on (and those rebuilt when the global
 * MeterProvider changes) use this naming. `undefined` goes back to the environment's.
 */
export function setMetricNaming(naming: OtelkitMetricNaming | undefined): void {
  shared.naming = naming;
  fromEnv = undefined;
}

/** The catalog entry under the current naming. */
export function namedInstrument(name: string): OtelkitNamedInstrument {
  return metricNamer().instrument(metricDefinition(name));
}

function options(def: OtelkitNamedInstrument['definition'], unit: string): { description: string; unit: string; valueType: ValueType; advice?: { explicitBucketBoundaries: number[] } } {
  return {
    description: def.description,
    unit,
    valueType: ValueType.DOUBLE,
    ...(def.buckets === undefined ? {} : { advice: { explicitBucketBoundaries: [...def.buckets] } }),
  };
}

/** A synchronous instrument of the catalog, recorded with the catalog's attribute keys. */
export interface CatalogInstrument {
  add(value: number, attributes?: Attributes): void;
  record(value: number, attributes?: Attributes): void;
}

/** Synchronous instrument for a catalog entry, named by the current naming (attributes renamed as it says). */
export function createInstrument(meter: Meter, name: string): CatalogInstrument {
  const named = namedInstrument(name);
  const def = named.definition;
  const opts = options(def, named.unit);
  let write: (value: number, attributes?: Attributes) => void;
  switch (def.kind) {
    case 'counter': {
      const c = meter.createCounter(named.name, opts);
      write = (v, a) => c.add(v, a);
      break;
    }
    case 'updowncounter': {
      const c = meter.createUpDownCounter(named.name, opts);
      write = (v, a) => c.add(v, a);
      break;
    }
    case 'histogram': {
      const h = meter.createHistogram(named.name, opts);
      write = (v, a) => h.record(v, a);
      break;
    }
    case 'gauge': {
      const g = meter.createGauge(named.name, opts);
      write = (v, a) => g.record(v, a);
      break;
    }
  }
  const map = named.mapAttributes;
  if (map !== undefined) {
    const plain = write;
    write = (v, a) => plain(v, a === undefined ? a : map(a));
  }
  return { add: write, record: write };
}

/** An observable instrument of the catalog, observed with the catalog's attribute keys. */
export interface CatalogObservable {
  readonly observable: Observable;
  observe(result: BatchObservableResult, value: number, attributes: Attributes): void;
}

/** Observable instrument for a catalog entry (gauges, up-down counters and counters that are read, not counted). */
export function createObservable(meter: Meter, name: string): CatalogObservable {
  const named = namedInstrument(name);
  const def = named.definition;
  const opts = options(def, named.unit);
  let observable: Observable;
  switch (def.kind) {
    case 'counter':
      observable = meter.createObservableCounter(named.name, opts);
      break;
    case 'updowncounter':
      observable = meter.createObservableUpDownCounter(named.name, opts);
      break;
    case 'gauge':
      observable = meter.createObservableGauge(named.name, opts);
      break;
    case 'histogram':
      throw new Error(`${name} is a histogram and cannot be observed`);
  }
  const map = named.mapAttributes;
  return {
    observable,
    observe: map === undefined ? (r, v, a) => r.observe(observable, v, a) : (r, v, a) => r.observe(observable, v, map(a)),
  };
}

/**
 * Holds instruments built by `build` for the current global MeterProvider and rebuilds them when
 * the provider changes. `dispose` undoes what `build` registered (observable callbacks).
 */
export class ProviderBound<T> {
  private provider: MeterProvider | undefined;
  private value: T | undefined;
  constructor(
    private readonly build: (meter: Meter) => T,
    private readonly dispose?: (value: T) => void,
  ) {}

  get(): T {
    const current = metrics.getMeterProvider();
    if (current !== this.provider || this.value === undefined) {
      if (this.value !== undefined) this.dispose?.(this.value);
      this.provider = current;
      this.value = this.build(current.getMeter(METER_NAME, OTELKIT_VERSION));
    }
    return this.value;
  }

  /** Drop the instruments (and their callbacks). */
  close(): void {
    if (this.value !== undefined) this.dispose?.(this.value);
    this.value = undefined;
    this.provider = undefined;
  }
}

/**
 * A measurement that can be recorded: finite, and not negative for counters (RELIABILITY M5).
 * Invalid values are dropped with one warning per instrument per minute.
 */
export function validValue(instrument: string, value: number, allowNegative = true): boolean {
  if (typeof value === 'number' && Number.isFinite(value) && (allowNegative || value >= 0)) return true;
  warnOnce(`metrics:value:${instrument}`, `${instrument}: dropped the invalid value ${String(value)} (must be a finite number${allowNegative ? '' : ', not negative'}).`);
  return false;
}
