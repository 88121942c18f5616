// The one table the example stores mappings in (PostgreSQL, database `test` by default).
'use strict';

async function ensureSchema(pool) {
  try {
    await pool.query(`CREATE TABLE IF NOT EXISTS autonomos_mappings (
      id bigserial PRIMARY KEY,
      tenant_id text NOT NULL,
      job_id text NOT NULL,
      connector_type text NOT NULL,
      source_field text NOT NULL,
      target_field text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
  } catch (error) {
    // Two processes creating it at once: one wins, the other sees it exist (duplicate type/table).
    if (error.code !== '23505' && error.code !== '42P07') throw error;
  }
}

module.exports = { ensureSchema };
