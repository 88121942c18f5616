// Settings shared by the API and the worker, all from the environment (defaults in README.md).
'use strict';

const env = process.env;
const prefix = env.JOB_PLATFORM_PREFIX || 'autonomos';

const settings = Object.freeze({
  port: Number(env.PORT ?? 5000),
  host: env.HOST || '127.0.0.1',
  redis: { host: env.REDIS_HOST || '127.0.0.1', port: Number(env.REDIS_PORT ?? 6379), maxRetriesPerRequest: null },
  pg: { host: env.PGHOST || '127.0.0.1', port: Number(env.PGPORT ?? 5432), user: env.PGUSER || 'postgres', database: env.PGDATABASE || 'test', max: Number(env.PG_POOL_MAX ?? 10) },
  // Every Redis key of the example starts with this, so several runs can share one Redis.
  prefix,
  queueName: 'mappings',
  // Jobs one tenant may run at once: the runbook's semaphore (its gauge panel divides by 5).
  semaphoreLimit: 5,
  workerId: env.WORKER_ID || 'worker-1',
  // Figures read from Redis (queue depth per tenant) are refreshed this often.
  pollMs: Number(env.JOB_PLATFORM_POLL_MS ?? 1000),
});

/** The runbook's semaphore key, under the example's prefix. */
function semaphoreKey(tenant) {
  return `${prefix}:job:semaphore:tenant:${tenant}`;
}
/** Ids of the jobs of one tenant that wait in the queue (the per-tenant queue depth). */
function waitingKey(tenant) {
  return `${prefix}:queue:${settings.queueName}:waiting:${tenant}`;
}
const TENANTS_KEY = `${prefix}:tenants`;
const CRASHES_KEY = `${prefix}:worker:crashes`;
function workerStateKey(id) {
  return `${prefix}:worker:${id}:state`;
}

/** Tenant ids become Redis keys and metric labels: keep them short and plain. */
function validTenant(value) {
  return typeof value === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(value);
}

module.exports = { settings, semaphoreKey, waitingKey, TENANTS_KEY, CRASHES_KEY, workerStateKey, validTenant };
