// The AET orchestrator service (runbook 004): tasks run through agents, with the runbook's
// endpoints and observability contract. Run it under the otelkit preload (npm start):
//   POST /tasks                  {"type": "feature"|"bugfix"|"review"|"docs", "fail_agent"?: name, "slow_ms"?: n}
//   GET  /tasks/<id>             a task's record
//   GET  /agents                 per-agent statistics
//   POST /admin/observability    {"tracing"?: bool, "metrics"?: bool}: switch telemetry at run time
//   GET  /health /ready /live /status /metrics
'use strict';
const http = require('node:http');
const { health, createHealthHandler } = require('@otelkit/health');
const { metricsHandler } = require('@otelkit/metrics');
const { setHttpRoute } = require('@otelkit/tracing');
const { getOtelkit } = require('@otelkit/node');
const { Orchestrator } = require('./orchestrator.js');
const { observeResources, overheadReport, log } = require('./telemetry.js');

const PORT = Number(process.env.PORT ?? 5001);
const HOST = process.env.HOST ?? '127.0.0.1';

// /ready stays 503 until the store and the agents are up.
health.setStarted(false);
const orchestrator = new Orchestrator({ dbPath: process.env.AET_DB_PATH ?? ':memory:', latencyScale: Number(process.env.AET_LATENCY_SCALE ?? 1) });
let databaseDown = false;

// --- Runtime switches: AET_TRACING_ENABLED / AET_METRICS_ENABLED at start, /admin/observability later. ---
const otel = getOtelkit();
/** The state of both switches; without the preload there is no SDK to switch. */
function observability() {
  if (otel === undefined || !otel.active) return { sdk: false, tracing: false, metrics: false };
  return { sdk: true, tracing: otel.isSignalEnabled('traces'), metrics: otel.isSignalEnabled('metrics') };
}
function setObservability({ tracing, metrics }) {
  if (otel === undefined || !otel.active) return;
  if (typeof tracing === 'boolean') otel.setSignalEnabled('traces', tracing);
  if (typeof metrics === 'boolean') otel.setSignalEnabled('metrics', metrics);
}
const envFlag = (name) => (process.env[name] === undefined ? undefined : !/^(false|0|no|off)$/i.test(process.env[name]));
setObservability({ tracing: envFlag('AET_TRACING_ENABLED'), metrics: envFlag('AET_METRICS_ENABLED') });

// --- Health: /health checks the database; /ready also needs the orchestration cycle and the agents. ---
health.addCheck('database', () => {
  if (databaseDown) throw new Error('database unavailable');
  orchestrator.ping();
});
health.addCheck('orchestrator', () => (Date.now() - orchestrator.lastCycleAt < 5000 ? true : { status: 'fail', message: 'no orchestration cycle in 5 s' }));
health.addCheck('agents', () => orchestrator.agents().length > 0);
health.setStatusSource('tasks', () => orchestrator.summary());
health.setStatusSource('agents', () => orchestrator.agents());
health.setStatusSource('observability', () => ({ ...observability(), overhead: overheadReport() }));
// The process's CPU time so far (bench.mjs reads it to compare CPU per task with and without telemetry).
health.setStatusSource('process', () => {
  const cpu = process.cpuUsage();
  return { cpu_user_ms: cpu.user / 1000, cpu_system_ms: cpu.system / 1000 };
});
observeResources({ healthChecks: () => orchestrator.healthResults });

const cycle = () => orchestrator.cycle(() => health.runChecks());
const cycleTimer = setInterval(() => void cycle(), Number(process.env.AET_CYCLE_MS ?? 1000));

const handleHealth = createHealthHandler();
const handleMetrics = metricsHandler();

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
}

async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new RangeError('body over 64 KiB');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : JSON.parse(text);
}

async function route(req, res) {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method === 'POST' && path === '/tasks') {
    setHttpRoute('/tasks');
    let body;
    try {
      body = await readJson(req);
    } catch (error) {
      return send(res, 400, { error: `invalid JSON body: ${error.message}` });
    }
    if (!orchestrator.taskTypes().includes(body.type)) return send(res, 400, { error: `type must be one of ${orchestrator.taskTypes().join(', ')}` });
    if (databaseDown) return send(res, 503, { error: 'database unavailable' });
    const result = await orchestrator.run({ type: body.type, failAgent: body.fail_agent, slowMs: Math.min(Number(body.slow_ms) || 0, 10_000) });
    return send(res, result.status === 'success' ? 200 : 500, result);
  }
  if (req.method === 'GET' && path.startsWith('/tasks/')) {
    setHttpRoute('/tasks/:id');
    const task = orchestrator.getTask(path.slice('/tasks/'.length));
    return task === undefined ? send(res, 404, { error: 'no such task' }) : send(res, 200, task);
  }
  if (req.method === 'GET' && path === '/agents') {
    setHttpRoute('/agents');
    return send(res, 200, { agents: orchestrator.agents() });
  }
  if (req.method === 'POST' && path === '/admin/observability') {
    setHttpRoute('/admin/observability');
    const body = await readJson(req).catch(() => ({}));
    setObservability({ tracing: body.tracing, metrics: body.metrics });
    log.warn({ event_type: 'observability_switched', ...observability() }, 'Observability switched');
    return send(res, 200, observability());
  }
  if (req.method === 'POST' && path === '/admin/database') {
    // Fault injection for the health alerts: {"down": true} makes the database check fail.
    setHttpRoute('/admin/database');
    const body = await readJson(req).catch(() => ({}));
    databaseDown = body.down === true;
    return send(res, 200, { down: databaseDown });
  }
  send(res, 404, { error: 'not found' });
}

const server = http.createServer((req, res) => {
  if (handleHealth(req, res) || handleMetrics(req, res)) return;
  route(req, res).catch((error) => {
    log.error({ err: error }, 'Request failed');
    if (!res.headersSent) send(res, 500, { error: 'internal error' });
    else res.destroy();
  });
});

server.listen(PORT, HOST, () => {
  // One cycle before /ready turns 200: the orchestrator check needs it.
  void cycle().then(() => {
    health.setStarted();
    log.info({ event_type: 'service_started', port: server.address().port, ...observability() }, 'Orchestrator started');
    console.log(`listening on http://${HOST}:${server.address().port}`);
  });
});

function stop() {
  clearInterval(cycleTimer);
  server.close(() => {
    orchestrator.close();
    process.exit(0);
  });
  server.closeAllConnections();
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
