// A small order service that exercises every metric family the otelkit mixin (alerts, SLO rules and
// dashboards) reads: HTTP routes with some 5xx answers, outgoing fetch calls, a job queue with a
// worker and failing jobs, a semaphore that turns callers away and has one slot a stuck worker never
// gives back, a connection pool, a cache and a rate limiter. Failed jobs are logged through the
// OpenTelemetry Logs API, which feeds the log pipeline's self-metrics when OTEL_LOGS_EXPORTER=otlp.
// Run: OTEL_METRICS_EXPORTER=prometheus OTEL_LOGS_EXPORTER=otlp node --require @otelkit/node/register app.js
//      node load.mjs http://127.0.0.1:3000 60
'use strict';
const http = require('node:http');
const { logs } = require('@opentelemetry/api');
const { setHttpRoute } = require('@otelkit/tracing');
const { instrumentCache, instrumentQueue, observePool, trackRateLimit, trackSemaphore } = require('@otelkit/metrics');

// --- A pool of (pretend) database connections: a query holds one for a few milliseconds. ---
const pool = { max: 4, open: 0, used: 0, waiting: [] };
observePool({ name: 'orders-db', used: () => pool.used, idle: () => pool.open - pool.used, waiting: () => pool.waiting.length, max: pool.max });
function query(ms) {
  return new Promise((resolve) => {
    const run = () => {
      pool.used++;
      pool.open = Math.max(pool.open, pool.used);
      setTimeout(() => {
        pool.used--;
        const next = pool.waiting.shift();
        if (next !== undefined) next();
        resolve();
      }, ms);
    };
    if (pool.used < pool.max) run();
    else pool.waiting.push(run);
  });
}

// --- Semaphores: uploads turn callers away when full; exports has a slot a stuck worker holds forever. ---
const uploads = trackSemaphore({ name: 'uploads', limit: 2 });
const exportsSemaphore = trackSemaphore({ name: 'exports', limit: 4, maxHoldMs: 500 });
const stuck = exportsSemaphore.acquire(); // never released: counted as leaked once held past maxHoldMs
void stuck;

// --- A job queue with one worker; every fifth job fails. ---
const emails = instrumentQueue({ name: 'emails' });
const log = logs.getLogger('mixin-load');
const backlog = [];
let jobs = 0;
emails.setDepth(0);
setInterval(() => {
  const next = backlog.shift();
  if (next === undefined) return;
  emails.track(async () => {
    await exportsSemaphore.run(() => query(5));
    if (next % 5 === 0) throw new TypeError('mailbox unavailable');
  }, { enqueuedAt: Date.now() - 20 }).catch((error) => {
    log.emit({ severityText: 'WARN', severityNumber: 13, body: `email job ${next} failed: ${error.message}`, attributes: { 'queue.name': 'emails' } });
  });
}, 20).unref();

const cache = instrumentCache({ name: 'products' });
const limiter = trackRateLimit({ name: 'api', limit: 100 });
let window = 0;
setInterval(() => { window = 0; }, 1000).unref();

// --- A payments service the order service calls with fetch (outgoing HTTP metrics). ---
const payments = http.createServer((req, res) => res.end(req.url === '/decline' ? 'declined' : 'ok'));

async function route(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const path = url.pathname;
  window++;
  // Requests over the window's limit: the last 20 wait their turn (queued), the rest are turned away.
  limiter.setQueueDepth(Math.min(20, Math.max(0, window - 100)));
  if (window > 100) {
    limiter.reject();
    setHttpRoute('/throttled');
    res.writeHead(429).end('slow down\n');
    return;
  }
  limiter.allow();
  limiter.setUsage(window);
  if (path.startsWith('/products/')) {
    setHttpRoute('/products/:id');
    const id = Number(path.slice('/products/'.length)) || 0;
    cache.record(id % 4 !== 0);
    if (id % 4 === 0) await query(3);
    res.end(`product ${id}\n`);
  } else if (path === '/orders' && req.method === 'POST') {
    setHttpRoute('/orders');
    await query(8);
    const answer = await fetch(`http://127.0.0.1:${payments.address().port}/charge`).then((r) => r.text());
    backlog.push(++jobs);
    emails.enqueue();
    res.writeHead(201).end(`${answer}\n`);
  } else if (path === '/upload') {
    setHttpRoute('/upload');
    const slot = uploads.tryAcquire();
    if (slot === undefined) {
      res.writeHead(503).end('busy\n');
      return;
    }
    setTimeout(() => {
      slot.release();
      res.end('stored\n');
    }, 30);
  } else if (path === '/fail') {
    setHttpRoute('/fail');
    res.writeHead(500).end('failed\n');
  } else {
    res.writeHead(404).end('not found\n');
  }
}

const server = http.createServer((req, res) => {
  route(req, res).catch((error) => {
    if (!res.headersSent) res.writeHead(500);
    res.end(`${error.message}\n`);
  });
});

payments.listen(0, '127.0.0.1', () => {
  server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
    console.log(`mixin-load listening on http://127.0.0.1:${server.address().port}`);
  });
});
