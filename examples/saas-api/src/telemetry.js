// The runbook's own series that otelkit has no helper for: database query durations and errors, the
// pool's active connections, and the business counters. Created with the OpenTelemetry API; the
// preload's /metrics serves them next to otelkit's (a counter `user.registrations` is scraped as
// `user_registrations_total`, a histogram `db.query.duration` in seconds as `db_query_duration_seconds`).
'use strict';
const { metrics } = require('@opentelemetry/api');
const { createLogger } = require('@otelkit/logs');

const meter = metrics.getMeter('saas-api');

/** Query durations, in seconds: a DB round trip is 1 ms to a few seconds. */
const DB_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

const dbQueryDuration = meter.createHistogram('db.query.duration', {
  unit: 's',
  description: 'Duration of database queries, by operation.',
  advice: { explicitBucketBoundaries: DB_BUCKETS },
});
const dbErrors = meter.createCounter('db.errors', { description: 'Database queries that failed, by operation and SQLSTATE code.' });

const business = {
  registrations: meter.createCounter('user.registrations', { description: 'Users registered.' }),
  logins: meter.createCounter('user.login', { description: 'Successful logins.' }),
  artifacts: meter.createCounter('artifacts.created', { description: 'Artifacts created, by tenant.' }),
  activity: meter.createCounter('workspace.activity', { description: 'Workspace operations, by tenant and operation.' }),
  revenue: meter.createCounter('subscription.revenue', { unit: '{USD}', description: 'Subscription revenue booked, in US dollars, by plan.' }),
};

/** The pool's connections in use, as the runbook's `db_connections_active` (its maximum is otelkit's pool metric, renamed). */
function observeActiveConnections(pool) {
  meter.createObservableGauge('db.connections.active', { description: 'Database connections checked out of the pool.' })
    .addCallback((result) => result.observe(pool.totalCount - pool.idleCount));
}

// One JSON object per line on stdout, in the runbook's shape; under the preload each line also
// carries trace_id, span_id and the request's request_id.
const log = createLogger({ name: 'api' }).child({ service: 'api' });

module.exports = { business, dbErrors, dbQueryDuration, log, observeActiveConnections };
