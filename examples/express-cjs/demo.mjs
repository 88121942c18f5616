// `npm run demo`: runs app.js under the otelkit preload against an embedded OTLP receiver, sends a few
// requests, and prints each received trace as a tree next to the X-Trace-ID the client saw, then the
// HTTP RED metrics and the runtime metrics that arrived over OTLP.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runApp, startOtlpReceiver } from '@otelkit/testing';

const here = dirname(fileURLToPath(import.meta.url));
const KIND = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

const receiver = await startOtlpReceiver();
const app = runApp({
  entry: join(here, 'app.js'),
  preload: 'require',
  cwd: here,
  env: {
    PORT: '0',
    OTEL_SERVICE_NAME: 'orders-api',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_BSP_SCHEDULE_DELAY: '200',
    OTEL_METRIC_EXPORT_INTERVAL: '1000',
  },
  timeoutMs: 60_000,
});

try {
  const [, port] = await app.waitForOutput(/listening on http:\/\/127\.0\.0\.1:(\d+)/, { timeoutMs: 20_000 });
  console.log(`\nThe Express example runs under: node --require @otelkit/node/register app.js`);
  console.log(`OTLP goes to the embedded receiver at ${receiver.url}\n`);

  const requests = ['/orders/42', '/checkout/42', '/orders/7', '/boom', '/health'];
  const seen = [];
  for (const path of requests) {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    await response.arrayBuffer();
    const traceId = response.headers.get('x-trace-id');
    seen.push({ path, status: response.status, traceId });
    console.log(`GET ${path.padEnd(14)} -> ${response.status}  X-Trace-ID: ${traceId ?? '(none: probe paths are not traced)'}`);
  }

  const traced = seen.filter((s) => s.traceId !== null);
  await receiver.waitFor((r) => traced.every((s) => r.spans().some((span) => span.traceId === s.traceId && span.parentSpanId === '')), { timeoutMs: 10_000 });
  await new Promise((resolve) => setTimeout(resolve, 400)); // let child spans of the last batch land

  for (const { path, traceId } of traced) {
    const spans = receiver.spans().filter((s) => s.traceId === traceId);
    console.log(`\ntrace ${traceId}  (GET ${path}, ${spans.length} spans)`);
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
    for (const root of children.get('') ?? []) print(root, 0);
  }
  // Metrics: the periodic export runs every second here (60 s by default).
  const isRed = (m) => m.name === 'http.server.request.duration';
  await receiver.waitFor((r) => r.metrics().some(isRed), { timeoutMs: 10_000 });
  const latest = new Map();
  for (const m of receiver.metrics()) latest.set(m.name, m); // cumulative: the last export has the totals
  const red = latest.get('http.server.request.duration');
  console.log(`
metric ${red.name} (${red.type}, unit ${red.unit}; on /metrics: http_server_request_duration_seconds)`);
  for (const p of red.dataPoints) {
    const a = p.attributes;
    const mean = p.count > 0 ? ((p.sum / p.count) * 1000).toFixed(2) : '-';
    console.log(`  ${a['http.request.method']} ${String(a['http.route'] ?? '(no route)').padEnd(14)} ${a['http.response.status_code']}  count=${p.count}  mean=${mean} ms`);
  }
  const others = [...latest.keys()].filter((n) => n !== red.name).sort();
  console.log(`  and ${others.length} more: ${others.join(', ')}`);

  const resource = receiver.spans()[0]?.resource ?? {};
  console.log(`\nresource: service.name=${resource['service.name']} service.version=${resource['service.version'] ?? '-'} host.name=${resource['host.name'] ?? '-'}`);
  console.log(`received ${receiver.spans().length} spans and ${latest.size} metrics in ${receiver.requests().length} OTLP requests\n`);
} finally {
  app.kill('SIGTERM');
  await app.exited;
  await receiver.close();
}
