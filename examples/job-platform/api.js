// The AutonomOS API: tenants submit bulk mappings and DCL graph rebuilds, which become jobs on the
// BullMQ queue `mappings` for the worker (worker.js). Run under the preload:
//   node --require @otelkit/node/register api.js
// The preload traces every request, answers with X-Trace-ID and puts trace_id on the log lines;
// this file adds the runbook's own fields (tenant_id, job_id, latency_ms) and metrics.
'use strict';
const { randomUUID } = require('node:crypto');
const express = require('express');
const Redis = require('ioredis');
const pg = require('pg');
const { Queue } = require('bullmq');
const { BullMQOtel } = require('bullmq-otel');
const { SpanStatusCode, context, trace } = require('@opentelemetry/api');
const { createLogger, withLogContext } = require('@otelkit/logs');
const { metricsHandler, observePool } = require('@otelkit/metrics');
const { currentTraceId } = require('@otelkit/tracing');
const { settings, TENANTS_KEY, semaphoreKey, validTenant, waitingKey } = require('./lib/config');
const { observeRedisMemory, timedQuery } = require('./lib/metrics');
const { ensureSchema } = require('./lib/schema');

const log = createLogger({ name: 'app.api.v1.bulk_mappings' });
const redis = new Redis(settings.redis);
const pool = new pg.Pool(settings.pg);
// The job carries the request's trace context (BullMQ's telemetry interface), so the worker's spans
// join the trace of the request that enqueued the job.
const queue = new Queue(settings.queueName, { connection: settings.redis, prefix: settings.prefix, telemetry: new BullMQOtel({ tracerName: 'job-platform' }) });

observePool({ name: 'autonomos-db', pool });
observeRedisMemory(redis);

const app = express();
app.use(express.json({ limit: '100kb' }));
app.use(metricsHandler());

// Every request: its tenant on the span (Jaeger: tags.tenant_id=...) and on its log lines, and one
// access line with latency_ms when the response is sent.
app.use((req, res, next) => {
  const started = performance.now();
  const tenant = req.get('x-tenant-id') ?? req.body?.tenant_id ?? req.query.tenant_id;
  const fields = validTenant(tenant) ? { tenant_id: tenant } : {};
  if (fields.tenant_id !== undefined) trace.getActiveSpan()?.setAttribute('tenant_id', fields.tenant_id);
  res.locals.started = started;
  const ctx = context.active();
  res.on('finish', () => {
    context.with(ctx, () => {
      const line = { method: req.method, endpoint: req.route?.path ?? req.path, status_code: res.statusCode, latency_ms: Math.round(performance.now() - started) };
      if (res.statusCode >= 500) log.error(line, 'Request failed');
      else if (line.latency_ms > 2000) log.warn(line, 'High latency request');
      else log.info(line, 'Request completed');
    });
  });
  withLogContext(fields, next);
});

const elapsed = (res) => Math.round(performance.now() - res.locals.started);
const SIMULATIONS = new Set(['fail', 'leak', 'crash', 'slow']);

function tenantOf(req, res) {
  const tenant = req.get('x-tenant-id') ?? req.body?.tenant_id ?? req.query.tenant_id;
  if (validTenant(tenant)) return tenant;
  res.status(400).json({ error: 'tenant_id is required (1-64 of A-Z a-z 0-9 . _ -)', trace_id: currentTraceId() });
  return undefined;
}

async function enqueue(req, res, name, data) {
  const tenant = data.tenant_id;
  const jobId = `job-${randomUUID()}`;
  // Counted per tenant before the job can start, so the worker's SREM always finds it.
  await redis.multi().sadd(TENANTS_KEY, tenant).sadd(waitingKey(tenant), jobId).exec();
  await queue.add(name, { ...data, enqueued_at: Date.now() }, { jobId, removeOnComplete: 1000, removeOnFail: 1000 });
  trace.getActiveSpan()?.setAttribute('job_id', jobId);
  log.info({ job_id: jobId, job_type: name, latency_ms: elapsed(res) }, 'Job created'); // tenant_id: from the request's log context
  res.status(202).json({ job_id: jobId, status: 'queued', trace_id: currentTraceId() });
}

app.post('/api/v1/bulk-mappings', async (req, res) => {
  const tenant = tenantOf(req, res);
  if (tenant === undefined) return;
  const { connector_type: connector = 'salesforce', mappings = 10, simulate } = req.body ?? {};
  if (!Number.isInteger(mappings) || mappings < 1 || mappings > 500) return res.status(400).json({ error: 'mappings must be an integer from 1 to 500', trace_id: currentTraceId() });
  if (simulate !== undefined && !SIMULATIONS.has(simulate)) return res.status(400).json({ error: `simulate must be one of ${[...SIMULATIONS].join(', ')}`, trace_id: currentTraceId() });
  await enqueue(req, res, 'bulk_mapping', { tenant_id: tenant, connector_type: String(connector).slice(0, 32), mappings, simulate });
});

app.post('/api/v1/dcl/rebuild', async (req, res) => {
  const tenant = tenantOf(req, res);
  if (tenant === undefined) return;
  const simulate = req.body?.simulate === 'slow' ? 'slow' : undefined;
  await enqueue(req, res, 'dcl_graph_build', { tenant_id: tenant, simulate });
});

app.get('/api/v1/jobs/:id', async (req, res) => {
  const job = await queue.getJob(req.params.id);
  if (job === undefined || job === null) return res.status(404).json({ error: 'job not found', trace_id: currentTraceId() });
  res.json({ job_id: job.id, job_type: job.name, tenant_id: job.data.tenant_id, state: await job.getState(), failed_reason: job.failedReason ?? null, result: job.returnvalue ?? null });
});

// Reads the tenant's stored mappings. `slow=1` holds the connection 2.2 s (the runbook's
// latency > 2 s cases); `broken=1` sends a query PostgreSQL rejects (a 5xx).
app.get('/api/v1/mappings', async (req, res) => {
  const tenant = tenantOf(req, res);
  if (tenant === undefined) return;
  if (req.query.slow === '1') await timedQuery(pool, 'sleep', 'SELECT pg_sleep(2.2)');
  const sql = req.query.broken === '1' ? 'SELECT * FROM autonomos_missing_table WHERE tenant_id = $1' : 'SELECT connector_type, count(*)::int AS mappings FROM autonomos_mappings WHERE tenant_id = $1 GROUP BY connector_type';
  const { rows } = await timedQuery(pool, 'select', sql, [tenant]);
  res.json({ tenant_id: tenant, connectors: rows, trace_id: currentTraceId() });
});

// The runbook's manual remediation for a semaphore leak.
app.post('/api/v1/admin/semaphores/:tenant/reset', async (req, res) => {
  if (!validTenant(req.params.tenant)) return res.status(400).json({ error: 'invalid tenant id' });
  const before = Number((await redis.getset(semaphoreKey(req.params.tenant), 0)) ?? 0);
  log.warn({ tenant_id: req.params.tenant, released_slots: before, latency_ms: elapsed(res) }, 'Semaphore reset');
  res.json({ tenant_id: req.params.tenant, semaphore: 0, was: before });
});

app.get('/health', async (_req, res) => {
  const [redisOk, pgOk] = await Promise.all([redis.ping().then(() => true, () => false), pool.query('SELECT 1').then(() => true, () => false)]);
  res.status(redisOk && pgOk ? 200 : 503).json({ status: redisOk && pgOk ? 'healthy' : 'unhealthy', redis: redisOk, postgres: pgOk });
});

// Errors: status ERROR on the request's span (Jaeger: tags.error=true) and one ERROR line.
app.use((error, req, res, _next) => {
  const span = trace.getActiveSpan();
  span?.recordException(error);
  span?.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  log.error({ err: { type: error.name, message: error.message }, latency_ms: elapsed(res) }, `Request failed: ${error.message}`);
  if (!res.headersSent) res.status(500).json({ error: 'internal error', trace_id: currentTraceId() });
});

async function main() {
  await ensureSchema(pool);
  const server = app.listen(settings.port, settings.host, () => {
    log.info({ port: server.address().port }, 'API started');
    console.log(`job-platform api listening on http://${settings.host}:${server.address().port}`);
  });
  const stop = () => {
    server.close();
    void Promise.allSettled([queue.close(), pool.end()]).then(() => redis.quit()).finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  log.fatal({ err: { type: error.name, message: error.message } }, 'API failed to start');
  process.exitCode = 1;
  void Promise.allSettled([queue.close(), pool.end()]).then(() => redis.quit());
});
