// Express 5 JSON route that does what a typical API route does: one PostgreSQL query through a
// `pg` Pool and one Redis GET through ioredis, then answers JSON. `GET /users/:id`.
// PGHOST/PGPORT/PGUSER/PGDATABASE (default 127.0.0.1:5432, postgres, test) and REDIS_HOST/REDIS_PORT
// (default 127.0.0.1:6379) say where the services are. Both are checked before listening: if one
// can't be reached the app prints `backend unavailable: <why>` and exits with code 3, so a runner
// can skip the figure instead of measuring errors.
'use strict';
const express = require('express');
const Redis = require('ioredis');
const pg = require('pg');

const UNAVAILABLE = 3;
const KEY = 'otelkit-bench:user:';

async function main() {
  const pool = new pg.Pool({
    host: process.env.PGHOST ?? '127.0.0.1',
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? 'postgres',
    database: process.env.PGDATABASE ?? 'test',
    max: 10,
    connectionTimeoutMillis: 3000,
  });
  // No reconnect loop and no offline queue: an unreachable Redis fails the check at once.
  const redis = new Redis({
    host: process.env.REDIS_HOST ?? '127.0.0.1',
    port: Number(process.env.REDIS_PORT ?? 6379),
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  // Errors after start-up reach the requests that hit them; these keep them from crashing the app.
  pool.on('error', () => {});
  redis.on('error', () => {});
  const check = async (what, where, fn) => {
    try {
      await fn();
    } catch (error) {
      console.log(`backend unavailable: ${what} at ${where}: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(UNAVAILABLE);
    }
  };
  await check('PostgreSQL', `${pool.options.host}:${pool.options.port}`, () => pool.query('SELECT 1'));
  await check('Redis', `${redis.options.host}:${redis.options.port}`, async () => {
    await redis.connect();
    await redis.set(`${KEY}42`, JSON.stringify({ name: 'Ada Lovelace', roles: ['admin', 'author'] }));
  });

  const app = express();
  app.use(express.json());
  app.get('/users/:id', async (req, res) => {
    const { rows } = await pool.query('SELECT $1::int AS id, now() AS seen_at', [req.params.id]);
    const cached = await redis.get(`${KEY}${req.params.id}`);
    const profile = cached === null ? {} : JSON.parse(cached);
    res.json({ id: rows[0].id, seenAt: rows[0].seen_at, ...profile, active: true });
  });
  const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${server.address().port}`);
  });
  server.keepAliveTimeout = 30_000;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
