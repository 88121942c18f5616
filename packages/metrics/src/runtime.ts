/**
 * Runtime metrics: event-loop delay and utilization, GC pauses, heap, CPU, memory, uptime and
 * active handles, read from Node's own counters at collection time (nothing runs between
 * collections except the event-loop delay histogram and the GC profiler, both native).
 */
import type { GCProfiler } from 'node:v8';
import { monitorEventLoopDelay, performance, PerformanceObserver, type EventLoopUtilization, type PerformanceEntry } from 'node:perf_hooks';
import type { BatchObservableCallback, BatchObservableResult, Meter, Observable } from '@opentelemetry/api';
import { warnOnce, type OtelkitMetricsProfile } from '@otelkit/core';
import { ProviderBound, createInstrument, createObservable, metricsProfile } from './instruments.js';

// node:v8 pulls in heap utilities and the streams module (~3.5 ms of startup): it is loaded at the
// first GC-log read or collection, not when the runtime metrics start.
const v8 = (): typeof import('node:v8') => process.getBuiltinModule('node:v8');
const heapSpaces = (): ReturnType<typeof import('node:v8').getHeapSpaceStatistics> => v8().getHeapSpaceStatistics();

export interface RuntimeMetricsOptions {
  profile?: OtelkitMetricsProfile;
  /** Event-loop delay sampling resolution in ms (default 20). */
  eventLoopResolutionMs?: number;
  /** How often GC pauses are read from V8's GC log, in ms (default 1000); each collection reads it too. */
  gcReadIntervalMs?: number;
}

/** Stops the runtime metrics. */
export type StopRuntimeMetrics = () => void;

// The v8js.gc.type values, by a 'gc' PerformanceEntry's detail.kind (V8's GCType flags) and by
// GCProfiler's gcType name. A minor mark-sweep (flag 2) collects the young generation.
const GC_KIND_BY_FLAG: Readonly<Record<number, string>> = { 1: 'minor', 2: 'minor', 4: 'major', 8: 'incremental', 16: 'weakcb' };
const GC_KIND_BY_NAME: Readonly<Record<string, string>> = {
  Scavenge: 'minor', MinorMarkSweep: 'minor', MinorMarkCompact: 'minor', MarkSweepCompact: 'major',
  IncrementalMarking: 'incremental', ProcessWeakCallbacks: 'weakcb',
};
// Reading the GC log parses ~4 kB of JSON per GC (35-90 µs each under load): at ~15-30 scavenges
// a second, reading every second keeps each read's pause near 1-2 ms.
const GC_READ_INTERVAL_MS = 1_000;
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
  const recordGc = (kind: string | undefined, seconds: number): void => {
    const k = kind ?? 'major';
    gcBound.get().record(seconds, classic ? { kind: k } : { 'v8js.gc.type': k });
  };
  // GC pauses come from v8.GCProfiler, which logs each GC in native memory, read on a timer and at
  // each collection. A 'gc' PerformanceObserver creates JS objects at every GC, and under load they
  // survive the next scavenge (about 4 kB copied and 4 kB promoted per scavenge), which grows the
  // young generation and RSS. The observer covers only the time to the first read, so that start-up
  // does not load node:v8; it delivers a GC's entry an immediate later, so it stays connected until
  // the read after that, counting only GCs that began before the profiler started. Each later
  // profiler starts before the previous one stops, so no GC falls between them (nothing is
  // allocated in between, so none is counted twice).
  let stopped = false;
  let observedUntil = Number.POSITIVE_INFINITY;
  const recordEntries = (entries: PerformanceEntry[]): void => {
    try {
      for (const e of entries) {
        if (e.startTime < observedUntil) recordGc(GC_KIND_BY_FLAG[(e as { detail?: { kind?: number } }).detail?.kind ?? 0], e.duration / 1000);
      }
    } catch (error) {
      warnOnce('metrics:gc', `GC metrics failed: ${(error as Error).message}`);
    }
  };
  let observer: PerformanceObserver | undefined = new PerformanceObserver((list) => recordEntries(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  let profiler: GCProfiler | undefined;
  const drainGc = (restart: boolean): void => {
    try {
      if (observer && (profiler || !restart)) {
        recordEntries(observer.takeRecords());
        observer.disconnect();
        observer = undefined;
      }
      const previous = profiler;
      profiler = undefined;
      if (restart) {
        profiler = new (v8().GCProfiler)();
        profiler.start();
        if (observer) observedUntil = performance.now();
      }
      const stats = (previous?.stop() as { statistics?: Array<{ gcType: string; cost: number }> } | undefined)?.statistics;
      for (const { gcType, cost } of stats ?? []) recordGc(GC_KIND_BY_NAME[gcType], cost / 1e6);
    } catch (error) {
      warnOnce('metrics:gc', `GC metrics failed: ${(error as Error).message}`);
    }
  };
  const bound = new ProviderBound<{ meter: Meter; callback: BatchObservableCallback; observables: Observable[] }>(
    (meter) => {
      const names = classic
        ? ['process_cpu_user', 'process_cpu_system', 'process_cpu', 'process_resident_memory', 'process_start_time', 'nodejs_eventloop_lag',
           'nodejs_eventloop_lag_min', 'nodejs_eventloop_lag_max', 'nodejs_eventloop_lag_p50', 'nodejs_eventloop_lag_p90', 'nodejs_eventloop_lag_p99',
           'nodejs_eventloop_utilization', 'nodejs_heap_size_total', 'nodejs_heap_size_used', 'nodejs_external_memory', 'nodejs_heap_space_size_used', 'nodejs_active_handles']
        : [...EL_STATS.map((s) => `nodejs.eventloop.delay.${s}`), 'nodejs.eventloop.utilization', 'nodejs.eventloop.time', 'v8js.memory.heap.used',
           'v8js.memory.heap.limit', 'v8js.heap.space.available_size', 'process.cpu.time', 'process.cpu.utilization', 'process.memory.usage', 'process.uptime', 'nodejs.active_handles'];
      const o = new Map(names.map((n) => [n, createObservable(meter, n)]));
      const get = (n: string): Observable => o.get(n)!;
      const callback: BatchObservableCallback = (result: BatchObservableResult) => {
        drainGc(!stopped);
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
  // The provider may be registered after this call (library start order), so the timer that reads
  // the GC log also re-checks it.
  const timer = setInterval(() => {
    try {
      bound.get();
    } catch (error) {
      warnOnce('metrics:runtime', `runtime metrics failed: ${(error as Error).message}`);
    }
    drainGc(true);
  }, options.gcReadIntervalMs ?? GC_READ_INTERVAL_MS);
  timer.unref();

  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    drainGc(false);
    delay.disable();
    bound.close();
    gcBound.close();
  };
}
