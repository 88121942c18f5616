// The runbook's metrics that are this platform's own (not a queue, semaphore, pool or HTTP metric,
// which @otelkit/metrics records): DCL graph size and build time, AAM drift and repairs, database
// query time, Redis memory and worker crashes. Plain OpenTelemetry instruments: the Prometheus
// names follow from name, unit and kind (`autonomos.dcl.build` in `s` -> autonomos_dcl_build_seconds).
'use strict';
const { metrics } = require('@opentelemetry/api');

const meter = metrics.getMeter('job-platform');
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10];

const dclNodes = meter.createGauge('autonomos.dcl.graph.nodes', { description: 'Number of nodes in DCL graph', unit: '{node}' });
const dclEdges = meter.createGauge('autonomos.dcl.graph.edges', { description: 'Number of edges in DCL graph', unit: '{edge}' });
const dclBuild = meter.createHistogram('autonomos.dcl.build', { description: 'DCL graph build time', unit: 's', advice: { explicitBucketBoundaries: SECONDS } });
const driftEvents = meter.createCounter('autonomos.aam.drift_events', { description: 'Total drift events detected', unit: '{event}' });
const repairs = meter.createCounter('autonomos.aam.repairs', { description: 'Total auto-repair attempts', unit: '{repair}' });
const dbQuery = meter.createHistogram('autonomos.db.query', { description: 'Database query duration', unit: 's', advice: { explicitBucketBoundaries: SECONDS } });

/** A DCL graph was rebuilt for a tenant. */
function recordGraphBuild(tenant, seconds, nodes, edges) {
  const attrs = { tenant_id: tenant };
  dclBuild.record(seconds, attrs);
  dclNodes.record(nodes, attrs);
  dclEdges.record(edges, attrs);
}

function recordDrift(tenant, connectorType, eventType) {
  driftEvents.add(1, { tenant_id: tenant, connector_type: connectorType, event_type: eventType });
}

function recordRepair(tenant, success) {
  repairs.add(1, { tenant_id: tenant, success: String(success) });
}

/** Run a query through `pool` and record its duration by type (select, insert, ...). */
async function timedQuery(pool, queryType, text, values) {
  const started = performance.now();
  try {
    return await pool.query(text, values);
  } finally {
    dbQuery.record((performance.now() - started) / 1000, { query_type: queryType });
  }
}

/** Redis `used_memory`, read from INFO at each collection (the API process reports it). */
function observeRedisMemory(redis) {
  const gauge = meter.createObservableGauge('autonomos.redis.memory', { description: 'Redis memory usage in bytes', unit: 'By' });
  gauge.addCallback(async (result) => {
    const info = await redis.info('memory').catch(() => '');
    const m = /^used_memory:(\d+)/m.exec(info);
    if (m !== null) result.observe(Number(m[1]));
  });
}

/** Worker crashes, counted in Redis so the total survives the crashed process (the worker reports it). */
function observeWorkerCrashes(redis, key) {
  const counter = meter.createObservableCounter('autonomos.worker.crashes', { description: 'Worker processes that died without shutting down', unit: '{crash}' });
  counter.addCallback(async (result) => {
    const value = await redis.get(key).catch(() => null);
    result.observe(Number(value ?? 0));
  });
}

module.exports = { recordGraphBuild, recordDrift, recordRepair, timedQuery, observeRedisMemory, observeWorkerCrashes };
