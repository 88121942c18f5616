// PostgreSQL through a `pg` Pool. Every query goes through `query(operation, sql, params)`, which
// records its duration and, when it fails, a `db_errors_total` point with the SQLSTATE code. The
// pg instrumentation (loaded by the preload) adds a client span per query to the request's trace.
'use strict';
const { Pool } = require('pg');
const { health } = require('@otelkit/health');
const { observePool } = require('@otelkit/metrics');
const { dbErrors, dbQueryDuration, observeActiveConnections } = require('./telemetry.js');

const pool = new Pool({
  connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  max: Number(process.env.DB_POOL_MAX ?? 10),
  // A report that runs away is cut off instead of holding a connection.
  statement_timeout: Number(process.env.DB_STATEMENT_TIMEOUT_MS ?? 2000),
});
// An idle client that loses its connection must not crash the process.
pool.on('error', () => {});

observePool({ name: 'postgres', pool });
observeActiveConnections(pool);
health.addCheck('postgres', async () => { await pool.query('SELECT 1'); }, { critical: true, timeout: 2000 });

async function query(operation, sql, params = []) {
  const started = performance.now();
  try {
    return await pool.query(sql, params);
  } catch (error) {
    dbErrors.add(1, { operation, code: typeof error?.code === 'string' ? error.code : 'unknown' });
    throw error;
  } finally {
    dbQueryDuration.record((performance.now() - started) / 1000, { operation });
  }
}

/** Tables of this example, prefixed so they never meet another app's in the shared database. */
async function migrate() {
  // Two instances starting together would race on CREATE TABLE: one migrates at a time.
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(4242001)');
    await client.query(`
    CREATE TABLE IF NOT EXISTS saas_api_users (
      id BIGSERIAL PRIMARY KEY, tenant_id TEXT NOT NULL, email TEXT NOT NULL UNIQUE, created_at TIMESTAMPTZ NOT NULL DEFAULT now());
    CREATE TABLE IF NOT EXISTS saas_api_artifacts (
      id BIGSERIAL PRIMARY KEY, tenant_id TEXT NOT NULL, workspace_id TEXT NOT NULL, user_id TEXT NOT NULL, name TEXT NOT NULL,
      tags TEXT[] NOT NULL DEFAULT '{}', status TEXT NOT NULL DEFAULT 'queued', created_at TIMESTAMPTZ NOT NULL DEFAULT now());
    CREATE TABLE IF NOT EXISTS saas_api_subscriptions (
      id BIGSERIAL PRIMARY KEY, tenant_id TEXT NOT NULL, plan TEXT NOT NULL, amount_usd NUMERIC NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now());
    `);
  } finally {
    await client.query('SELECT pg_advisory_unlock(4242001)').catch(() => {});
    client.release();
  }
}

module.exports = { migrate, pool, query };
