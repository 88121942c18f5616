// The playbook's application metrics that otelkit's helpers do not cover, as plain OpenTelemetry
// instruments. The Prometheus names follow from the instrument name and unit: a counter gains
// `_total`, unit `s` gains `_seconds`, unit `By` gains `_bytes`. HTTP request metrics
// (http_requests_total, http_request_duration_seconds, http_requests_in_flight) come from the
// preload's prometheus-classic profile; tool_queue_depth, rate_limit_utilization and
// rate_limit_queue_depth from the helpers in ./limits.js, named in example.env.
'use strict';
const { metrics, ValueType } = require('@opentelemetry/api');

const meter = metrics.getMeter('tool-orchestrator', '0.1.0');

// Tool runs take from a few milliseconds (calculator) to seconds (code interpreter).
const TOOL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 5, 10];

const toolExecutions = meter.createCounter('tool_executions', { description: 'Tool executions by tool and outcome (success, error, timeout).' });
const toolDuration = meter.createHistogram('tool_execution_duration', {
  description: 'Time a tool execution took, queueing excluded.',
  unit: 's',
  advice: { explicitBucketBoundaries: TOOL_BUCKETS },
});
const rateLimitHits = meter.createCounter('rate_limit_hits', { description: 'Calls refused because a service rate limit and its wait queue were full.' });
const speculationAttempts = meter.createCounter('speculation_attempts', { description: 'Speculative tool executions by outcome (hit: the plan used it, miss: wasted).' });

/**
 * Gauges read at collection time from the objects that own the state.
 * @param {{ speculation: () => { accuracy: number | undefined, savedSeconds: number }, connections: () => number, poolSize: () => number }} sources
 */
function observeState(sources) {
  const accuracy = meter.createObservableGauge('speculation_accuracy_ratio', { description: 'Speculative executions the plan used, over all speculative executions.' });
  const saved = meter.createObservableGauge('speculation_time_saved', { description: 'Planner time overlapped by speculative executions the plan used, since start.', unit: 's' });
  const memory = meter.createObservableGauge('memory_usage', { description: 'Resident memory of the process.', unit: 'By', valueType: ValueType.INT });
  const cpu = meter.createObservableGauge('cpu_usage_percent', { description: 'CPU time used by the process over wall time since the previous collection, in percent of one core.' });
  const active = meter.createObservableGauge('active_connections', { description: 'Open client connections to the HTTP server.', valueType: ValueType.INT });
  const poolSize = meter.createObservableGauge('connection_pool_size', { description: 'Connections of the database tool pool.', valueType: ValueType.INT });

  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();
  meter.addBatchObservableCallback(
    (result) => {
      const spec = sources.speculation();
      if (spec.accuracy !== undefined) result.observe(accuracy, spec.accuracy);
      result.observe(saved, spec.savedSeconds);
      result.observe(memory, process.memoryUsage.rss());
      const now = performance.now();
      const used = process.cpuUsage(lastCpu);
      const wallMs = now - lastAt;
      if (wallMs > 0) result.observe(cpu, ((used.user + used.system) / 1000 / wallMs) * 100);
      lastCpu = process.cpuUsage();
      lastAt = now;
      result.observe(active, sources.connections());
      result.observe(poolSize, sources.poolSize());
    },
    [accuracy, saved, memory, cpu, active, poolSize],
  );
}

module.exports = { toolExecutions, toolDuration, rateLimitHits, speculationAttempts, observeState };
