// The orchestrator's HTTP API. Run it under the preload (`npm start`): every response carries
// X-Trace-ID, request metrics and traces come from the preload, the playbook's own metrics from
// ./metrics.js, and every log line written while a request runs carries its correlation_id.
'use strict';
const express = require('express');
const { createLogger, getLogContext, withLogContext } = require('@otelkit/logs');
const { resolveRequestId } = require('@otelkit/tracing');
const { orchestrate, speculationState, knownTool } = require('./orchestrator.js');
const { TOOLS, stateOf } = require('./tools.js');
const { healthMiddleware } = require('@otelkit/health');
const { observeState } = require('./metrics.js');

const log = createLogger({ name: 'orchestrator.api' });
const app = express();
app.disable('x-powered-by');
// /health, /ready and /live, before the body parser (probes are not traced).
app.use(healthMiddleware());
app.use(express.json({ limit: '64kb' }));

// correlation_id: the request id the preload read from X-Correlation-ID (OTELKIT_REQUEST_ID_HEADER
// in example.env) or generated; without the preload's request ids, the header is read here.
app.use((req, res, next) => {
  const fromPreload = getLogContext().request_id;
  const correlationId = typeof fromPreload === 'string' ? fromPreload : resolveRequestId(req.headers['x-correlation-id']).id;
  if (fromPreload === undefined) res.setHeader('X-Correlation-ID', correlationId);
  withLogContext({ correlation_id: correlationId }, next);
});

app.post('/orchestrate', async (req, res) => {
  const started = performance.now();
  const { prompt, tools, user_id: userId = 'anonymous' } = req.body ?? {};
  if (typeof prompt !== 'string' || prompt === '' || (tools !== undefined && !(Array.isArray(tools) && tools.length > 0 && tools.every(knownTool)))) {
    res.status(400).json({ error: 'invalid_request', message: 'prompt must be a non-empty string; tools, when given, a non-empty list of known tools' });
    return;
  }
  let status;
  try {
    const result = await orchestrate({ prompt, tools, userId: String(userId) });
    const failed = result.results.filter((r) => r.status !== 'success');
    if (failed.length === result.results.length) {
      // Nothing usable came back: rate limits are the caller's to back off from, the rest is ours.
      status = failed.every((r) => r.status === 'rate_limited') ? 429 : 502;
      res.status(status).json({ error: status === 429 ? 'rate_limit_exceeded' : 'tools_failed', ...result });
    } else {
      status = 200;
      res.json({ partial: failed.length > 0, ...result });
    }
  } catch (error) {
    status = error.name === 'RateLimitExceededError' ? 429 : 500;
    res.status(status).json({ error: status === 429 ? 'rate_limit_exceeded' : 'internal_error', message: error.message });
  } finally {
    log.info({ method: 'POST', endpoint: '/orchestrate', status, duration_ms: Math.round(performance.now() - started), user_id: String(userId) }, 'Request completed');
  }
});

app.get('/tools', (_req, res) => {
  res.json({ tools: Object.keys(TOOLS) });
});

// Malformed JSON and other request errors: a JSON answer and one log line, not Express's HTML page.
app.use((error, _req, res, _next) => {
  const status = Number.isInteger(error.status) && error.status >= 400 && error.status < 500 ? error.status : 500;
  if (status === 500) log.error({ err: error }, 'Request failed');
  else log.warn({ status, reason: error.type ?? error.message }, 'Request rejected');
  res.status(status).json({ error: status === 500 ? 'internal_error' : 'invalid_request', message: status === 500 ? 'internal error' : error.message });
});

const server = app.listen(Number(process.env.PORT ?? 3002), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address();
  log.info({ address, port }, `tool orchestrator listening on http://${address}:${port}`);
});

let connections = 0;
server.on('connection', (socket) => {
  connections += 1;
  socket.once('close', () => (connections -= 1));
});

observeState({ ...stateOf, speculation: speculationState, connections: () => connections });
