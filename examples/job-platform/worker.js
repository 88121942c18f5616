// The AutonomOS worker: runs the jobs the API enqueues on the BullMQ queue `mappings`, each inside
// its tenant's Redis semaphore. Run under the preload:
//   node --require @otelkit/node/register worker.js
// A job's spans join the trace of the API request that enqueued it (BullMQ's telemetry interface
// carries the context in the job), and carry tenant_id and an error status when the job fails.
'use strict';
const Redis = require('ioredis');
const pg = require('pg');
const { DelayedError, Worker } = require('bullmq');
const { BullMQOtel } = require('bullmq-otel');
const { SpanStatusCode, trace } = require('@opentelemetry/api');
const { createLogger, withLogContext } = require('@otelkit/logs');
const { instrumentQueue, observePool } = require('@otelkit/metrics');
const { withSpan } = require('@otelkit/tracing');
const { settings, CRASHES_KEY, TENANTS_KEY, waitingKey, workerStateKey } = require('./lib/config');
const { observeWorkerCrashes, recordDrift, recordGraphBuild, recordRepair, timedQuery } = require('./lib/metrics');
const { ensureSchema } = require('./lib/schema');
const { tenantSemaphores } = require('./lib/semaphore');

const log = createLogger({ name: 'app.workers.mapping_worker' });
const redis = new Redis(settings.redis);
const pool = new pg.Pool(settings.pg);
const semaphores = tenantSemaphores(redis, () => redis.smembers(TENANTS_KEY));
const queueMetrics = instrumentQueue({ name: settings.queueName, tenantLabel: true });
observePool({ name: 'autonomos-db', pool });
observeWorkerCrashes(redis, CRASHES_KEY);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const DRIFT_EVENTS = ['field_added', 'field_removed', 'type_changed'];

class MappingError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

// --- Jobs ---------------------------------------------------------------------------------------

async function bulkMapping(job) {
  const { tenant_id: tenant, connector_type: connector, mappings, simulate } = job.data;
  if (simulate === 'crash' && job.stalledCounter === 0) crash(job);
  const rows = Array.from({ length: mappings }, (_, i) => [`src_${i}`, `tgt_${i}`]);
  await timedQuery(pool, 'insert', 'INSERT INTO autonomos_mappings (tenant_id, job_id, connector_type, source_field, target_field) SELECT $1, $2, $3, s, t FROM unnest($4::text[], $5::text[]) AS u(s, t)', [tenant, job.id, connector, rows.map((r) => r[0]), rows.map((r) => r[1])]);
  // AAM: compare the connector's schema with the stored mappings; repair what drifted.
  const drift = await withSpan('aam.drift_scan', async (span) => {
    await sleep(20 + Math.random() * 60 + mappings);
    const events = Math.random() < 0.4 ? 1 + Math.floor(Math.random() * 3) : 0;
    span.setAttributes({ tenant_id: tenant, connector_type: connector, 'aam.drift_events': events });
    return events;
  }, { attributes: { tenant_id: tenant } });
  let repaired = 0;
  for (let i = 0; i < drift; i++) {
    const eventType = DRIFT_EVENTS[Math.floor(Math.random() * DRIFT_EVENTS.length)];
    recordDrift(tenant, connector, eventType);
    const success = Math.random() < 0.8;
    recordRepair(tenant, success);
    if (success) repaired++;
    else log.warn({ connector_type: connector, event_type: eventType }, 'Auto-repair failed, mapping needs review');
  }
  if (simulate === 'slow') await sleep(2300);
  if (simulate === 'fail') throw new MappingError('ValidationError', `mapping validation failed: target field tgt_${mappings - 1} does not exist in ${connector}`);
  if (simulate === 'leak') throw new MappingError('ConnectorTimeout', `${connector} did not answer within 30s`);
  return { mappings, drift_events: drift, repaired };
}

async function dclGraphBuild(job) {
  const { tenant_id: tenant, simulate } = job.data;
  return withSpan('dcl.graph.build', async (span) => {
    const started = performance.now();
    const { rows } = await timedQuery(pool, 'select', 'SELECT count(*)::int AS n FROM autonomos_mappings WHERE tenant_id = $1', [tenant]);
    const nodes = 50 + Math.min(rows[0].n, 5000) + Math.floor(Math.random() * 50);
    const edges = Math.floor(nodes * (1.2 + Math.random()));
    await sleep(simulate === 'slow' ? 2500 + Math.random() * 500 : 50 + nodes / 20);
    const seconds = (performance.now() - started) / 1000;
    recordGraphBuild(tenant, seconds, nodes, edges);
    span.setAttributes({ 'dcl.graph.nodes': nodes, 'dcl.graph.edges': edges });
    return { nodes, edges, build_seconds: seconds };
  }, { attributes: { tenant_id: tenant } });
}

const JOBS = { bulk_mapping: bulkMapping, dcl_graph_build: dclGraphBuild };

// The failure the WorkerCrashRate alert watches: an exception nothing catches ends the process
// while it holds the job and its tenant's semaphore slot. The job comes back (BullMQ's stalled-job
// check), the slot does not (the semaphore leak).
function crash(job) {
  log.fatal({}, 'Worker crashing: parser state corrupted');
  setImmediate(() => {
    throw new MappingError('WorkerCrash', `parser state corrupted while processing ${job.id}`);
  });
}

// --- The processor --------------------------------------------------------------------------------

async function processJob(job, token) {
  const tenant = job.data.tenant_id;
  const span = trace.getActiveSpan();
  span?.setAttributes({ tenant_id: tenant, job_id: job.id, job_type: job.name });
  await redis.srem(waitingKey(tenant), job.id);
  const slot = await semaphores.acquire(tenant);
  if (slot === undefined) {
    // The tenant already runs its limit of jobs: back to the queue for a moment.
    await redis.sadd(waitingKey(tenant), job.id);
    await job.moveToDelayed(Date.now() + 250, token);
    throw new DelayedError();
  }
  const handle = queueMetrics.start({ tenant, type: job.name, enqueuedAt: job.data.enqueued_at });
  const started = performance.now();
  return withLogContext({ tenant_id: tenant, job_id: job.id }, async () => {
    try {
      const run = JOBS[job.name];
      if (run === undefined) throw new MappingError('UnknownJobType', `no handler for ${job.name}`);
      const result = await run(job);
      handle.complete();
      await slot.release();
      log.info({ job_type: job.name, latency_ms: Math.round(performance.now() - started) }, 'Job completed');
      return result;
    } catch (error) {
      handle.fail(error);
      span?.recordException(error);
      span?.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      // The bug behind the runbook's semaphore leak: this error path forgets the Redis slot.
      if (error.name === 'ConnectorTimeout') {
        slot.abandon();
        log.error({ job_type: job.name, latency_ms: Math.round(performance.now() - started) }, `Job failed: ${error.message} (semaphore slot not released)`);
      } else {
        await slot.release();
        log.error({ job_type: job.name, latency_ms: Math.round(performance.now() - started) }, `Job failed: ${error.message}`);
      }
      throw error;
    }
  });
}

// Per-tenant backlog from Redis (the queue itself has no per-tenant count).
async function refreshFigures() {
  const tenants = await redis.smembers(TENANTS_KEY);
  const depths = await Promise.all(tenants.map((t) => redis.scard(waitingKey(t))));
  tenants.forEach((tenant, i) => queueMetrics.setDepth(depths[i], { tenant }));
}

async function main() {
  await ensureSchema(pool);
  // A worker that finds its own state still `running` replaced one that died without stopping.
  const previous = await redis.getset(workerStateKey(settings.workerId), 'running');
  if (previous === 'running') {
    await redis.incr(CRASHES_KEY);
    log.error({ worker_id: settings.workerId }, 'Worker crash detected: the previous worker process did not shut down');
  }
  const worker = new Worker(settings.queueName, processJob, {
    connection: settings.redis,
    prefix: settings.prefix,
    concurrency: 8,
    // A crashed worker's job is noticed (and run again) within seconds.
    lockDuration: 10_000,
    stalledInterval: 5_000,
    telemetry: new BullMQOtel({ tracerName: 'job-platform' }),
  });
  worker.on('error', (error) => log.error({ err: { type: error.name, message: error.message } }, 'Worker error'));
  worker.on('stalled', (jobId) => log.warn({ job_id: jobId }, 'Job stalled: its worker died, running it again'));
  const poll = setInterval(() => void refreshFigures().catch((error) => log.warn({ err: { message: error.message } }, 'Reading queue figures failed')), settings.pollMs);
  await refreshFigures();
  log.info({ worker_id: settings.workerId }, 'Worker started');
  console.log(`job-platform worker ${settings.workerId} ready`);
  const stop = async () => {
    clearInterval(poll);
    await worker.close();
    await redis.set(workerStateKey(settings.workerId), 'stopped');
    await Promise.allSettled([pool.end(), redis.quit()]);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((error) => {
  log.fatal({ err: { type: error.name, message: error.message } }, 'Worker failed to start');
  process.exitCode = 1;
  void Promise.allSettled([pool.end(), redis.quit()]);
});
