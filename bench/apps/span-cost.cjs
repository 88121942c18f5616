// In-process cost of one server-like span (start, 10 attributes, status code, route, name, end)
// under the preload, spans made 1,000 per event-loop turn. Prints ns per span. Compare
// `OTEL_TRACES_EXPORTER=none` (the SDK span alone, no processor) with the default (otelkit's
// encoding processor and OTLP export to OTEL_EXPORTER_OTLP_ENDPOINT, e.g. bench/sink.mjs).
'use strict';
const { trace, SpanKind } = require('@opentelemetry/api');
const tracer = trace.getTracer('bench');
const N = Number(process.env.N ?? 200000);
const attrs = { 'http.request.method': 'GET', 'url.scheme': 'http', 'network.peer.address': '127.0.0.1', 'network.peer.port': 54321, 'network.protocol.version': '1.1', 'user_agent.original': 'wrk', 'url.path': '/users/42', 'server.address': '127.0.0.1', 'server.port': 8080, 'client.address': '127.0.0.1' };
function run(n) {
  for (let i = 0; i < n; i++) {
    const s = tracer.startSpan('GET', { kind: SpanKind.SERVER });
    s.setAttributes(attrs);
    s.setAttribute('http.response.status_code', 200);
    s.setAttribute('http.route', '/users/:id');
    s.updateName('GET /users/:id');
    s.end();
  }
}
run(50000);
setImmediate(() => {
  const t0 = process.hrtime.bigint();
  let done = 0;
  const step = () => { run(1000); done += 1000; if (done < N) setImmediate(step); else { console.log(JSON.stringify({ nsPerSpan: Number(process.hrtime.bigint() - t0) / N })); process.exit(0); } };
  step();
});
