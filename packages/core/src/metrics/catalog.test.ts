import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OTELKIT_METRIC_CATALOG, metricsForProfile, prometheusNameOf } from './catalog.js';
import { renderMetricsMarkdown } from './markdown.js';
import { prometheusMetricName } from './prometheus-name.js';

// Units must be UCUM base units (seconds, bytes), ratios as `1`, or pure annotations.
const BASE_UNITS = new Set(['s', 'By', '1', '']);

describe('metric catalog', () => {
  it('has unique names and unique Prometheus names per profile', () => {
    const names = OTELKIT_METRIC_CATALOG.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const profile of ['semconv', 'prometheus-classic'] as const) {
      const prom = metricsForProfile(profile).map(prometheusNameOf);
      expect(new Set(prom).size).toBe(prom.length);
    }
  });

  it('uses base units only (seconds, not milliseconds)', () => {
    for (const d of OTELKIT_METRIC_CATALOG) {
      const bare = d.unit.replace(/\{[^}]*\}/g, '');
      expect(BASE_UNITS.has(bare), `${d.name} has unit ${d.unit}`).toBe(true);
    }
  });

  it('gives every histogram explicit, increasing buckets in its unit\'s scale', () => {
    for (const d of OTELKIT_METRIC_CATALOG.filter((x) => x.kind === 'histogram')) {
      expect(d.buckets, d.name).toBeDefined();
      const b = d.buckets!;
      for (let i = 1; i < b.length; i++) expect(b[i]!).toBeGreaterThan(b[i - 1]!);
      // A seconds histogram whose top bucket is in the thousands was written in milliseconds.
      if (d.unit === 's') expect(b[b.length - 1]!, d.name).toBeLessThanOrEqual(3600);
    }
  });

  it('lists optional attributes among the attributes', () => {
    for (const d of OTELKIT_METRIC_CATALOG) for (const a of d.optionalAttributes ?? []) expect(d.attributes).toContain(a);
  });

  it('renders the names users query', () => {
    const semconv = metricsForProfile('semconv').map(prometheusNameOf);
    expect(semconv).toContain('http_server_request_duration_seconds');
    expect(semconv).toContain('http_server_active_requests');
    expect(semconv).toContain('semaphore_leaked_slots');
    expect(semconv).toContain('job_queue_depth');
    expect(semconv).toContain('otel_sdk_exporter_span_exported_total');
    const classic = metricsForProfile('prometheus-classic').map(prometheusNameOf);
    expect(classic).toEqual(expect.arrayContaining(['http_requests_total', 'http_request_duration_seconds', 'http_requests_in_flight', 'process_cpu_seconds_total', 'process_resident_memory_bytes']));
    expect(classic).not.toContain('http_server_request_duration_seconds');
  });

  it('docs/metrics.md matches the catalog (run `npm run docs` after changing it)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'metrics.md'), 'utf8');
    expect(committed).toBe(renderMetricsMarkdown());
  });
});

describe('prometheusMetricName', () => {
  it.each([
    ['http.server.request.duration', 's', 'histogram', 'http_server_request_duration_seconds'],
    ['process.memory.usage', 'By', 'updowncounter', 'process_memory_usage_bytes'],
    ['nodejs.eventloop.utilization', '1', 'gauge', 'nodejs_eventloop_utilization_ratio'],
    ['cache.requests', '{request}', 'counter', 'cache_requests_total'],
    ['http_requests_total', '', 'counter', 'http_requests_total'],
    ['latency_seconds', 's', 'histogram', 'latency_seconds'],
    ['throughput', 'By/s', 'gauge', 'throughput_bytes_per_second'],
    ['rate', '1/s', 'gauge', 'rate_per_second'],
    ['weird-name!', 'ms', 'gauge', 'weird_name_milliseconds'],
    ['9lives', '', 'counter', '_9lives_total'],
    ['count', '1', 'counter', 'count_total'],
    // Suffixes another type owns come off: promtool rejects a gauge named like a histogram's _count.
    ['db.client.connection.count', '{connection}', 'updowncounter', 'db_client_connection'],
    ['queue.items.sum', '', 'gauge', 'queue_items'],
    ['cache.bucket', '', 'gauge', 'cache'],
    ['jobs.total', '{job}', 'updowncounter', 'jobs'],
    ['jobs.count.total', '', 'gauge', 'jobs'],
    ['requests.count', '', 'counter', 'requests_count_total'],
    ['sessions.total', '', 'counter', 'sessions_total'],
    ['rpc.count', 's', 'histogram', 'rpc_count_seconds'],
    ['batch.count', '', 'histogram', 'batch_count'],
    ['memory.total', 'By', 'gauge', 'memory_total_bytes'],
    ['wait.total', '', 'histogram', 'wait'],
    ['_count', '', 'gauge', '_count'],
  ] as const)('%s [%s, %s] -> %s', (name, unit, kind, expected) => {
    expect(prometheusMetricName(name, unit, kind)).toBe(expected);
  });
});
