// `npm run demo`: starts the otelkit dev viewer, runs an example under the otelkit preload against
// it with some traffic, and prints what arrived (each trace as a tree next to the X-Trace-ID the
// client saw, its log lines, the HTTP RED and runtime metrics), then the viewer's address and a
// link to one request's trace.
//
// The example is job-platform (an Express API and a BullMQ worker, two processes): its showcase
// request enqueues a job, so the link opens one trace across both. It needs Redis and PostgreSQL
// (REDIS_HOST/REDIS_PORT, PGHOST/PGPORT, default 127.0.0.1:6379 and :5432); without them the demo
// says so and runs the Express example instead.
//
// On a terminal with a display it opens the browser and keeps the viewer and the example running
// (with a request a second) until Ctrl+C. With CI set, without a terminal or a display, or with
// --no-open / --exit, it does neither: the text output is the demo.
import { spawn } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runApp } from '@otelkit/testing';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const TENANT = { 'x-tenant-id': 'tenant-123' };

/** The examples the demo can run: where each is, what it is called, and the requests it gets. */
const EXAMPLES = {
  jobPlatform: {
    dir: join(root, 'examples', 'job-platform'),
    /** start.mjs runs api.js and worker.js, each under the preload; --fresh clears the demo's Redis keys. */
    entry: 'start.mjs',
    args: ['--fresh'],
    preload: 'none',
    command: 'node start.mjs (api.js and worker.js, each under node --require @otelkit/node/register)',
    title: 'The job-platform example (an Express API and a BullMQ worker)',
    service: 'autonomos',
    services: ['autonomos', 'autonomos-worker'],
    listening: /job-platform api listening on http:\/\/127\.0\.0\.1:(\d+)/,
    ready: /job-platform worker \S+ ready/,
    requests: [
      { method: 'POST', path: '/api/v1/bulk-mappings', headers: TENANT, body: { connector_type: 'salesforce', mappings: 5 } },
      { method: 'POST', path: '/api/v1/dcl/rebuild', headers: TENANT, body: {} },
      { method: 'GET', path: '/api/v1/mappings?tenant_id=tenant-123', headers: TENANT },
      { method: 'GET', path: '/api/v1/mappings?tenant_id=tenant-123&broken=1', headers: TENANT },
      { method: 'POST', path: '/api/v1/bulk-mappings', body: { mappings: 3 } },
      { method: 'GET', path: '/health' },
    ],
    /** The request whose trace the printed link opens: its job runs in the worker, in the same trace. */
    showcase: '/api/v1/bulk-mappings',
    /** Requests (indexes into `requests`) sent every second while the demo keeps running. */
    background: [0, 1, 2, 3],
    env: async () => ({
      PORT: String(await freePort()),
      OTEL_EXPORTER_PROMETHEUS_PORT: String(await freePort()),
      WORKER_METRICS_PORT: String(await freePort()),
      // start.mjs serves Prometheus only unless told otherwise: the viewer needs OTLP metrics too.
      OTEL_METRICS_EXPORTER: 'otlp,prometheus',
      // Its own Redis keys, so --fresh clears an earlier demo's and never those of a running job-platform.
      JOB_PLATFORM_PREFIX: 'otelkit-demo',
      OTEL_SERVICE_NAME: undefined,
    }),
  },
  express: {
    dir: join(root, 'examples', 'express-cjs'),
    entry: 'app.js',
    args: [],
    preload: 'require',
    command: 'node --require @otelkit/node/register app.js',
    title: 'The Express example',
    service: 'orders-api',
    services: ['orders-api'],
    listening: /listening on http:\/\/127\.0\.0\.1:(\d+)/,
    ready: undefined,
    requests: ['/orders/42', '/checkout/42', '/orders/7', '/boom', '/health'].map((path) => ({ method: 'GET', path })),
    showcase: '/checkout/42',
    background: [0, 1, 2, 3],
    env: async () => ({ PORT: '0', OTEL_SERVICE_NAME: 'orders-api' }),
  },
};

const args = new Set(process.argv.slice(2));
const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
const interactive = process.stdout.isTTY === true && !ci && !args.has('--exit');
const hasDisplay = process.platform === 'darwin' || process.platform === 'win32' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const openBrowser = interactive && hasDisplay && !args.has('--no-open');
const KIND = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const CLI = join(root, 'packages', 'cli', 'dist', 'cli.js');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Every process the demo starts, stopped on every way out: the finally below, and as a last
// resort on exit (an uncaught error, a signal while the text is printed, a closed stdout).
const children = [];
process.on('exit', () => children.forEach((child) => child.kill('SIGTERM')));
process.stdout.on('error', () => process.exit(1));
let looping = false;
const interrupted = new Promise((resolve) => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => (looping ? resolve() : process.exit(130)));
  }
});

/** A port free right now (the example binds it a moment later). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts TCP connections at host:port within a short time. */
function reachable(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** job-platform when its Redis and PostgreSQL answer, else the Express example (with one line saying why). */
async function chooseExample() {
  const env = process.env;
  const needs = [
    ['Redis', env.REDIS_HOST || '127.0.0.1', Number(env.REDIS_PORT ?? 6379)],
    ['PostgreSQL', env.PGHOST || '127.0.0.1', Number(env.PGPORT ?? 5432)],
  ];
  const missing = [];
  for (const [name, host, port] of needs) if (!(await reachable(host, port))) missing.push(`${name} at ${host}:${port}`);
  if (missing.length === 0) return EXAMPLES.jobPlatform;
  console.log(`job-platform needs Redis and PostgreSQL; ${missing.join(' and ')} did not answer, so the demo runs the Express example instead.`);
  return EXAMPLES.express;
}

/** Start `otelkit dev`; the usual UI port when free, else any. Resolves with the process and its two addresses. */
async function startViewer() {
  for (const port of ['16686', '0']) {
    const viewer = runApp({ entry: CLI, args: ['dev', '--port', port, '--otlp-port', '0'], timeoutMs: 0 });
    children.push(viewer);
    const started = Promise.all([
      viewer.waitForOutput(/UI {4}(http:\/\/\S+)/, { stream: 'stdout', timeoutMs: 20_000 }),
      viewer.waitForOutput(/OTLP {2}(http:\/\/\S+)/, { stream: 'stdout', timeoutMs: 20_000 }),
    ]);
    try {
      const [[, ui], [, otlp]] = await started;
      return { viewer, ui, otlp };
    } catch (error) {
      viewer.kill('SIGKILL'); // gone already when a port was in use; stuck otherwise
      const exit = await viewer.exited;
      if (port !== '0' && /in use/.test(exit.stderr)) continue;
      throw new Error(`otelkit dev did not start: ${exit.stderr || error.message}`, { cause: error });
    }
  }
  throw new Error('unreachable');
}

async function api(base, path) {
  const res = await fetch(`${base}${path}`);
  return res.ok ? res.json() : undefined;
}

async function waitUntil(what, check, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(150);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const LOG_FIELDS = ['tenant_id', 'job_id', 'job_type', 'status_code', 'latency_ms'];

function printTrace(request, traceId, trace, services) {
  const { spans, logs } = trace;
  const many = services.length > 1;
  console.log(`\ntrace ${traceId}  (${request.method} ${request.path}, ${spans.length} span${spans.length === 1 ? '' : 's'}, ${logs.length} log line${logs.length === 1 ? '' : 's'})`);
  const children = new Map();
  for (const span of spans) {
    const list = children.get(span.parentSpanId) ?? [];
    list.push(span);
    children.set(span.parentSpanId, list);
  }
  const print = (span, depth) => {
    const ms = (Number(BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano)) / 1e6).toFixed(2);
    const attrs = ['http.route', 'http.response.status_code', 'error.type']
      .filter((k) => span.attributes[k] !== undefined)
      .map((k) => `${k}=${span.attributes[k]}`)
      .join(' ');
    const where = many ? `[${span.resource['service.name']}] ` : '';
    console.log(`${'  '.repeat(depth + 1)}${where}${KIND[span.kind] ?? span.kind} ${span.name}  ${ms} ms  ${attrs}`);
    const kids = (children.get(span.spanId) ?? []).sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1));
    for (const child of kids) print(child, depth + 1);
  };
  for (const rootSpan of children.get('') ?? []) print(rootSpan, 0);
  for (const log of logs) {
    const fields = LOG_FIELDS.filter((k) => log.attributes[k] !== undefined).map((k) => `${k}=${log.attributes[k]}`);
    const where = many ? `[${log.resource['service.name']}] ` : '';
    const body = typeof log.body === 'string' ? log.body : JSON.stringify(log.body);
    console.log(`  log ${where}${log.severityText || log.severityNumber} ${body}  ${[...fields, `trace_id=${log.traceId}`].join(' ')}  (span ${log.spanId})`);
  }
}

function open(url) {
  const [command, ...rest] = process.platform === 'darwin' ? ['open'] : process.platform === 'win32' ? ['cmd', '/c', 'start', ''] : ['xdg-open'];
  try {
    const child = spawn(command, [...rest, url], { stdio: 'ignore', detached: true });
    child.on('error', () => console.log(`(could not open a browser: open ${url} yourself)`));
    child.unref();
  } catch {
    console.log(`(could not open a browser: open ${url} yourself)`);
  }
}

const EXAMPLE = await chooseExample();

/** Send one of the example's requests; resolves with the status and the X-Trace-ID the client saw. */
async function send(base, request) {
  const init = { method: request.method, headers: { ...request.headers } };
  if (request.body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(request.body);
  }
  const response = await fetch(`${base}${request.path}`, init);
  await response.arrayBuffer();
  return { status: response.status, traceId: response.headers.get('x-trace-id') };
}

let viewer;
let app;
try {
  const started = await startViewer();
  viewer = started.viewer;
  const { ui, otlp } = started;
  app = runApp({
    entry: join(EXAMPLE.dir, EXAMPLE.entry),
    args: EXAMPLE.args,
    preload: EXAMPLE.preload,
    cwd: EXAMPLE.dir,
    env: {
      ...(await EXAMPLE.env()),
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
      OTEL_LOGS_EXPORTER: 'otlp',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_BLRP_SCHEDULE_DELAY: '200',
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
    },
    timeoutMs: 0,
  });
  children.push(app);
  const [, port] = await app.waitForOutput(EXAMPLE.listening, { timeoutMs: 30_000 });
  if (EXAMPLE.ready !== undefined) await app.waitForOutput(EXAMPLE.ready, { timeoutMs: 30_000 });
  const base = `http://127.0.0.1:${port}`;
  console.log(`\n${EXAMPLE.title} runs under: ${EXAMPLE.command}`);
  console.log(`OTLP goes to the otelkit dev viewer at ${otlp} (npx otelkit dev)\n`);

  const seen = [];
  for (const request of EXAMPLE.requests) {
    const { status, traceId } = await send(base, request);
    seen.push({ request, status, traceId });
    console.log(`${request.method.padEnd(4)} ${request.path.padEnd(47)} -> ${status}  X-Trace-ID: ${traceId ?? '(none: probe paths are not traced)'}`);
  }

  const traced = seen.filter((s) => s.traceId !== null);
  const showcase = traced.find((s) => s.request.path === EXAMPLE.showcase && s.status < 300) ?? traced[0];
  await waitUntil('the traces in the viewer', async () => {
    for (const { traceId } of traced) {
      const trace = await api(ui, `/api/traces/${traceId}`);
      if (trace?.spans.some((s) => s.parentSpanId === '') !== true) return false;
    }
    // The showcase's trace goes on in the worker: wait for the spans of every process.
    const trace = await api(ui, `/api/traces/${showcase.traceId}`);
    const services = new Set(trace.spans.map((s) => s.resource['service.name']));
    return EXAMPLE.services.every((s) => services.has(s));
  }, 30_000);
  // The example's log lines come in their own batches; a demo without them still shows the rest.
  await waitUntil('log records', async () => (await api(ui, '/api/stats'))?.received.logs > 0, 5000).catch(() => undefined);
  await sleep(600); // let child spans and log records of the last batch land

  for (const { request, traceId } of traced) printTrace(request, traceId, await api(ui, `/api/traces/${traceId}`), EXAMPLE.services);

  // Metrics: the periodic export runs every second here (60 s by default).
  // An export taken before the last requests ended holds older totals: wait for one that counts
  // every traced request (probes are neither traced nor counted), else show the latest one.
  let red = [];
  const counted = () => red.reduce((n, r) => n + r.total.requests, 0);
  const complete = await waitUntil('the HTTP metrics of every request', async () => {
    const routes = (await api(ui, `/api/red?service=${EXAMPLE.service}`))?.routes ?? [];
    if (routes.length > 0) red = routes;
    return counted() >= traced.length;
  }).then(() => true, () => false);
  if (red.length === 0) throw new Error('timed out waiting for the HTTP metrics in the viewer');
  if (!complete) console.log(`\n(the metrics shown count ${counted()} of the ${traced.length} traced requests: the last export had not arrived)`);
  const ms = (v) => (v === null ? '-' : `${v.toFixed(1)}ms`);
  const metric = red[0].metric;
  console.log(`\nmetric ${metric} (the HTTP server duration histogram, as the app names it), per route of ${EXAMPLE.service}:`);
  for (const r of red) {
    console.log(`  ${r.method.padEnd(4)} ${r.route.padEnd(22)} requests=${r.total.requests} errors=${r.total.errors}  p50=${ms(r.total.p50)} p95=${ms(r.total.p95)} p99=${ms(r.total.p99)}`);
  }
  const facets = await api(ui, '/api/facets');
  const others = facets.metricNames.filter((n) => n !== metric);
  console.log(`  and ${others.length} more: ${others.join(', ')}`);

  const sample = await api(ui, `/api/traces/${showcase.traceId}`);
  const resource = sample?.spans.find((s) => s.parentSpanId === '')?.resource ?? sample?.spans[0]?.resource ?? {};
  const stats = await api(ui, '/api/stats');
  console.log(`\nresource: service.name=${resource['service.name']} service.version=${resource['service.version'] ?? '-'} host.name=${resource['host.name'] ?? '-'}`);
  console.log(`received ${stats.received.spans} spans, ${stats.received.logs} log records and ${stats.received.points} metric points`);

  console.log(`\nThe viewer:       ${ui}`);
  console.log(`This request:     ${ui}/traces/${showcase.traceId}   (${showcase.request.method} ${showcase.request.path}${EXAMPLE.services.length > 1 ? `, across ${EXAMPLE.services.join(' and ')}` : ''})`);
  console.log(`RED and runtime:  ${ui}/metrics\n`);

  if (interactive) {
    if (openBrowser) open(`${ui}/traces/${showcase.traceId}`);
    console.log(`The viewer and the example keep running, with a request a second. Ctrl+C stops them.`);
    let stop = false;
    looping = true;
    const stopped = interrupted.then(() => (stop = true));
    for (let i = 0; !stop; i++) {
      const request = EXAMPLE.requests[EXAMPLE.background[i % EXAMPLE.background.length]];
      await send(base, request).catch(() => undefined);
      await Promise.race([sleep(1000), stopped]);
    }
  }
} catch (error) {
  console.error(`\nThe demo stopped: ${error.message.split('\n')[0]}`);
  const output = app === undefined ? '' : `${app.stdout()}\n${app.stderr()}`.trim();
  if (output !== '') console.error(`${EXAMPLE.title} printed:\n${output.split('\n').slice(-20).join('\n')}`);
  process.exitCode = 1;
} finally {
  // start.mjs stops its API and worker on SIGTERM; the kill after 15 s is for a stuck one.
  const stopping = [app, viewer].filter((p) => p !== undefined);
  for (const p of stopping) p.kill('SIGTERM');
  const force = setTimeout(() => stopping.forEach((p) => p.kill('SIGKILL')), 15_000);
  await Promise.all(stopping.map((p) => p.exited));
  clearTimeout(force);
}
