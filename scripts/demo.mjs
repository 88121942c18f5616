// `npm run demo`: starts the otelkit dev viewer, runs an example under the otelkit preload against
// it with some traffic, and prints what arrived (each trace as a tree next to the X-Trace-ID the
// client saw, its log lines, the HTTP RED and runtime metrics), then the viewer's address and a
// link to one request's trace.
//
// On a terminal with a display it opens the browser and keeps the viewer and the example running
// (with a request a second) until Ctrl+C. With CI set, without a terminal or a display, or with
// --no-open / --exit, it does neither: the text output is the demo.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runApp } from '@otelkit/testing';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The example the demo runs: where it is, what it is called, and the requests it gets. */
const EXAMPLE = {
  dir: join(root, 'examples', 'express-cjs'),
  entry: 'app.js',
  title: 'The Express example',
  service: 'orders-api',
  listening: /listening on http:\/\/127\.0\.0\.1:(\d+)/,
  requests: ['/orders/42', '/checkout/42', '/orders/7', '/boom', '/health'],
  /** The request whose trace the printed link opens. */
  showcase: '/checkout/42',
  /** Requests sent every second while the demo keeps running. */
  background: ['/orders/42', '/checkout/42', '/orders/7', '/boom'],
};

const args = new Set(process.argv.slice(2));
const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
const interactive = process.stdout.isTTY === true && !ci && !args.has('--exit');
const hasDisplay = process.platform === 'darwin' || process.platform === 'win32' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const openBrowser = interactive && hasDisplay && !args.has('--no-open');
const KIND = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const CLI = join(root, 'packages', 'cli', 'dist', 'cli.js');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Start `otelkit dev`; the usual UI port when free, else any. Resolves with the process and its two addresses. */
async function startViewer() {
  for (const port of ['16686', '0']) {
    const viewer = runApp({ entry: CLI, args: ['dev', '--port', port, '--otlp-port', '0'], timeoutMs: 0 });
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

function printTrace(path, traceId, trace) {
  const { spans, logs } = trace;
  console.log(`\ntrace ${traceId}  (GET ${path}, ${spans.length} spans, ${logs.length} log line${logs.length === 1 ? '' : 's'})`);
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
    console.log(`${'  '.repeat(depth + 1)}${KIND[span.kind] ?? span.kind} ${span.name}  ${ms} ms  ${attrs}`);
    const kids = (children.get(span.spanId) ?? []).sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1));
    for (const child of kids) print(child, depth + 1);
  };
  for (const rootSpan of children.get('') ?? []) print(rootSpan, 0);
  for (const log of logs) console.log(`  log ${log.severityText || log.severityNumber} ${typeof log.body === 'string' ? log.body : JSON.stringify(log.body)}  (span ${log.spanId})`);
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

const { viewer, ui, otlp } = await startViewer();
const app = runApp({
  entry: join(EXAMPLE.dir, EXAMPLE.entry),
  preload: 'require',
  cwd: EXAMPLE.dir,
  env: {
    PORT: '0',
    OTEL_SERVICE_NAME: EXAMPLE.service,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_BSP_SCHEDULE_DELAY: '200',
    OTEL_BLRP_SCHEDULE_DELAY: '200',
    OTEL_METRIC_EXPORT_INTERVAL: '1000',
  },
  timeoutMs: 0,
});

try {
  const [, port] = await app.waitForOutput(EXAMPLE.listening, { timeoutMs: 20_000 });
  console.log(`\n${EXAMPLE.title} runs under: node --require @otelkit/node/register ${EXAMPLE.entry}`);
  console.log(`OTLP goes to the otelkit dev viewer at ${otlp} (npx otelkit dev)\n`);

  const seen = [];
  for (const path of EXAMPLE.requests) {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    await response.arrayBuffer();
    const traceId = response.headers.get('x-trace-id');
    seen.push({ path, status: response.status, traceId });
    console.log(`GET ${path.padEnd(14)} -> ${response.status}  X-Trace-ID: ${traceId ?? '(none: probe paths are not traced)'}`);
  }

  const traced = seen.filter((s) => s.traceId !== null);
  await waitUntil('the traces in the viewer', async () => {
    for (const { traceId } of traced) {
      const trace = await api(ui, `/api/traces/${traceId}`);
      if (trace?.spans.some((s) => s.parentSpanId === '') !== true) return false;
    }
    return true;
  });
  // The example's log lines come in their own batches; a demo without them still shows the rest.
  await waitUntil('log records', async () => (await api(ui, '/api/stats'))?.received.logs > 0, 5000).catch(() => undefined);
  await sleep(400); // let child spans and log records of the last batch land

  for (const { path, traceId } of traced) printTrace(path, traceId, await api(ui, `/api/traces/${traceId}`));

  // Metrics: the periodic export runs every second here (60 s by default).
  let red = [];
  await waitUntil('the HTTP metrics in the viewer', async () => {
    red = (await api(ui, `/api/red?service=${EXAMPLE.service}`))?.routes ?? [];
    return red.length > 0;
  });
  const ms = (v) => (v === null ? '-' : `${v.toFixed(1)}ms`);
  console.log(`\nmetric http.server.request.duration (histogram, unit s; on /metrics: http_server_request_duration_seconds), per route:`);
  for (const r of red) {
    console.log(`  ${r.method} ${r.route.padEnd(14)} requests=${r.total.requests} errors=${r.total.errors}  p50=${ms(r.total.p50)} p95=${ms(r.total.p95)} p99=${ms(r.total.p99)}`);
  }
  const facets = await api(ui, '/api/facets');
  const others = facets.metricNames.filter((n) => n !== 'http.server.request.duration');
  console.log(`  and ${others.length} more: ${others.join(', ')}`);

  const sample = await api(ui, `/api/traces/${traced[0].traceId}`);
  const resource = sample?.spans[0]?.resource ?? {};
  const stats = await api(ui, '/api/stats');
  console.log(`\nresource: service.name=${resource['service.name']} service.version=${resource['service.version'] ?? '-'} host.name=${resource['host.name'] ?? '-'}`);
  console.log(`received ${stats.received.spans} spans, ${stats.received.logs} log records and ${stats.received.points} metric points`);

  const showcase = seen.find((s) => s.path === EXAMPLE.showcase)?.traceId ?? traced[0].traceId;
  console.log(`\nThe viewer:       ${ui}`);
  console.log(`This request:     ${ui}/traces/${showcase}   (GET ${EXAMPLE.showcase})`);
  console.log(`RED and runtime:  ${ui}/metrics\n`);

  if (interactive) {
    if (openBrowser) open(`${ui}/traces/${showcase}`);
    console.log(`The viewer and the example keep running, with a request a second. Ctrl+C stops them.`);
    let stop = false;
    const stopped = new Promise((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    }).then(() => (stop = true));
    for (let i = 0; !stop; i++) {
      const path = EXAMPLE.background[i % EXAMPLE.background.length];
      await fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.arrayBuffer(), () => undefined);
      await Promise.race([sleep(1000), stopped]);
    }
  }
} finally {
  app.kill('SIGTERM');
  viewer.kill('SIGTERM');
  await Promise.all([app.exited, viewer.exited]);
}
