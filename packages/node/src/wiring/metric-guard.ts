/**
 * Measurements are checked before the SDK sees them (RELIABILITY M5). sdk-metrics 3.x drops only
 * negative counter and histogram values (with a diag line each time, not rate-limited): NaN and
 * ±Infinity go into the sums, and a counter that once added NaN exports NaN from then on. Here every
 * instrument of every meter (MeterProvider.getMeter is wrapped, so the global API, @otelkit/metrics
 * and the app's own instruments all come through) drops a non-finite value, and a negative one where
 * the instrument must not go down, with one warning per instrument per minute. A non-finite number
 * as an attribute value becomes its text (`"NaN"`): the series then reads the same over OTLP/JSON
 * (where NaN has no literal) as over protobuf and in /metrics.
 */
import type {
  Attributes,
  BatchObservableCallback,
  Meter,
  Observable,
  ObservableCallback,
  ObservableResult,
} from '@opentelemetry/api';
import { validValue } from '@otelkit/metrics';

/** The attributes, or a copy with non-finite number values as text; the same object when all are fine. */
export function finiteAttributes(attributes: Attributes | undefined): Attributes | undefined {
  if (attributes === undefined) return undefined;
  let copy: Attributes | undefined;
  for (const key in attributes) {
    const value = attributes[key];
    if (typeof value === 'number' && !Number.isFinite(value)) (copy ??= { ...attributes })[key] = String(value);
  }
  return copy ?? attributes;
}

type Record3 = (value: number, attributes?: Attributes, context?: unknown) => void;

/** Whether measurements are taken: false while the app turned metrics off (OtelkitHandle.setSignalEnabled). */
export interface MeasurementSwitch {
  readonly metrics: boolean;
}
const ALWAYS_ON: MeasurementSwitch = { metrics: true };

/** A sync instrument whose `method` (add or record) drops invalid values, and every value while metrics are off. */
function guardSync<T extends object>(inner: T, name: string, method: 'add' | 'record', allowNegative: boolean, on: MeasurementSwitch): T {
  const call = (inner as unknown as Record<string, Record3>)[method]!.bind(inner);
  const guarded = Object.create(inner) as Record<string, Record3>;
  guarded[method] = (value, attributes, context) => {
    if (on.metrics && validValue(name, value, allowNegative)) call(value, finiteAttributes(attributes), context);
  };
  return guarded as unknown as T;
}

function guardResult(result: ObservableResult, name: string, allowNegative: boolean): ObservableResult {
  return {
    observe: (value: number, attributes?: Attributes) => {
      if (validValue(name, value, allowNegative)) result.observe(value, finiteAttributes(attributes));
    },
  };
}

/** An observable whose callbacks see a result that drops invalid values, and are not called while metrics are off. Still the SDK's instrument by prototype, for batch callbacks. */
function guardObservable<T extends Observable>(inner: T, name: string, allowNegative: boolean, on: MeasurementSwitch): T {
  const wrapped = new WeakMap<ObservableCallback, ObservableCallback>();
  const guarded = Object.create(inner) as Observable;
  guarded.addCallback = (callback) => {
    if (typeof callback !== 'function') return inner.addCallback(callback);
    let wrapper = wrapped.get(callback);
    if (wrapper === undefined) {
      wrapper = (result) => (on.metrics ? callback(guardResult(result, name, allowNegative)) : undefined);
      wrapped.set(callback, wrapper);
    }
    inner.addCallback(wrapper);
  };
  guarded.removeCallback = (callback) => inner.removeCallback(wrapped.get(callback) ?? callback);
  return guarded as T;
}

const OBSERVABLE_RULES = new WeakMap<Observable, [name: string, allowNegative: boolean]>();

/**
 * The meter with every instrument guarded. `onCreate` hears the name of each instrument created
 * (metrics.ts tells app instruments from its own background figures with it). `on` is read at
 * each measurement and each collection.
 */
export function guardMeter(meter: Meter, onCreate: (name: string) => void, on: MeasurementSwitch = ALWAYS_ON): Meter {
  const guarded = Object.create(meter) as Meter;
  const observable = <T extends Observable>(make: () => T, name: string, allowNegative: boolean): T => {
    const made = guardObservable(make(), name, allowNegative, on);
    OBSERVABLE_RULES.set(made, [name, allowNegative]);
    return made;
  };
  guarded.createCounter = (name, options) => (onCreate(name), guardSync(meter.createCounter(name, options), name, 'add', false, on));
  guarded.createUpDownCounter = (name, options) => (onCreate(name), guardSync(meter.createUpDownCounter(name, options), name, 'add', true, on));
  guarded.createHistogram = (name, options) => (onCreate(name), guardSync(meter.createHistogram(name, options), name, 'record', false, on));
  guarded.createGauge = (name, options) => (onCreate(name), guardSync(meter.createGauge(name, options), name, 'record', true, on));
  guarded.createObservableCounter = (name, options) => (onCreate(name), observable(() => meter.createObservableCounter(name, options), name, false));
  guarded.createObservableUpDownCounter = (name, options) => (onCreate(name), observable(() => meter.createObservableUpDownCounter(name, options), name, true));
  guarded.createObservableGauge = (name, options) => (onCreate(name), observable(() => meter.createObservableGauge(name, options), name, true));
  const batches = new WeakMap<BatchObservableCallback, BatchObservableCallback>();
  guarded.addBatchObservableCallback = (callback, observables) => {
    if (typeof callback !== 'function') return meter.addBatchObservableCallback(callback, observables);
    let wrapper = batches.get(callback);
    if (wrapper === undefined) {
      wrapper = (result) => {
        if (!on.metrics) return undefined;
        return callback({
          observe: (instrument: Observable, value: number, attributes?: Attributes) => {
            const [name, allowNegative] = OBSERVABLE_RULES.get(instrument) ?? ['an observable instrument', true];
            if (validValue(name, value, allowNegative)) result.observe(instrument, value, finiteAttributes(attributes));
          },
        });
      };
      batches.set(callback, wrapper);
    }
    meter.addBatchObservableCallback(wrapper, observables);
  };
  guarded.removeBatchObservableCallback = (callback, observables) => meter.removeBatchObservableCallback(batches.get(callback) ?? callback, observables);
  return guarded;
}
