// Cost of one Prometheus scrape of ~10k samples: one histogram over 770 label sets (11 buckets),
// collected and serialized, for otelkit (SDK collect + @otelkit/metrics serializer, as /metrics
// serves it: UTF-8 pieces, and for reference as one string), upstream
// (SDK collect through PrometheusExporter + its serializer) and prom-client, alternating A B C.
// Prints one JSON line: ms per 1k samples per variant, per round.
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { serializePrometheus, serializePrometheusChunks } from '@otelkit/metrics';
import client from 'prom-client';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const SCRAPES = Number(process.env.SCRAPES ?? 30);
const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
const statuses = ['200', '201', '204', '301', '400', '401', '403', '404', '409', '422', '500'];
const routes = Array.from({ length: 10 }, (_, i) => `/api/v1/resource${i}/:id`);
const labelSets = [];
for (const m of methods) for (const s of statuses) for (const r of routes) labelSets.push({ method: m, status: s, route: r });
// 7 × 11 × 10 = 770 label sets.

class Pull extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  onForceFlush() {
    return Promise.resolve();
  }
  onShutdown() {
    return Promise.resolve();
  }
}

function fill(histogram) {
  let v = 0;
  for (const attrs of labelSets) for (let i = 0; i < 5; i++) histogram.record((v = (v * 7 + 13) % 997) / 100, attrs);
}

const pull = new Pull();
const upstream = new PrometheusExporter({ preventServerStart: true });
const provider = new MeterProvider({ readers: [pull, upstream] });
metrics.setGlobalMeterProvider(provider);
const h = provider.getMeter('bench').createHistogram('http_request_duration', { unit: 's', advice: { explicitBucketBoundaries: BUCKETS } });
fill(h);
const upstreamSerializer = new PrometheusSerializer();

const registry = new client.Registry();
const ph = new client.Histogram({ name: 'http_request_duration_seconds', help: 'x', labelNames: ['method', 'status', 'route'], buckets: BUCKETS, registers: [registry] });
let v = 0;
for (const attrs of labelSets) for (let i = 0; i < 5; i++) ph.observe(attrs, (v = (v * 7 + 13) % 997) / 100);

// otelkit's /metrics serves serializePrometheusChunks (UTF-8 pieces it writes as they are), so that
// is the budget's figure; serializePrometheus, one string, is the API's other form, for reference.
const variants = {
  otelkit: async () => serializePrometheusChunks((await pull.collect()).resourceMetrics),
  'otelkit (one string)': async () => serializePrometheus((await pull.collect()).resourceMetrics),
  upstream: async () => upstreamSerializer.serialize((await upstream.collect()).resourceMetrics),
  'prom-client': () => registry.metrics(),
};
const samples = {};
for (const [name, run] of Object.entries(variants)) {
  const body = await run();
  const text = typeof body === 'string' ? body : Buffer.concat(body).toString('utf8');
  samples[name] = text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
}
const out = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(variants)) {
    for (let i = 0; i < 3; i++) await run(); // warm
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < SCRAPES; i++) await run();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6 / SCRAPES;
    out[name].push(ms / (samples[name] / 1000));
  }
}
process.stdout.write(`${JSON.stringify({ samples, msPer1k: out })}\n`);
