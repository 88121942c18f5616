/**
 * Runtime: event loop, heap, garbage collection, CPU, resident memory and handles of each process,
 * and the telemetry pipeline's own health (queues, drops, export failures). The two profiles name
 * the runtime series differently (semantic conventions vs prom-client's defaults), so each has its
 * own panel set; the pipeline series are the same in both.
 */
import type { MixinContext } from '../context.js';
import { OtelkitDashboard, selectors, type PanelQuery, type PanelSpec, type Selectors } from './panels.js';

const byInstance = (s: Selectors, name: string): string => `max by (instance) (${s.series(name)})`;

/** Heap in use against its size (semconv: the limit; prom-client: the current total). */
function heapPanel(s: Selectors, used: string, size: string, sizeWord: string): PanelSpec {
  return {
    title: `Heap used and ${sizeWord}`,
    description: `V8 heap in use against its ${sizeWord}.`,
    unit: 'bytes',
    min: 0,
    queries: [
      { expr: `sum by (instance) (${s.series(used)})`, legend: 'used {{instance}}' },
      { expr: `sum by (instance) (${s.series(size)})`, legend: `${sizeWord} {{instance}}` },
    ],
  };
}

/** Garbage collection from a pause histogram, by its kind label. */
function gcRow(d: OtelkitDashboard, s: Selectors, gc: string, kind: string): void {
  d.row('Garbage collection')
    .timeseries({ title: 'Time in GC', description: 'Share of each second spent in garbage collection pauses, by kind.', unit: 'percentunit', stack: true, queries: [{ expr: `sum by (${kind}) (${s.rate(`${gc}_sum`)})`, legend: `{{${kind}}}` }] })
    .timeseries({ title: 'GC pauses per second', description: 'Garbage collections per second, by kind.', unit: 'ops', queries: [{ expr: `sum by (${kind}) (${s.rate(`${gc}_count`)})`, legend: `{{${kind}}}` }] })
    .timeseries({ title: 'GC pause p99', description: '99th percentile of garbage collection pauses, by kind.', unit: 's', queries: [{ expr: s.quantile(0.99, gc, [kind]), legend: `{{${kind}}}` }] });
}

function semconvRuntime(d: OtelkitDashboard, c: MixinContext, s: Selectors): void {
  const stats = ['min', 'mean', 'p50', 'p90', 'p99', 'max'] as const;
  const gcType = c.label('v8js.gc.duration', 'v8js.gc.type');
  const space = c.label('v8js.memory.heap.used', 'v8js.heap.space.name');
  const loopState = c.label('nodejs.eventloop.time', 'nodejs.eventloop.state');
  const cpuMode = c.label('process.cpu.time', 'cpu.mode');
  const handleType = c.label('nodejs.active_handles', 'nodejs.handle.type');
  d.row('Event loop')
    .timeseries({
      title: 'Event loop delay',
      description: 'Delay of the event loop since the previous collection: how late timers and I/O callbacks ran.',
      unit: 's',
      queries: stats.map((stat): PanelQuery => ({ expr: byInstance(s, c.metric(`nodejs.eventloop.delay.${stat}`)), legend: `${stat} {{instance}}` })),
    })
    .timeseries({ title: 'Event loop delay spread', description: 'Standard deviation of the event loop delay: jitter.', unit: 's', queries: [{ expr: byInstance(s, c.metric('nodejs.eventloop.delay.stddev')), legend: '{{instance}}' }] })
    .timeseries({ title: 'Event loop utilization', description: 'Share of time the event loop was busy.', unit: 'percentunit', min: 0, max: 1, queries: [{ expr: byInstance(s, c.metric('nodejs.eventloop.utilization')), legend: '{{instance}}' }] })
    .timeseries({
      title: 'Event loop time by state',
      description: 'Share of each second the event loop spent active or idle.',
      unit: 'percentunit',
      stack: true,
      queries: [{ expr: `sum by (instance, ${loopState}) (${s.rate(c.metric('nodejs.eventloop.time'))})`, legend: `{{${loopState}}} {{instance}}` }],
    });
  d.row('Memory').timeseries(heapPanel(s, c.metric('v8js.memory.heap.used'), c.metric('v8js.memory.heap.limit'), 'limit'))
    .timeseries({ title: 'Heap used by space', description: 'V8 heap in use, per heap space.', unit: 'bytes', stack: true, queries: [{ expr: `sum by (${space}) (${s.series(c.metric('v8js.memory.heap.used'))})`, legend: `{{${space}}}` }] })
    .timeseries({ title: 'Heap space available', description: 'Room left in each V8 heap space.', unit: 'bytes', queries: [{ expr: `sum by (${space}) (${s.series(c.metric('v8js.heap.space.available_size'))})`, legend: `{{${space}}}` }] })
    .timeseries({ title: 'Resident memory', description: 'Resident set size (RSS) of each process.', unit: 'bytes', min: 0, queries: [{ expr: `sum by (instance) (${s.series(c.metric('process.memory.usage'))})`, legend: '{{instance}}' }] });
  gcRow(d, s, c.metric('v8js.gc.duration'), gcType);
  d.row('Process')
    .timeseries({ title: 'CPU time by mode', description: 'CPU seconds used per second, by mode (user, system).', unit: 'percentunit', stack: true, queries: [{ expr: `sum by (instance, ${cpuMode}) (${s.rate(c.metric('process.cpu.time'))})`, legend: `{{${cpuMode}}} {{instance}}` }] })
    .timeseries({ title: 'CPU utilization', description: 'CPU used since the previous collection, as a share of one core.', unit: 'percentunit', queries: [{ expr: `sum by (instance, ${cpuMode}) (${s.series(c.metric('process.cpu.utilization'))})`, legend: `{{${cpuMode}}} {{instance}}` }] })
    .timeseries({ title: 'Active handles', description: 'libuv handles and requests keeping each process alive, by type.', unit: 'short', queries: [{ expr: `sum by (${handleType}) (${s.series(c.metric('nodejs.active_handles'))})`, legend: `{{${handleType}}}` }] })
    .stat({ title: 'Uptime', description: 'Time since the process started (the youngest instance).', unit: 's', queries: [{ expr: `min(${s.series(c.metric('process.uptime'))})` }] });
}

function classicRuntime(d: OtelkitDashboard, c: MixinContext, s: Selectors): void {
  const lag: ReadonlyArray<[string, string]> = [['min', 'nodejs_eventloop_lag_min'], ['mean', 'nodejs_eventloop_lag'], ['p50', 'nodejs_eventloop_lag_p50'], ['p90', 'nodejs_eventloop_lag_p90'], ['p99', 'nodejs_eventloop_lag_p99'], ['max', 'nodejs_eventloop_lag_max']];
  const kind = c.label('nodejs_gc_duration', 'kind');
  const space = c.label('nodejs_heap_space_size_used', 'space');
  const handleType = c.label('nodejs_active_handles', 'type');
  d.row('Event loop')
    .timeseries({ title: 'Event loop lag', description: 'Event loop lag since the previous collection: how late timers and I/O callbacks ran.', unit: 's', queries: lag.map(([stat, name]): PanelQuery => ({ expr: byInstance(s, c.metric(name)), legend: `${stat} {{instance}}` })) })
    .timeseries({ title: 'Event loop utilization', description: 'Share of time the event loop was busy.', unit: 'percentunit', min: 0, max: 1, queries: [{ expr: byInstance(s, c.metric('nodejs_eventloop_utilization')), legend: '{{instance}}' }] });
  d.row('Memory').timeseries(heapPanel(s, c.metric('nodejs_heap_size_used'), c.metric('nodejs_heap_size_total'), 'total'))
    .timeseries({ title: 'Heap used by space', description: 'V8 heap in use, per heap space.', unit: 'bytes', stack: true, queries: [{ expr: `sum by (${space}) (${s.series(c.metric('nodejs_heap_space_size_used'))})`, legend: `{{${space}}}` }] })
    .timeseries({ title: 'External memory', description: 'Memory of C++ objects bound to JavaScript objects (buffers).', unit: 'bytes', queries: [{ expr: `sum by (instance) (${s.series(c.metric('nodejs_external_memory'))})`, legend: '{{instance}}' }] })
    .timeseries({ title: 'Resident memory', description: 'Resident set size (RSS) of each process.', unit: 'bytes', min: 0, queries: [{ expr: `sum by (instance) (${s.series(c.metric('process_resident_memory'))})`, legend: '{{instance}}' }] });
  gcRow(d, s, c.metric('nodejs_gc_duration'), kind);
  d.row('Process')
    .timeseries({
      title: 'CPU time',
      description: 'CPU seconds used per second: user, system and both.',
      unit: 'percentunit',
      queries: [
        { expr: `sum by (instance) (${s.rate(c.metric('process_cpu_user'))})`, legend: 'user {{instance}}' },
        { expr: `sum by (instance) (${s.rate(c.metric('process_cpu_system'))})`, legend: 'system {{instance}}' },
        { expr: `sum by (instance) (${s.rate(c.metric('process_cpu'))})`, legend: 'total {{instance}}' },
      ],
    })
    .timeseries({ title: 'Active handles', description: 'libuv handles keeping each process alive, by type.', unit: 'short', queries: [{ expr: `sum by (${handleType}) (${s.series(c.metric('nodejs_active_handles'))})`, legend: `{{${handleType}}}` }] })
    .stat({ title: 'Uptime', description: 'Time since the process started (the youngest instance).', unit: 's', queries: [{ expr: `time() - max(${s.series(c.metric('process_start_time'))})` }] });
}

function telemetryPipeline(d: OtelkitDashboard, c: MixinContext, s: Selectors): void {
  const component = c.label('otel.sdk.exporter.span.exported', 'otel.component.type');
  const error = c.label('otel.sdk.exporter.span.exported', 'error.type');
  d.row('Telemetry pipeline');
  for (const item of ['span', 'log'] as const) {
    const size = c.metric(`otel.sdk.processor.${item}.queue.size`);
    const capacity = c.metric(`otel.sdk.processor.${item}.queue.capacity`);
    const label = item === 'span' ? 'Span' : 'Log record';
    d.timeseries({
      title: `${label} queue fill`,
      description: `${label}s waiting in the batch processor's queue, as a share of its capacity: at 1, new ones are dropped.`,
      unit: 'percentunit',
      min: 0,
      max: 1,
      queries: [{ expr: `sum by (instance) (${s.series(size)}) / sum by (instance) (${s.series(capacity)})`, legend: '{{instance}}' }],
    })
      .timeseries({
        title: `${label}s processed and dropped`,
        description: `${label}s the batch processor handled per second; dropped ones carry error_type (queue_full).`,
        unit: 'cps',
        queries: [{ expr: `sum by (${error}) (${s.rate(c.metric(`otel.sdk.processor.${item}.processed`))})`, legend: `{{${error}}}` }],
      })
      .timeseries({
        title: `${label}s exported`,
        description: `${label}s each exporter tried to send per second; failures carry error_type.`,
        unit: 'cps',
        queries: [{ expr: `sum by (${component}, ${error}) (${s.rate(c.metric(`otel.sdk.exporter.${item}.exported`))})`, legend: `{{${component}}} {{${error}}}` }],
      });
  }
  d.timeseries({
    title: 'Metric data points exported',
    description: 'Metric data points each push exporter tried to send per second; failures carry error_type.',
    unit: 'cps',
    queries: [{ expr: `sum by (${component}, ${error}) (${s.rate(c.metric('otel.sdk.exporter.metric_data_point.exported'))})`, legend: `{{${component}}} {{${error}}}` }],
  });
}

export function runtimeDashboard(c: MixinContext): OtelkitDashboard {
  const s = selectors(c);
  const d = new OtelkitDashboard('otelkit-runtime', 'otelkit / Node.js runtime', 'Event loop, heap, garbage collection, CPU, memory and handles of each process, and the health of the telemetry pipeline.');
  if (c.profile === 'semconv') semconvRuntime(d, c, s);
  else classicRuntime(d, c, s);
  telemetryPipeline(d, c, s);
  return d;
}
