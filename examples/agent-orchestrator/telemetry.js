// The runbook's observability contract, through the OpenTelemetry API (the otelkit preload installs
// the SDK behind it; without the preload every call here is a cheap no-op):
// - the metrics its alerts and dashboards read (aet_*), with the labels they select on;
// - the spans of its trace operations (tasks, agent executions, context assembly, registry updates,
//   orchestration cycles);
// - the event log, one JSON line per event with the trace id of the request that caused it;
// - the observability overhead, measured on every telemetry call the app makes and shown on /status.
'use strict';
const os = require('node:os');
const { context, metrics, trace, SpanStatusCode } = require('@opentelemetry/api');
const { createLogger } = require('@otelkit/logs');

const meter = metrics.getMeter('agent-orchestrator', '1.0.0');
const tracer = trace.getTracer('agent-orchestrator', '1.0.0');
const log = createLogger({ name: 'aet.orchestrator' });

// Latency buckets for single agent calls, in seconds. (The task metrics come from otelkit's job-queue
// helper, orchestrator.js.)
const AGENT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

const instruments = {
  agentRequests: meter.createCounter('aet_agent_requests_total', { description: 'Agent operation requests, by agent, operation and outcome.' }),
  agentResponse: meter.createHistogram('aet_agent_response_seconds', { unit: 's', description: 'Agent response time.', advice: { explicitBucketBoundaries: AGENT_BUCKETS } }),
  events: meter.createCounter('aet_events_total', { description: 'Event log entries, by event type and level.' }),
  cycles: meter.createCounter('aet_orchestration_cycles_total', { description: 'Orchestration cycles run, by outcome.' }),
  contextAssembly: meter.createHistogram('aet_context_assembly_seconds', { unit: 's', description: 'Time to assemble an agent context.', advice: { explicitBucketBoundaries: AGENT_BUCKETS } }),
};

// --- Overhead: the time spent inside telemetry calls, against the time spent processing tasks. ---
const overhead = { telemetryMs: 0, calls: 0, tasks: 0, taskMs: 0 };

/** Run one telemetry call and add its time to the overhead figures. */
function timed(fn) {
  const started = performance.now();
  try {
    return fn();
  } finally {
    overhead.telemetryMs += performance.now() - started;
    overhead.calls++;
  }
}

/** The figures /status shows and aet_observability_overhead_percent exports. */
function overheadReport() {
  const percent = overhead.taskMs > 0 ? (overhead.telemetryMs / overhead.taskMs) * 100 : 0;
  return {
    telemetry_calls: overhead.calls,
    telemetry_ms_total: round(overhead.telemetryMs),
    tasks_measured: overhead.tasks,
    task_ms_total: round(overhead.taskMs),
    avg_overhead_ms: overhead.tasks > 0 ? round(overhead.telemetryMs / overhead.tasks, 4) : 0,
    overhead_percent: round(percent, 3),
    target_percent: 5,
    within_target: percent < 5,
  };
}

const round = (n, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

// --- Events: a counter and a JSON log line each. ---
const LEVELS = new Set(['info', 'warn', 'error']);
function event(eventType, level, fields, message) {
  timed(() => {
    instruments.events.add(1, { event_type: eventType, level });
    log[LEVELS.has(level) ? level : 'info']({ event_type: eventType, ...fields }, message);
  });
}

// --- Spans: started, ended and given their outcome through timed(). ---
/** Run `fn(span)` inside a new active span; errors set the span's status and are rethrown. */
async function inSpan(name, attributes, fn) {
  const span = timed(() => tracer.startSpan(name, { attributes }));
  try {
    return await context.with(trace.setSpan(context.active(), span), () => fn(span));
  } catch (error) {
    timed(() => {
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    });
    throw error;
  } finally {
    timed(() => span.end());
  }
}

// --- Resource gauges, read at each collection. ---
let lastCpu = process.cpuUsage();
let lastCpuAt = performance.now();
/** CPU time of this process over wall time since the last reading, in percent of one core. */
function cpuPercent() {
  const now = performance.now();
  const cpu = process.cpuUsage();
  const usedMs = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000;
  const wallMs = now - lastCpuAt;
  lastCpu = cpu;
  lastCpuAt = now;
  return wallMs > 0 ? (usedMs / wallMs) * 100 : 0;
}
/** The memory this process may use: its cgroup limit where one is set, else the machine's memory. */
function memoryLimit() {
  const constrained = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : 0;
  return constrained > 0 && constrained < Number.MAX_SAFE_INTEGER ? constrained : os.totalmem();
}

/**
 * Observable gauges: CPU, memory, health check results and the overhead. `state` gives the health
 * check results the orchestration cycle last saw.
 */
function observeResources(state) {
  meter.createObservableGauge('aet_cpu_usage_percent', { unit: '%', description: 'CPU time of the process over wall time, percent of one core.' }).addCallback((r) => r.observe(cpuPercent()));
  meter.createObservableGauge('aet_memory_usage_bytes', { unit: 'By', description: 'Memory consumption by type; type="limit" is what the process may use.' }).addCallback((r) => {
    const m = process.memoryUsage();
    r.observe(m.rss, { type: 'rss' });
    r.observe(m.heapUsed, { type: 'heap_used' });
    r.observe(m.heapTotal, { type: 'heap_total' });
    r.observe(memoryLimit(), { type: 'limit' });
  });
  meter.createObservableGauge('aet_health_check_status', { description: '1 when the health check passed at the last orchestration cycle, 0 when it failed.' }).addCallback((r) => {
    for (const check of state.healthChecks()) r.observe(check.status === 'fail' ? 0 : 1, { check: check.name });
  });
  meter.createObservableGauge('aet_observability_overhead_percent', { unit: '%', description: 'Time in telemetry calls over task processing time.' }).addCallback((r) => r.observe(overheadReport().overhead_percent));
}

module.exports = { instruments, timed, event, inSpan, overhead, overheadReport, observeResources, log };
