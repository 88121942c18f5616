/**
 * HTTP server RED metrics, recorded by otelkit's server-span subscriber in @otelkit/node.
 *
 * This sits on every request, so it does not go through the metrics API: one record there costs
 * about a microsecond (attribute validation, sorting and hashing) and the three per request cost
 * more than the server span. Here a request is two small map updates keyed by a concatenated
 * string, and the SDK reads the aggregates at collection time through a MetricProducer attached to
 * each reader. What comes out is identical to what the API instruments would give: the catalog's
 * names, units, buckets and attributes, cumulative temporality, and the per-instrument cardinality
 * limit with the specification's `otel.metric.overflow` series.
 *
 * Profiles:
 * - semconv: `http.server.request.duration` (s) and `http.server.active_requests`, with
 *   `http.request.method`, `url.scheme`, `http.response.status_code`, `http.route`,
 *   `network.protocol.version` and `error.type`;
 * - prometheus-classic: `http_requests_total`, `http_request_duration_seconds` and
 *   `http_requests_in_flight`, with `method`, `status` and `route`.
 * The raw path is never an attribute: only a route template is, and only when one is known.
 */
import type { Attributes } from '@opentelemetry/api';
import { HTTP_METHODS, OTELKIT_VERSION, metricDefinition, type OtelkitMetricNamer, type OtelkitMetricsProfile, type OtelkitNamedInstrument } from '@otelkit/core';
import { METER_NAME, metricNamer, metricsProfile } from './instruments.js';
import { CUMULATIVE, DELTA, DOUBLE, HISTOGRAM, SUM } from './sdk-enums.js';

/** One finished request, as the server saw it. */
export interface HttpServerRequestOutcome {
  /** Normalised method: a known method in upper case, or `_OTHER`. */
  method: string;
  scheme: 'http' | 'https';
  /** Response status code (0 when the connection closed before any response). */
  status: number;
  /** Route template such as `/users/:id`, when the framework (or the app) named one. */
  route?: string | undefined;
  /** `1.1`, `2`, ... */
  protocolVersion?: string | undefined;
  /** Set for failed requests: the status code for 5xx, or a short reason such as `response_aborted`. */
  errorType?: string | undefined;
  /** Duration in seconds. */
  durationSeconds: number;
}

/** The SDK's MetricProducer, structurally: a reader calls collect() at each collection. */
export interface HttpMetricsProducer {
  collect(options?: { timeoutMillis?: number }): Promise<{ resourceMetrics: { resource: unknown; scopeMetrics: unknown[] }; errors: unknown[] }>;
}

export interface HttpServerMetrics {
  /** A request arrived (active/in-flight gauge up). */
  requestStarted(method: string, scheme: 'http' | 'https'): void;
  /** The request finished (gauge down, duration recorded, counter up in the classic profile). */
  requestEnded(outcome: HttpServerRequestOutcome): void;
  /** Attach to every MetricReader (`metricProducers`) that should export these metrics. */
  readonly producer: HttpMetricsProducer;
  /**
   * A producer for one reader that exports with delta temporality
   * (OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE `delta` or `lowmemory`): the duration histogram
   * (and the classic request counter) report what changed since that reader's last collection, the
   * active-requests up-down counter stays cumulative, as the SDK's selectors have it. Delta points
   * carry no min and max (they are not known per interval). Each call makes an independent view.
   */
  deltaProducer(): HttpMetricsProducer;
  /** Whether any request was recorded: a process that served none has none of these to export. */
  served(): boolean;
}

export interface HttpServerMetricsOptions {
  profile?: OtelkitMetricsProfile;
  /** Most series per instrument, overflow series included (default 2000). */
  cardinalityLimit?: number;
  /** Names and labels of the instruments (default: the naming start() set, else the environment's). */
  namer?: OtelkitMetricNamer;
}

type HrTime = [number, number];
const OVERFLOW: Attributes = Object.freeze({ 'otel.metric.overflow': true });

function hrNow(): HrTime {
  const ms = performance.timeOrigin + performance.now();
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

interface HistogramSeries {
  attributes: Attributes;
  start: HrTime;
  counts: number[];
  sum: number;
  count: number;
  min: number;
  max: number;
}

interface SumSeries {
  attributes: Attributes;
  start: HrTime;
  value: number;
}

/**
 * Series keyed by (text, number): the route (or '') and a number packing the small fields, so the
 * hot path does two map lookups and allocates nothing once a series exists. Capped at `limit`
 * series, the last of which is the overflow series, as in the SDK.
 */
class SeriesMap<T extends { attributes: Attributes }> {
  private readonly map = new Map<string, Map<number, T>>();
  private size = 0;
  private overflow: T | undefined;
  constructor(
    private readonly limit: number,
    private readonly create: (attributes: Attributes) => T,
  ) {}

  find(text: string, code: number): T | undefined {
    return this.map.get(text)?.get(code);
  }

  add(text: string, code: number, attributes: Attributes): T {
    if (this.size >= this.limit - 1) return (this.overflow ??= this.create(OVERFLOW));
    let inner = this.map.get(text);
    if (inner === undefined) this.map.set(text, (inner = new Map<number, T>()));
    const s = this.create(attributes);
    inner.set(code, s);
    this.size++;
    return s;
  }

  get count(): number {
    return this.size + (this.overflow === undefined ? 0 : 1);
  }

  all(): T[] {
    const out: T[] = [];
    for (const inner of this.map.values()) for (const s of inner.values()) out.push(s);
    if (this.overflow !== undefined) out.push(this.overflow);
    return out;
  }
}

const METHODS = [...HTTP_METHODS, '_OTHER'];
const METHOD_CODE = new Map(METHODS.map((m, i) => [m, i]));
const PROTOCOL_CODE = new Map<string | undefined, number>([[undefined, 0], ['1.0', 1], ['1.1', 2], ['2', 3], ['2.0', 4], ['3', 5]]);

/**
 * The small fields of a request packed into one number, or -1 when one of them is unusual (an
 * unknown method text, protocol or error type); those go under a text key instead.
 */
function packCode(o: HttpServerRequestOutcome): number {
  const m = METHOD_CODE.get(o.method);
  const p = PROTOCOL_CODE.get(o.protocolVersion);
  if (m === undefined || p === undefined || !Number.isInteger(o.status) || o.status < 0 || o.status > 999) return -1;
  let e: number;
  if (o.errorType === undefined) e = 0;
  else if (o.errorType === 'response_aborted') e = 1;
  else if (o.status >= 500 && o.errorType === String(o.status)) e = 2;
  else return -1;
  return ((((o.status * 16 + m) * 2 + (o.scheme === 'https' ? 1 : 0)) * 8 + p) * 4) + e;
}

function descriptor(named: OtelkitNamedInstrument): { name: string; description: string; unit: string; valueType: number } {
  return { name: named.name, description: named.definition.description, unit: named.unit, valueType: DOUBLE };
}

/** Series attributes under the naming: mapped once, when a series is created. */
function named<T>(instrument: OtelkitNamedInstrument, create: (attributes: Attributes) => T): (attributes: Attributes) => T {
  const map = instrument.mapAttributes;
  return map === undefined ? create : (attributes) => create(map(attributes));
}

/** Create the recorder and its producer for a profile (default: `OTELKIT_METRICS_PROFILE`). */
export function createHttpServerMetrics(options: HttpServerMetricsOptions = {}): HttpServerMetrics {
  const profile = options.profile ?? metricsProfile();
  const limit = Math.max(2, options.cardinalityLimit ?? 2000);
  const classic = profile === 'prometheus-classic';
  const durationName = classic ? 'http_request_duration' : 'http.server.request.duration';
  const activeName = classic ? 'http_requests_in_flight' : 'http.server.active_requests';
  const namer = options.namer ?? metricNamer();
  const durationInstrument = namer.instrument(metricDefinition(durationName));
  const activeInstrument = namer.instrument(metricDefinition(activeName));
  const totalInstrument = namer.instrument(metricDefinition('http_requests'));
  const boundaries = [...(metricDefinition(durationName).buckets ?? [])];
  const nb = boundaries.length;

  const histogram = (attributes: Attributes): HistogramSeries => ({ attributes, start: hrNow(), counts: new Array<number>(nb + 1).fill(0), sum: 0, count: 0, min: Infinity, max: -Infinity });
  const sum = (attributes: Attributes): SumSeries => ({ attributes, start: hrNow(), value: 0 });
  const durations = new SeriesMap<HistogramSeries>(limit, named(durationInstrument, histogram));
  const active = new SeriesMap<SumSeries>(limit, named(activeInstrument, sum));
  const totals = classic ? new SeriesMap<SumSeries>(limit, named(totalInstrument, sum)) : undefined;

  const activeAttrs = (method: string, scheme: string): Attributes => (classic ? { method } : { 'http.request.method': method, 'url.scheme': scheme });
  const requestAttrs = (o: HttpServerRequestOutcome): Attributes => {
    if (classic) return o.route === undefined ? { method: o.method, status: String(o.status) } : { method: o.method, status: String(o.status), route: o.route };
    const a: Attributes = { 'http.request.method': o.method, 'url.scheme': o.scheme };
    if (o.status > 0) a['http.response.status_code'] = o.status;
    if (o.route !== undefined) a['http.route'] = o.route;
    if (o.protocolVersion !== undefined) a['network.protocol.version'] = o.protocolVersion;
    if (o.errorType !== undefined) a['error.type'] = o.errorType;
    return a;
  };

  const sumPoints = (series: SeriesMap<SumSeries>, end: HrTime) => series.all().map((s) => ({ attributes: s.attributes, startTime: s.start, endTime: end, value: s.value }));
  /** The active-requests up-down counter: cumulative for every reader. */
  const pushActive = (out: unknown[], end: HrTime): void => {
    const points = sumPoints(active, end);
    if (points.length > 0) out.push({ descriptor: descriptor(activeInstrument), aggregationTemporality: CUMULATIVE, dataPointType: SUM, isMonotonic: false, dataPoints: points });
  };
  const collected = (out: unknown[]): ReturnType<HttpMetricsProducer['collect']> => {
    const scopeMetrics = out.length === 0 ? [] : [{ scope: { name: METER_NAME, version: OTELKIT_VERSION }, metrics: out }];
    return Promise.resolve({ resourceMetrics: { resource: undefined, scopeMetrics }, errors: [] });
  };

  const producer: HttpMetricsProducer = {
    collect: () => {
      const end = hrNow();
      const histogramPoints = durations.all().map((s) => ({
        attributes: s.attributes,
        startTime: s.start,
        endTime: end,
        value: { buckets: { boundaries, counts: [...s.counts] }, sum: s.sum, count: s.count, min: s.count > 0 ? s.min : undefined, max: s.count > 0 ? s.max : undefined },
      }));
      const out: unknown[] = [];
      if (histogramPoints.length > 0) out.push({ descriptor: descriptor(durationInstrument), aggregationTemporality: CUMULATIVE, dataPointType: HISTOGRAM, dataPoints: histogramPoints });
      pushActive(out, end);
      if (totals !== undefined) {
        const totalPoints = sumPoints(totals, end);
        if (totalPoints.length > 0) out.push({ descriptor: descriptor(totalInstrument), aggregationTemporality: CUMULATIVE, dataPointType: SUM, isMonotonic: true, dataPoints: totalPoints });
      }
      return collected(out);
    },
  };

  const activeSeries = (method: string, scheme: string): SumSeries => {
    // Keyed by what the attributes hold: the classic profile has no scheme label.
    const code = classic ? 0 : scheme === 'https' ? 1 : 0;
    return active.find(method, code) ?? active.add(method, code, activeAttrs(method, scheme));
  };
  /** The series of a finished request: the key holds exactly what the attributes hold. */
  const seriesOf = <T extends { attributes: Attributes }>(map: SeriesMap<T>, o: HttpServerRequestOutcome): T => {
    let text: string;
    let code: number;
    if (classic) {
      text = o.route ?? '';
      code = METHOD_CODE.get(o.method) ?? -1;
      if (code < 0 || !Number.isInteger(o.status)) {
        text = `${o.method} ${o.status} ${text}`;
        code = -1;
      } else code = code * 1000 + o.status;
    } else {
      code = packCode(o);
      text = code < 0 ? `${o.method} ${o.scheme} ${o.status} ${o.protocolVersion ?? ''} ${o.errorType ?? ''} ${o.route ?? ''}` : (o.route ?? '');
    }
    return map.find(text, code) ?? map.add(text, code, requestAttrs(o));
  };

  const deltaProducer = (): HttpMetricsProducer => {
    // What this view reported last, per series (series objects live as long as the recorder).
    const lastHistogram = new WeakMap<HistogramSeries, { counts: number[]; sum: number; count: number; time: HrTime }>();
    const lastSum = new WeakMap<SumSeries, { value: number; time: HrTime }>();
    return {
      collect: () => {
        const end = hrNow();
        const histogramPoints: unknown[] = [];
        for (const s of durations.all()) {
          const last = lastHistogram.get(s);
          const count = s.count - (last?.count ?? 0);
          if (count === 0) continue;
          const counts = last === undefined ? [...s.counts] : s.counts.map((n, i) => n - last.counts[i]!);
          histogramPoints.push({ attributes: s.attributes, startTime: last?.time ?? s.start, endTime: end, value: { buckets: { boundaries, counts }, sum: s.sum - (last?.sum ?? 0), count } });
          lastHistogram.set(s, { counts: [...s.counts], sum: s.sum, count: s.count, time: end });
        }
        const out: unknown[] = [];
        if (histogramPoints.length > 0) out.push({ descriptor: descriptor(durationInstrument), aggregationTemporality: DELTA, dataPointType: HISTOGRAM, dataPoints: histogramPoints });
        pushActive(out, end);
        if (totals !== undefined) {
          const totalPoints: unknown[] = [];
          for (const s of totals.all()) {
            const last = lastSum.get(s);
            const value = s.value - (last?.value ?? 0);
            if (value === 0) continue;
            totalPoints.push({ attributes: s.attributes, startTime: last?.time ?? s.start, endTime: end, value });
            lastSum.set(s, { value: s.value, time: end });
          }
          if (totalPoints.length > 0) out.push({ descriptor: descriptor(totalInstrument), aggregationTemporality: DELTA, dataPointType: SUM, isMonotonic: true, dataPoints: totalPoints });
        }
        return collected(out);
      },
    };
  };

  return {
    producer,
    deltaProducer,
    served: () => active.count > 0,
    requestStarted(method, scheme) {
      activeSeries(method, scheme).value++;
    },
    requestEnded(o) {
      activeSeries(o.method, o.scheme).value--;
      if (totals !== undefined) seriesOf(totals, o).value++;
      const d = o.durationSeconds;
      if (!(d >= 0) || d === Infinity) return; // NaN, negative or infinite: not a duration (M5)
      const s = seriesOf(durations, o);
      let i = 0;
      while (i < nb && d > boundaries[i]!) i++;
      s.counts[i]!++;
      s.sum += d;
      s.count++;
      if (d < s.min) s.min = d;
      if (d > s.max) s.max = d;
    },
  };
}
