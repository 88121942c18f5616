/**
 * Instruments made from the metric catalog, and re-made when the global MeterProvider changes.
 *
 * `@opentelemetry/api` has no proxy for meters: a meter taken before the SDK registers its provider
 * stays a no-op forever. Domain instruments are often created at module load, before `start()` runs,
 * so each handle checks the global provider (one call and a compare) and rebuilds its instruments
 * when it changed.
 */
import { metrics, ValueType, type Attributes, type Meter, type MeterProvider, type Observable } from '@opentelemetry/api';
import { OTELKIT_VERSION, getEnvString, metricDefinition, warnOnce, type OtelkitMetricDefinition, type OtelkitMetricsProfile } from '@otelkit/core';

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

function options(def: OtelkitMetricDefinition): { description: string; unit: string; valueType: ValueType; advice?: { explicitBucketBoundaries: number[] } } {
  return {
    description: def.description,
    unit: def.unit,
    valueType: ValueType.DOUBLE,
    ...(def.buckets === undefined ? {} : { advice: { explicitBucketBoundaries: [...def.buckets] } }),
  };
}

/** Synchronous instrument for a catalog entry. */
export function createInstrument(meter: Meter, name: string): { add(value: number, attributes?: Attributes): void; record(value: number, attributes?: Attributes): void } {
  const def = metricDefinition(name);
  switch (def.kind) {
    case 'counter': {
      const c = meter.createCounter(def.name, options(def));
      return { add: (v, a) => c.add(v, a), record: (v, a) => c.add(v, a) };
    }
    case 'updowncounter': {
      const c = meter.createUpDownCounter(def.name, options(def));
      return { add: (v, a) => c.add(v, a), record: (v, a) => c.add(v, a) };
    }
    case 'histogram': {
      const h = meter.createHistogram(def.name, options(def));
      return { add: (v, a) => h.record(v, a), record: (v, a) => h.record(v, a) };
    }
    case 'gauge': {
      const g = meter.createGauge(def.name, options(def));
      return { add: (v, a) => g.record(v, a), record: (v, a) => g.record(v, a) };
    }
  }
}

/** Observable instrument for a catalog entry (gauges, up-down counters and counters that are read, not counted). */
export function createObservable(meter: Meter, name: string): Observable {
  const def = metricDefinition(name);
  switch (def.kind) {
    case 'counter':
      return meter.createObservableCounter(def.name, options(def));
    case 'updowncounter':
      return meter.createObservableUpDownCounter(def.name, options(def));
    case 'gauge':
      return meter.createObservableGauge(def.name, options(def));
    case 'histogram':
      throw new Error(`${name} is a histogram and cannot be observed`);
  }
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
