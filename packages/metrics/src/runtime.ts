/**
 * Runtime metrics: event-loop delay and utilization, GC pauses, heap, CPU, memory, uptime and
 * active handles, read from Node's own counters at collection time (nothing runs between
 * collections except the event-loop delay histogram and the GC observer, both native).
 */
import { monitorEventLoopDelay, performance, PerformanceObserver, type EventLoopUtilization } from 'node:perf_hooks';
import type { BatchObservableCallback, BatchObservableResult, Meter, Observable } from '@opentelemetry/api';
import { warnOnce, type OtelkitMetricsProfile } from '@otelkit/core';
import { ProviderBound, createInstrument, createObservable, metricsProfile } from './instruments.js';

// node:v8 pulls in heap utilities and the streams module (~3 ms of startup); it is first needed
// at the first collection.
const heapSpaces = (): ReturnType<typeof import('node:v8').getHeapSpaceStatistics> => process.getBuiltinModule('node:v8').getHeapSpaceStatistics();

export interface RuntimeMetricsOptions {
  profile?: OtelkitMetricsProfile;
  /** Event-loop delay sampling resolution in ms (default 20). */
  eventLoopResolutionMs?: number;
}

/** Stops the runtime metrics. */
export type StopRuntimeMetrics = () => void;

// V8's GC type flags as the 'gc' entries carry them; a minor mark-sweep (2) collects the young generation.
const GC_KIND: Readonly<Record<number, string>> = { 1: 'minor', 2: 'minor', 4: 'major', 8: 'incremental', 16: 'weakcb' };
const EL_STATS = ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99'] as const;
type ElStat = (typeof EL_STATS)[number];

function delayStats(h: ReturnType<typeof monitorEventLoopDelay>): Record<ElStat, number> {
  // Nanoseconds to seconds. An empty histogram reports min as a huge sentinel; report 0 instead.
  const empty = h.count === 0;
  const s = (ns: number): number => (empty || !Number.isFinite(ns) ? 0 : ns / 1e9);
  return { min: s(h.min), max: s(h.max), mean: s(h.mean), stddev: s(h.stddev), p50: s(h.percentile(50)), p90: s(h.percentile(90)), p99: s(h.percentile(99)) };
}

function handleCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** Start runtime metrics for the given profile (default `OTELKIT_METRICS_PROFILE`). Idempotent per call site. */
export function startRuntimeMetrics(options: RuntimeMetricsOptions = {}): StopRuntimeMetrics {
  const profile = options.profile ?? metricsProfile();
  const delay = monitorEventLoopDelay({ resolution: options.eventLoopResolutionMs ?? 20 });
  delay.enable();
  let lastElu: EventLoopUtilization = performance.eventLoopUtilization();
  let lastCpu = process.cpuUsage();
  let lastWall = performance.now();

  const classic = profile === 'prometheus-classic';
  const gcName = classic ? 'nodejs_gc_duration' : 'v8js.gc.duration';
  const gcBound = new ProviderBound((meter) => createInstrument(meter, gcName));
  // A 'gc' PerformanceObserver. v8.GCProfiler (one log read and restarted every second) was tried
  // instead, to spare the observer's per-GC objects, but every stopped profiler left native memory
  // behind: under load RSS grew by megabytes a second, without bound
  // (docs/performance.md, "GC pauses from the gc observer again").
  const gcObserver = new PerformanceObserver((list) => {
    try {
      const gc = gcBound.get();
      for (const entry of list.getEntries()) {
        const kind = GC_KIND[((entry as { detail?: { kind?: number } }).detail)?.kind ?? 0] ?? 'major';
        gc.record(entry.duration / 1000, classic ? { kind } : { 'v8js.gc.type': kind });
      }
    } catch (error) {
      warnOnce('metrics:gc', `GC metrics failed: ${(error as Error).message}`);
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });

  const bound = new ProviderBound<{ meter: Meter; callback: BatchObservableCallback; observables: Observable[] }>(
    (meter) => {
      const names = classic
        ? ['process_cpu_user', 'process_cpu_system', 'process_cpu', 'process_resident_memory', 'process_start_time', 'nodejs_eventloop_lag',
           'nodejs_eventloop_lag_min', 'nodejs_eventloop_lag_max', 'nodejs_eventloop_lag_p50', 'nodejs_eventloop_lag_p90', 'nodejs_eventloop_lag_p99',
           'nodejs_eventloop_utilization', 'nodejs_heap_size_total', 'nodejs_heap_size_used', 'nodejs_external_memory', 'nodejs_heap_space_size_used', 'nodejs_active_handles']
        : [...EL_STATS.map((s) => `nodejs.eventloop.delay.${s}`), 'nodejs.eventloop.utilization', 'nodejs.eventloop.time', 'v8js.memory.heap.used',
           'v8js.memory.heap.limit', 'v8js.heap.space.available_size', 'process.cpu.time', 'process.cpu.utilization', 'process.memory.usage', 'process.uptime', 'nodejs.active_handles'];
      // Runtime metrics are never renamed: the observables are used directly.
      const o = new Map(names.map((n) => [n, createObservable(meter, n).observable]));
      const get = (n: string): Observable => o.get(n)!;
      const callback: BatchObservableCallback = (result: BatchObservableResult) => {
        const stats = delayStats(delay);
        delay.reset();
        const elu = performance.eventLoopUtilization();
        const window = performance.eventLoopUtilization(elu, lastElu);
        lastElu = elu;
        const cpu = process.cpuUsage();
        const wall = performance.now();
        const wallSeconds = (wall - lastWall) / 1000;
        const userShare = wallSeconds > 0 ? (cpu.user - lastCpu.user) / 1e6 / wallSeconds : 0;
        const systemShare = wallSeconds > 0 ? (cpu.system - lastCpu.system) / 1e6 / wallSeconds : 0;
        lastCpu = cpu;
        lastWall = wall;
        const memory = process.memoryUsage();
        const handles = handleCounts();
        if (classic) {
          result.observe(get('process_cpu_user'), cpu.user / 1e6);
          result.observe(get('process_cpu_system'), cpu.system / 1e6);
          result.observe(get('process_cpu'), (cpu.user + cpu.system) / 1e6);
          result.observe(get('process_resident_memory'), memory.rss);
          result.observe(get('process_start_time'), Math.round((Date.now() - process.uptime() * 1000) / 1000));
          result.observe(get('nodejs_eventloop_lag'), stats.mean);
          for (const s of ['min', 'max', 'p50', 'p90', 'p99'] as const) result.observe(get(`nodejs_eventloop_lag_${s}`), stats[s]);
          result.observe(get('nodejs_eventloop_utilization'), window.utilization);
          result.observe(get('nodejs_heap_size_total'), memory.heapTotal);
          result.observe(get('nodejs_heap_size_used'), memory.heapUsed);
          result.observe(get('nodejs_external_memory'), memory.external);
          for (const space of heapSpaces()) result.observe(get('nodejs_heap_space_size_used'), space.space_used_size, { space: space.space_name });
          for (const [type, n] of handles) result.observe(get('nodejs_active_handles'), n, { type });
          return;
        }
        for (const s of EL_STATS) result.observe(get(`nodejs.eventloop.delay.${s}`), stats[s]);
        result.observe(get('nodejs.eventloop.utilization'), window.utilization);
        result.observe(get('nodejs.eventloop.time'), elu.active / 1000, { 'nodejs.eventloop.state': 'active' });
        result.observe(get('nodejs.eventloop.time'), elu.idle / 1000, { 'nodejs.eventloop.state': 'idle' });
        for (const space of heapSpaces()) {
          const a = { 'v8js.heap.space.name': space.space_name };
          result.observe(get('v8js.memory.heap.used'), space.space_used_size, a);
          result.observe(get('v8js.memory.heap.limit'), space.space_size, a);
          result.observe(get('v8js.heap.space.available_size'), space.space_available_size, a);
        }
        result.observe(get('process.cpu.time'), cpu.user / 1e6, { 'cpu.mode': 'user' });
        result.observe(get('process.cpu.time'), cpu.system / 1e6, { 'cpu.mode': 'system' });
        result.observe(get('process.cpu.utilization'), userShare, { 'cpu.mode': 'user' });
        result.observe(get('process.cpu.utilization'), systemShare, { 'cpu.mode': 'system' });
        result.observe(get('process.memory.usage'), memory.rss);
        result.observe(get('process.uptime'), process.uptime());
        for (const [type, n] of handles) result.observe(get('nodejs.active_handles'), n, { 'nodejs.handle.type': type });
      };
      const observables = [...o.values()];
      meter.addBatchObservableCallback(callback, observables);
      return { meter, callback, observables };
    },
    (v) => v.meter.removeBatchObservableCallback(v.callback, v.observables),
  );
  bound.get();
  // The provider may be registered after this call (library start order): re-check on a slow
  // unref'd timer. Building on a new provider calls into it, so a throw there must not reach the app.
  const timer = setInterval(() => {
    try {
      bound.get();
    } catch (error) {
      warnOnce('metrics:runtime', `runtime metrics failed: ${(error as Error).message}`);
    }
  }, 10_000);
  timer.unref();

  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    gcObserver.disconnect();
    delay.disable();
    bound.close();
    gcBound.close();
  };
}
