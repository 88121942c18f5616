// The Ghostworks SaaS API of runbook 001: tenants, users, workspaces and artifacts in PostgreSQL.
// It holds no tracing or HTTP metrics code: run under the preload (`npm start`), otelkit traces every
// request, serves http_requests_total / http_request_duration_seconds{endpoint} on /metrics and
// correlates the logs. The app adds what is its own: DB query metrics, business counters, log fields.
'use strict';
const express = require('express');
const { trace } = require('@opentelemetry/api');
const { healthMiddleware, health } = require('@otelkit/health');
const { addLogContext } = require('@otelkit/logs');
const { migrate, query } = require('./db.js');
const jobs = require('./jobs.js');
const { business, log } = require('./telemetry.js');

const PLANS = { starter: 29, team: 99, enterprise: 499 };
const ID = /^[A-Za-z0-9_-]{1,64}$/;

// /ready stays 503 until the schema is in place.
health.setStarted(false);

const app = express();
app.use(healthMiddleware());
app.use(express.json({ limit: '64kb' }));

// Who is calling: a real deployment takes these from the verified session token.
app.use((req, res, next) => {
  const tenant = req.get('x-tenant-id');
  const user = req.get('x-user-id');
  req.tenantId = tenant !== undefined && ID.test(tenant) ? tenant : 'anonymous';
  req.userId = user !== undefined && ID.test(user) ? user : 'anonymous';
  req.startedAt = performance.now();
  addLogContext({ tenant_id: req.tenantId, user_id: req.userId });
  trace.getActiveSpan()?.setAttributes({ 'tenant.id': req.tenantId, 'enduser.id': req.userId });
  next();
});

/** Answer and write the runbook's log line: operation, duration_ms and status, plus metadata. */
function reply(req, res, code, body, operation, message, metadata) {
  const fields = { operation, duration_ms: Math.round(performance.now() - req.startedAt), status: code < 400 ? 'success' : 'error', http_status: code };
  if (metadata !== undefined) fields.metadata = metadata;
  if (code >= 500) log.error(fields, message);
  else if (code >= 400) log.warn(fields, message);
  else log.info(fields, message);
  res.status(code).json(body);
}

const route = (operation, handler) => async (req, res) => {
  try {
    await handler(req, res);
  } catch (error) {
    const timeout = error?.code === '57014';
    trace.getActiveSpan()?.recordException(error);
    reply(req, res, timeout ? 503 : 500, { error: timeout ? 'the query took too long' : 'internal error' }, operation, timeout ? 'Query cancelled by statement timeout' : 'Request failed', { error: String(error?.message ?? error).slice(0, 200) });
  }
};

app.post('/api/auth/register', route('user.register', async (req, res) => {
  const email = String(req.body?.email ?? '');
  if (!/^[^@\s]{1,64}@[^@\s]{1,128}$/.test(email)) return reply(req, res, 400, { error: 'a valid email is required' }, 'user.register', 'Registration rejected: bad email');
  try {
    const { rows } = await query('user.insert', 'INSERT INTO saas_api_users (tenant_id, email) VALUES ($1, $2) RETURNING id', [req.tenantId, email]);
    business.registrations.add(1, { tenant_id: req.tenantId });
    business.activity.add(1, { tenant_id: req.tenantId, operation: 'user.register' });
    reply(req, res, 201, { id: String(rows[0].id) }, 'user.register', 'User registered', { user_id: String(rows[0].id) });
  } catch (error) {
    if (error?.code !== '23505') throw error;
    reply(req, res, 409, { error: 'email already registered' }, 'user.register', 'Registration rejected: email taken');
  }
}));

app.post('/api/auth/login', route('user.login', async (req, res) => {
  const { rows } = await query('user.select', 'SELECT id, tenant_id FROM saas_api_users WHERE email = $1', [String(req.body?.email ?? '')]);
  if (rows.length === 0) return reply(req, res, 401, { error: 'unknown user' }, 'user.login', 'Login failed');
  business.logins.add(1, { tenant_id: rows[0].tenant_id });
  reply(req, res, 200, { id: String(rows[0].id), tenant_id: rows[0].tenant_id }, 'user.login', 'User logged in');
}));

app.get('/api/workspaces/:workspaceId/artifacts', route('artifact.list', async (req, res) => {
  const { rows } = await query('artifact.list',
    'SELECT id, name, tags, status FROM saas_api_artifacts WHERE tenant_id = $1 AND workspace_id = $2 ORDER BY id DESC LIMIT 50', [req.tenantId, req.params.workspaceId]);
  business.activity.add(1, { tenant_id: req.tenantId, operation: 'artifact.list' });
  reply(req, res, 200, { artifacts: rows.map((r) => ({ ...r, id: String(r.id) })) }, 'artifact.list', 'Artifacts listed', { count: rows.length });
}));

app.post('/api/workspaces/:workspaceId/artifacts', route('artifact.create', async (req, res) => {
  const name = req.body?.name;
  const tags = Array.isArray(req.body?.tags) ? req.body.tags.filter((t) => typeof t === 'string').slice(0, 10) : [];
  if (typeof name !== 'string' || name === '' || name.length > 200) return reply(req, res, 400, { error: 'name is required' }, 'artifact.create', 'Artifact rejected: no name');
  const { rows } = await query('artifact.insert',
    'INSERT INTO saas_api_artifacts (tenant_id, workspace_id, user_id, name, tags) VALUES ($1, $2, $3, $4, $5) RETURNING id', [req.tenantId, req.params.workspaceId, req.userId, name, tags]);
  const artifact = { id: String(rows[0].id), name, tags, status: 'queued' };
  business.artifacts.add(1, { tenant_id: req.tenantId });
  business.activity.add(1, { tenant_id: req.tenantId, operation: 'artifact.create' });
  jobs.enqueue(artifact);
  reply(req, res, 201, artifact, 'artifact.create', 'Artifact created successfully', { artifact_id: artifact.id, tags });
}));

app.get('/api/artifacts/:id', route('artifact.get', async (req, res) => {
  if (!/^\d{1,18}$/.test(req.params.id)) return reply(req, res, 400, { error: 'bad id' }, 'artifact.get', 'Artifact lookup rejected: bad id');
  const { rows } = await query('artifact.select', 'SELECT id, name, tags, status FROM saas_api_artifacts WHERE id = $1 AND tenant_id = $2', [req.params.id, req.tenantId]);
  if (rows.length === 0) return reply(req, res, 404, { error: 'artifact not found' }, 'artifact.get', 'Artifact not found', { artifact_id: req.params.id });
  reply(req, res, 200, { ...rows[0], id: String(rows[0].id) }, 'artifact.get', 'Artifact fetched', { artifact_id: req.params.id });
}));

// Usage report: a heavy aggregate. Long windows scan too much and hit the statement timeout, which
// is what the runbook's HighErrorRate and HighLatency alerts see on a bad day.
app.get('/api/reports/usage', route('report.usage', async (req, res) => {
  const days = Math.min(Math.max(Number(req.query.days ?? 7) || 7, 1), 365);
  const scanSeconds = days > 90 ? 5 : days / 1000;
  const { rows } = await query('report.usage',
    `SELECT workspace_id, count(*)::int AS artifacts, pg_sleep($3)::text AS scanned FROM saas_api_artifacts
     WHERE tenant_id = $1 AND created_at > now() - make_interval(days => $2) GROUP BY workspace_id`, [req.tenantId, days, scanSeconds]);
  reply(req, res, 200, { days, workspaces: rows.map(({ workspace_id, artifacts }) => ({ workspace_id, artifacts })) }, 'report.usage', 'Usage report built', { days });
}));

app.post('/api/billing/subscriptions', route('subscription.create', async (req, res) => {
  const plan = String(req.body?.plan ?? '');
  const amount = PLANS[plan];
  if (amount === undefined) return reply(req, res, 400, { error: `plan must be one of ${Object.keys(PLANS).join(', ')}` }, 'subscription.create', 'Subscription rejected: unknown plan');
  const { rows } = await query('subscription.insert', 'INSERT INTO saas_api_subscriptions (tenant_id, plan, amount_usd) VALUES ($1, $2, $3) RETURNING id', [req.tenantId, plan, amount]);
  business.revenue.add(amount, { plan });
  business.activity.add(1, { tenant_id: req.tenantId, operation: 'subscription.create' });
  reply(req, res, 201, { id: String(rows[0].id), plan, amount_usd: amount }, 'subscription.create', 'Subscription created', { plan });
}));

app.use((req, res) => reply(req, res, 404, { error: 'not found' }, 'http.not_found', 'No such endpoint'));

const port = Number(process.env.PORT ?? 8000);
migrate().then(
  () => {
    const server = app.listen(port, process.env.HOST ?? '127.0.0.1', () => {
      log.info({ operation: 'server.start', status: 'success', metadata: { port: server.address().port } }, `saas-api listening on http://127.0.0.1:${server.address().port}`);
      health.setStarted();
    });
  },
  (error) => {
    log.fatal({ operation: 'server.start', status: 'error', err: error }, `cannot prepare the database (${error.message}); is PostgreSQL running at DATABASE_URL?`);
    process.exitCode = 1;
  },
);
