/**
 * The viewer's memory: the newest spans, log records and metric points in bounded rings, indexed by
 * trace, so memory stays flat however long the viewer runs and however much it is sent.
 */
import type { ReceivedAttributes, ReceivedLogRecord, ReceivedMetric, ReceivedSpan, ReceivedValue } from '@otelkit/testing';
import { Ring } from './ring.js';

/** Bounds of a {@link TelemetryStore}. */
export interface StoreLimits {
  /** Spans kept; the oldest go first. */
  maxSpans: number;
  /** Log records kept. Default: `maxSpans`. */
  maxLogs?: number;
  /** Metric series (name + attributes + service) kept; the least recently updated go first. Default 2000. */
  maxSeries?: number;
  /** Points kept per series. Default 360 (30 minutes at one export every 5 s). */
  pointsPerSeries?: number;
}

/** One metric point, reduced to what the charts use. Times are milliseconds since the epoch. */
export interface StoredPoint {
  t: number;
  start: number;
  /** Gauge and sum value. */
  value?: number;
  /** Histogram count, sum, bucket counts and bounds. */
  count?: number;
  sum?: number;
  buckets?: number[];
  bounds?: number[];
}

/** A metric series: one name, one service, one attribute set. */
export interface StoredSeries {
  name: string;
  unit: string;
  description: string;
  type: ReceivedMetric['type'];
  /** 1 delta, 2 cumulative, 0 for gauges. */
  temporality: number;
  service: string;
  attributes: ReceivedAttributes;
  points: Ring<StoredPoint>;
}

/** What the trace list shows of a trace. */
export interface TraceSummary {
  traceId: string;
  /** Name of the root span (or of the earliest span while the root has not arrived). */
  name: string;
  service: string;
  route: string;
  method: string;
  /** HTTP status of the root span, 0 when it has none. */
  httpStatus: number;
  /** True when a span has status ERROR or the root's HTTP status is 5xx. */
  error: boolean;
  /** Milliseconds since the epoch. */
  startMs: number;
  durationMs: number;
  spanCount: number;
  logCount: number;
}

/** Trace search. Every field set must match. */
export interface TraceQuery {
  /** Hex trace id or its beginning (an X-Trace-ID pasted whole matches exactly one trace). */
  traceId?: string;
  /** Exact service.name. */
  service?: string;
  /** Part of the route (http.route) or, without a route, of the root span name; case-insensitive. */
  route?: string;
  /** `error`, `ok`, an HTTP status (`404`) or class (`5xx`). */
  status?: string;
  minDurationMs?: number;
  /** Attribute equalities; a trace matches when one of its spans (or its resource) has each. */
  attributes?: readonly (readonly [key: string, value: string])[];
}

/** Counters of what was received and what the bounds made the store forget. */
export interface StoreStats {
  spans: number;
  traces: number;
  logs: number;
  series: number;
  received: { spans: number; logs: number; points: number };
  evicted: { spans: number; logs: number; series: number };
}

interface TraceEntry {
  spans: ReceivedSpan[];
  logs: ReceivedLogRecord[];
}

const DEFAULT_MAX_SERIES = 2000;
const DEFAULT_POINTS_PER_SERIES = 360;

/** Milliseconds of a nanosecond timestamp string (sub-microsecond precision is not needed here). */
export function nanosToMs(nanos: string): number {
  return Number(nanos) / 1e6;
}

function text(value: ReceivedValue | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function serviceOf(resource: ReceivedAttributes): string {
  return text(resource['service.name']);
}

function statusMatches(wanted: string, summary: TraceSummary): boolean {
  const w = wanted.trim().toLowerCase();
  if (w === 'error') return summary.error;
  if (w === 'ok') return !summary.error;
  if (/^[1-5]xx$/.test(w)) return Math.floor(summary.httpStatus / 100) === Number(w[0]);
  return String(summary.httpStatus) === w;
}

function hasAttribute(spans: readonly ReceivedSpan[], key: string, value: string): boolean {
  return spans.some((s) => (Object.hasOwn(s.attributes, key) && text(s.attributes[key]) === value) || (Object.hasOwn(s.resource, key) && text(s.resource[key]) === value));
}

/** In-memory telemetry with fixed bounds. Not thread-safe; one process owns it. */
export class TelemetryStore {
  private readonly spanRing: Ring<ReceivedSpan>;
  private readonly logRing: Ring<ReceivedLogRecord>;
  private readonly traces = new Map<string, TraceEntry>();
  private readonly series = new Map<string, StoredSeries>();
  private readonly maxSeries: number;
  private readonly pointsPerSeries: number;
  private readonly counts = { received: { spans: 0, logs: 0, points: 0 }, evicted: { spans: 0, logs: 0, series: 0 } };
  private changes = 0;

  constructor(limits: StoreLimits) {
    this.spanRing = new Ring(limits.maxSpans);
    this.logRing = new Ring(limits.maxLogs ?? limits.maxSpans);
    this.maxSeries = limits.maxSeries ?? DEFAULT_MAX_SERIES;
    this.pointsPerSeries = limits.pointsPerSeries ?? DEFAULT_POINTS_PER_SERIES;
  }

  /** Grows by one with every change; the UI polls it to refresh only when something arrived. */
  get version(): number {
    return this.changes;
  }

  addSpans(spans: readonly ReceivedSpan[]): void {
    for (const span of spans) {
      const evicted = this.spanRing.push(span);
      if (evicted !== undefined) this.forgetSpan(evicted);
      this.entry(span.traceId).spans.push(span);
      this.counts.received.spans++;
    }
    if (spans.length > 0) this.changes++;
  }

  addLogs(logs: readonly ReceivedLogRecord[]): void {
    for (const log of logs) {
      const evicted = this.logRing.push(log);
      if (evicted !== undefined) this.forgetLog(evicted);
      if (log.traceId !== '') this.entry(log.traceId).logs.push(log);
      this.counts.received.logs++;
    }
    if (logs.length > 0) this.changes++;
  }

  addMetrics(metrics: readonly ReceivedMetric[]): void {
    for (const metric of metrics) {
      const service = serviceOf(metric.resource);
      for (const point of metric.dataPoints) {
        const key = `${service}\u0000${metric.name}\u0000${JSON.stringify(point.attributes)}`;
        let series = this.series.get(key);
        if (series === undefined) {
          series = {
            name: metric.name,
            unit: metric.unit,
            description: metric.description,
            type: metric.type,
            temporality: metric.aggregationTemporality,
            service,
            attributes: point.attributes,
            points: new Ring(this.pointsPerSeries),
          };
        } else {
          this.series.delete(key); // re-inserted below: Map order is then least recently updated first
        }
        this.series.set(key, series);
        series.points.push(compactPoint(point));
        this.counts.received.points++;
      }
    }
    while (this.series.size > this.maxSeries) {
      const oldest = this.series.keys().next().value as string;
      this.series.delete(oldest);
      this.counts.evicted.series++;
    }
    if (metrics.length > 0) this.changes++;
  }

  /** The spans and correlated log records of one trace, both in time order; undefined when unknown. */
  trace(traceId: string): { spans: ReceivedSpan[]; logs: ReceivedLogRecord[] } | undefined {
    const entry = this.traces.get(traceId.toLowerCase());
    if (entry === undefined) return undefined;
    const byTime = <T>(time: (x: T) => string) => (a: T, b: T) => (BigInt(time(a)) < BigInt(time(b)) ? -1 : BigInt(time(a)) > BigInt(time(b)) ? 1 : 0);
    return {
      spans: entry.spans.slice().sort(byTime((s: ReceivedSpan) => s.startTimeUnixNano)),
      logs: entry.logs.slice().sort(byTime((l: ReceivedLogRecord) => (l.timeUnixNano === '0' ? l.observedTimeUnixNano : l.timeUnixNano))),
    };
  }

  /** Traces matching `query`, newest first, at most `limit`; `total` counts every match. */
  searchTraces(query: TraceQuery, limit = 200): { total: number; traces: TraceSummary[] } {
    const idPrefix = query.traceId?.trim().toLowerCase() ?? '';
    const route = query.route?.trim().toLowerCase() ?? '';
    const matches: TraceSummary[] = [];
    for (const [traceId, entry] of this.traces) {
      if (entry.spans.length === 0) continue;
      if (idPrefix !== '' && !traceId.startsWith(idPrefix)) continue;
      if (query.attributes?.some(([k, v]) => !hasAttribute(entry.spans, k, v)) === true) continue;
      const summary = summarize(traceId, entry);
      if (query.service !== undefined && query.service !== '' && summary.service !== query.service) continue;
      if (route !== '' && !(summary.route !== '' ? summary.route : summary.name).toLowerCase().includes(route)) continue;
      if (query.status !== undefined && query.status !== '' && !statusMatches(query.status, summary)) continue;
      if (query.minDurationMs !== undefined && summary.durationMs < query.minDurationMs) continue;
      matches.push(summary);
    }
    matches.sort((a, b) => b.startMs - a.startMs);
    return { total: matches.length, traces: matches.slice(0, limit) };
  }

  /** Services and routes seen in the stored traces, for the search form. */
  facets(): { services: string[]; routes: string[] } {
    const services = new Set<string>();
    const routes = new Set<string>();
    for (const entry of this.traces.values()) {
      for (const span of entry.spans) {
        const service = serviceOf(span.resource);
        if (service !== '') services.add(service);
        const r = text(span.attributes['http.route']);
        if (r !== '') routes.add(r);
      }
    }
    return { services: [...services].sort(), routes: [...routes].sort() };
  }

  /** Every stored series of the named metrics (all metrics when `names` is undefined), optionally of one service. */
  seriesOf(names: readonly string[] | undefined, service?: string): StoredSeries[] {
    const out: StoredSeries[] = [];
    for (const s of this.series.values()) {
      if ((names === undefined || names.includes(s.name)) && (service === undefined || service === '' || s.service === service)) out.push(s);
    }
    return out;
  }

  /** Services that sent metrics. */
  metricServices(): string[] {
    return [...new Set([...this.series.values()].map((s) => s.service))].filter((s) => s !== '').sort();
  }

  /** Names of the stored metrics. */
  metricNames(): string[] {
    return [...new Set([...this.series.values()].map((s) => s.name))].sort();
  }

  stats(): StoreStats {
    return {
      spans: this.spanRing.size,
      traces: this.traces.size,
      logs: this.logRing.size,
      series: this.series.size,
      received: { ...this.counts.received },
      evicted: { ...this.counts.evicted },
    };
  }

  private entry(traceId: string): TraceEntry {
    let entry = this.traces.get(traceId);
    if (entry === undefined) {
      entry = { spans: [], logs: [] };
      this.traces.set(traceId, entry);
    }
    return entry;
  }

  private forgetSpan(span: ReceivedSpan): void {
    this.counts.evicted.spans++;
    const entry = this.traces.get(span.traceId);
    if (entry === undefined) return;
    const i = entry.spans.indexOf(span);
    if (i >= 0) entry.spans.splice(i, 1);
    this.dropIfEmpty(span.traceId, entry);
  }

  private forgetLog(log: ReceivedLogRecord): void {
    this.counts.evicted.logs++;
    const entry = log.traceId === '' ? undefined : this.traces.get(log.traceId);
    if (entry === undefined) return;
    const i = entry.logs.indexOf(log);
    if (i >= 0) entry.logs.splice(i, 1);
    this.dropIfEmpty(log.traceId, entry);
  }

  private dropIfEmpty(traceId: string, entry: TraceEntry): void {
    if (entry.spans.length === 0 && entry.logs.length === 0) this.traces.delete(traceId);
  }
}

function compactPoint(point: ReceivedMetric['dataPoints'][number]): StoredPoint {
  const out: StoredPoint = { t: nanosToMs(point.timeUnixNano), start: nanosToMs(point.startTimeUnixNano) };
  if (point.value !== undefined) out.value = Number(point.value);
  if (point.count !== undefined) out.count = point.count;
  if (point.sum !== undefined) out.sum = point.sum;
  if (point.bucketCounts !== undefined) out.buckets = point.bucketCounts;
  if (point.explicitBounds !== undefined) out.bounds = point.explicitBounds;
  return out;
}

/** The list row of a stored trace. */
function summarize(traceId: string, entry: TraceEntry): TraceSummary {
  const ids = new Set(entry.spans.map((s) => s.spanId));
  // The root: a span without parent; while it has not arrived, the earliest span whose parent is missing.
  let root: ReceivedSpan | undefined;
  let rank = 3;
  let start = Infinity;
  let end = -Infinity;
  for (const span of entry.spans) {
    const s = nanosToMs(span.startTimeUnixNano);
    start = Math.min(start, s);
    end = Math.max(end, nanosToMs(span.endTimeUnixNano));
    const r = span.parentSpanId === '' ? 0 : ids.has(span.parentSpanId) ? 2 : 1;
    if (root === undefined || r < rank || (r === rank && s < nanosToMs(root.startTimeUnixNano))) {
      root = span;
      rank = r;
    }
  }
  const top = root ?? entry.spans[0]!;
  const server = top.kind === 2 ? top : (entry.spans.find((s) => s.kind === 2) ?? top);
  const httpStatus = Number(server.attributes['http.response.status_code'] ?? 0) || 0;
  return {
    traceId,
    name: top.name,
    service: serviceOf(top.resource),
    route: text(server.attributes['http.route']),
    method: text(server.attributes['http.request.method']),
    httpStatus,
    error: httpStatus >= 500 || entry.spans.some((s) => s.status.code === 2),
    startMs: start,
    durationMs: Math.max(0, end - start),
    spanCount: entry.spans.length,
    logCount: entry.logs.length,
  };
}
