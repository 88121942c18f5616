/**
 * Charts from stored metric series: HTTP RED per route (request rate, error rate, p50/p95/p99 from
 * the duration histogram) and the runtime gauges. Cumulative series become per-interval deltas; a
 * count that goes down is a restart, whose point then counts from its own start time.
 */
import { OTELKIT_METRIC_CATALOG } from '@otelkit/core';
import type { ReceivedAttributes } from '@otelkit/testing';
import type { StoredPoint, StoredSeries, TelemetryStore } from './store.js';

/** One interval of a route. Rates per second, quantiles in milliseconds (null without requests). */
export interface RedPoint {
  t: number;
  rate: number;
  errors: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** RED of one route of one service. */
export interface RouteRed {
  service: string;
  method: string;
  route: string;
  /** The histogram it was read from (its name under the app's metric naming). */
  metric: string;
  points: RedPoint[];
  /** Over every stored interval. */
  total: { requests: number; errors: number; p50: number | null; p95: number | null; p99: number | null };
}

/** A runtime chart: one value per export time (summed over attribute sets such as heap spaces). */
export interface RuntimeChart {
  title: string;
  unit: string;
  points: [t: number, value: number][];
}

interface DurationLabels {
  method: string;
  route: string;
  status: string;
}

// The duration histogram under both naming profiles, and the label names each uses.
const DURATION_METRICS: Record<string, DurationLabels> = {
  'http.server.request.duration': { method: 'http.request.method', route: 'http.route', status: 'http.response.status_code' },
  http_request_duration: { method: 'method', route: 'route', status: 'status' },
};
// An app's metric naming (OTELKIT_METRICS_NAMES/LABELS) renames the histogram and its labels but
// keeps the catalog's description, which the viewer cannot otherwise know.
const DURATION_DESCRIPTIONS = new Set(OTELKIT_METRIC_CATALOG.filter((d) => d.name in DURATION_METRICS).map((d) => d.description));
const HTTP_METHOD = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|CONNECT|TRACE|_OTHER)$/;
const DURATION_NAME = /duration|latency|seconds|time/i;

/** The method, route and status attributes of a renamed series, found by their values. */
function labelsByValue(attributes: ReceivedAttributes): DurationLabels | undefined {
  const keys = Object.keys(attributes);
  const method = keys.find((k) => typeof attributes[k] === 'string' && HTTP_METHOD.test(attributes[k]));
  const route = keys.find((k) => k !== method && typeof attributes[k] === 'string' && attributes[k].startsWith('/'));
  if (method === undefined || route === undefined) return undefined;
  const status = keys.find((k) => k !== method && k !== route && /status/i.test(k) && /^[1-5]\d\d$/.test(String(attributes[k]))) ?? '';
  return { method, route, status };
}

/**
 * How a histogram series is the HTTP server duration: 1 by its catalog name or description, 2 by
 * its shape (a duration-like name with an HTTP method and a route among its attributes).
 */
function durationLabels(series: StoredSeries): { rank: 1 | 2; labels: DurationLabels } | undefined {
  if (series.type !== 'histogram') return undefined;
  const known = DURATION_METRICS[series.name];
  if (known !== undefined) return { rank: 1, labels: known };
  const byValue = labelsByValue(series.attributes);
  if (byValue === undefined) return undefined;
  if (DURATION_DESCRIPTIONS.has(series.description)) return { rank: 1, labels: byValue };
  const durationLike = series.unit === 's' || series.unit === 'ms' || DURATION_NAME.test(series.name);
  return durationLike && !/client/i.test(series.name) ? { rank: 2, labels: byValue } : undefined;
}

/**
 * The HTTP server duration series of each service: those found by name or description when there
 * are any, else the series of one histogram found by its shape (so no request is counted twice).
 */
export function httpDurationSeries(store: TelemetryStore, service?: string): { series: StoredSeries; labels: DurationLabels }[] {
  const found = store.seriesOf(undefined, service).flatMap((series) => {
    const match = durationLabels(series);
    return match === undefined ? [] : [{ series, ...match }];
  });
  const chosen = new Map<string, { rank: number; name: string }>();
  for (const f of found.sort((a, b) => a.rank - b.rank || a.series.name.localeCompare(b.series.name))) {
    if (!chosen.has(f.series.service)) chosen.set(f.series.service, { rank: f.rank, name: f.series.name });
  }
  return found.filter((f) => {
    const pick = chosen.get(f.series.service)!;
    return f.rank === pick.rank && (f.rank === 1 || f.series.name === pick.name);
  });
}

interface Delta {
  t: number;
  seconds: number;
  count: number;
  buckets: number[];
}

/** Per-interval deltas of a histogram series. */
function deltas(series: StoredSeries): Delta[] {
  const out: Delta[] = [];
  let prev: StoredPoint | undefined;
  for (const p of series.points.toArray()) {
    const count = p.count ?? 0;
    const buckets = p.buckets ?? [];
    const restarted = prev === undefined || series.temporality === 1 || (prev.count ?? 0) > count || prev.start !== p.start;
    if (restarted) {
      out.push({ t: p.t, seconds: Math.max(0.001, (p.t - p.start) / 1000), count, buckets: buckets.slice() });
    } else {
      const before = prev!;
      const d = count - (before.count ?? 0);
      if (p.t > before.t) out.push({ t: p.t, seconds: (p.t - before.t) / 1000, count: d, buckets: buckets.map((b, i) => b - (before.buckets?.[i] ?? 0)) });
    }
    prev = p;
  }
  return out;
}

/** Quantile `q` of a histogram by linear interpolation inside the bucket (milliseconds). */
export function histogramQuantile(q: number, buckets: readonly number[], bounds: readonly number[], scale: number): number | null {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    const n = buckets[i]!;
    if (seen + n >= rank && n > 0) {
      const lower = i === 0 ? 0 : bounds[i - 1]!;
      // The overflow bucket has no upper bound: report its lower bound, as Prometheus does.
      if (i >= bounds.length) return lower * scale;
      const upper = bounds[i]!;
      return (lower + (upper - lower) * ((rank - seen) / n)) * scale;
    }
    seen += n;
  }
  return (bounds[bounds.length - 1] ?? 0) * scale;
}

function addInto(target: number[], source: readonly number[]): void {
  for (let i = 0; i < source.length; i++) target[i] = (target[i] ?? 0) + source[i]!;
}

/** RED per route from the HTTP server duration histogram of `service` (all services when empty). */
export function redByRoute(store: TelemetryStore, service?: string): RouteRed[] {
  const groups = new Map<string, { service: string; method: string; route: string; metric: string; bounds: number[]; scale: number; byTime: Map<number, { count: number; errors: number; seconds: number; buckets: number[] }> }>();
  for (const { series, labels } of httpDurationSeries(store, service)) {
    const route = String(series.attributes[labels.route] ?? '');
    if (route === '') continue; // requests without a route (404s, probes) have no row of their own
    const method = String(series.attributes[labels.method] ?? '');
    const status = labels.status === '' ? 0 : Number(series.attributes[labels.status] ?? 0);
    const isError = status >= 500 || series.attributes['error.type'] !== undefined;
    const key = `${series.service}\u0000${method}\u0000${route}`;
    let group = groups.get(key);
    const bounds = series.points.last()?.bounds ?? [];
    if (group === undefined) {
      group = { service: series.service, method, route, metric: series.name, bounds, scale: series.unit === 'ms' ? 1 : 1000, byTime: new Map() };
      groups.set(key, group);
    }
    for (const d of deltas(series)) {
      // Series of one export share a timestamp; round to the second to merge them.
      const t = Math.round(d.t / 1000) * 1000;
      const slot = group.byTime.get(t) ?? { count: 0, errors: 0, seconds: d.seconds, buckets: [] };
      slot.count += d.count;
      if (isError) slot.errors += d.count;
      slot.seconds = Math.max(slot.seconds, d.seconds);
      if (bounds.length === group.bounds.length) addInto(slot.buckets, d.buckets);
      group.byTime.set(t, slot);
    }
  }
  const out: RouteRed[] = [];
  for (const g of groups.values()) {
    const times = [...g.byTime.keys()].sort((a, b) => a - b);
    const all: number[] = [];
    let requests = 0;
    let errors = 0;
    const points = times.map((t) => {
      const s = g.byTime.get(t)!;
      addInto(all, s.buckets);
      requests += s.count;
      errors += s.errors;
      return {
        t,
        rate: s.count / s.seconds,
        errors: s.errors / s.seconds,
        p50: histogramQuantile(0.5, s.buckets, g.bounds, g.scale),
        p95: histogramQuantile(0.95, s.buckets, g.bounds, g.scale),
        p99: histogramQuantile(0.99, s.buckets, g.bounds, g.scale),
      };
    });
    out.push({
      service: g.service,
      method: g.method,
      route: g.route,
      metric: g.metric,
      points,
      total: { requests, errors, p50: histogramQuantile(0.5, all, g.bounds, g.scale), p95: histogramQuantile(0.95, all, g.bounds, g.scale), p99: histogramQuantile(0.99, all, g.bounds, g.scale) },
    });
  }
  return out.sort((a, b) => b.total.requests - a.total.requests || a.route.localeCompare(b.route));
}

// Runtime charts, each from the first of its metric names that has data (semconv, then classic).
const RUNTIME_CHARTS: { title: string; unit: string; names: string[]; scale: number }[] = [
  { title: 'Event loop delay p99', unit: 'ms', names: ['nodejs.eventloop.delay.p99', 'nodejs_eventloop_lag_p99'], scale: 1000 },
  { title: 'Event loop utilization', unit: '%', names: ['nodejs.eventloop.utilization', 'nodejs_eventloop_utilization'], scale: 100 },
  { title: 'CPU', unit: '% of a core', names: ['process.cpu.utilization'], scale: 100 },
  { title: 'Resident memory', unit: 'MB', names: ['process.memory.usage', 'process_resident_memory'], scale: 1 / 1e6 },
  { title: 'Heap used', unit: 'MB', names: ['v8js.memory.heap.used', 'nodejs_heap_size_used'], scale: 1 / 1e6 },
];

/** The runtime charts of `service` (all services summed when empty). */
export function runtimeCharts(store: TelemetryStore, service?: string): RuntimeChart[] {
  const out: RuntimeChart[] = [];
  for (const chart of RUNTIME_CHARTS) {
    for (const name of chart.names) {
      const series = store.seriesOf([name], service);
      if (series.length === 0) continue;
      const byTime = new Map<number, number>();
      for (const s of series) {
        for (const p of s.points.toArray()) {
          if (p.value === undefined) continue;
          const t = Math.round(p.t / 1000) * 1000;
          byTime.set(t, (byTime.get(t) ?? 0) + p.value * chart.scale);
        }
      }
      const points = [...byTime.entries()].sort((a, b) => a[0] - b[0]);
      out.push({ title: chart.title, unit: chart.unit, points });
      break;
    }
  }
  return out;
}
