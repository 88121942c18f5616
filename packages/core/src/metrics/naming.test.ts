import { describe, expect, it } from 'vitest';
import { resetDiagRateLimit, setDiagSink } from '../diag.js';
import { metricDefinition } from './catalog.js';
import { assertMetricNaming, createMetricNamer, normalizeMetricNaming } from './naming.js';
import { readMetricNaming } from './naming-env.js';

const named = (naming: Parameters<typeof createMetricNamer>[0], instrument: string) => createMetricNamer(naming).instrument(metricDefinition(instrument));

describe('metric naming', () => {
  it('keeps the catalog names without a naming', () => {
    const n = createMetricNamer();
    expect(n.identity).toBe(true);
    const depth = n.instrument(metricDefinition('job.queue.depth'));
    expect([depth.name, depth.prometheusName, depth.mapAttributes, depth.label('queue.name')]).toEqual(['job.queue.depth', 'job_queue_depth', undefined, 'queue_name']);
    expect(n.instrument(metricDefinition('http_requests')).prometheusName).toBe('http_requests_total');
  });

  it('puts HTTP and domain instruments under the namespace, and leaves runtime and SDK metrics alone', () => {
    const naming = { namespace: 'autonomos' };
    expect(named(naming, 'job.queue.depth').prometheusName).toBe('autonomos_job_queue_depth');
    expect(named(naming, 'job.queue.depth').name).toBe('autonomos.job.queue.depth');
    expect(named(naming, 'semaphore.leaked_slots').prometheusName).toBe('autonomos_semaphore_leaked_slots');
    expect(named(naming, 'job.duration').prometheusName).toBe('autonomos_job_duration_seconds');
    expect(named(naming, 'process_resident_memory').prometheusName).toBe('process_resident_memory_bytes');
    expect(named(naming, 'otel.sdk.exporter.span.exported').prometheusName).toBe('otel_sdk_exporter_span_exported_total');
    // Recorded by an upstream instrumentation, under its own name.
    expect(named(naming, 'http.client.request.duration').prometheusName).toBe('http_client_request_duration_seconds');
  });

  it('gives chosen names exactly as written, counters with _total, and drops a unit that would add a word', () => {
    const naming = { namespace: 'autonomos', names: { 'job.processed': 'jobs', 'http_request_duration': 'api_latency_seconds', 'pool.connections': 'db_connections' } };
    expect(named(naming, 'job.processed').prometheusName).toBe('autonomos_jobs_total');
    expect(named(naming, 'http_request_duration').prometheusName).toBe('autonomos_api_latency_seconds');
    expect(named(naming, 'pool.connections').prometheusName).toBe('autonomos_db_connections');
    const ratio = named({ names: { 'rate_limit.utilization': 'rate_limit_utilization' } }, 'rate_limit.utilization');
    expect([ratio.prometheusName, ratio.unit]).toEqual(['rate_limit_utilization', '']);
    // A unit the name already ends with is kept.
    expect(named(naming, 'http_request_duration').unit).toBe('s');
  });

  it('renames labels for every instrument or for one, and values', () => {
    const naming = {
      labels: { 'route': 'endpoint', 'http_requests:status': 'status_code', 'pool.state': 'state' },
      labelValues: { 'pool.state:used': 'active', 'pool.connections:pool.state:idle': 'spare' },
    };
    const total = named(naming, 'http_requests');
    expect(total.mapAttributes!({ method: 'GET', status: '500', route: '/a' })).toEqual({ method: 'GET', status_code: '500', endpoint: '/a' });
    expect(named(naming, 'http_request_duration').mapAttributes!({ status: '200', route: '/a' })).toEqual({ status: '200', endpoint: '/a' });
    const pool = named(naming, 'pool.connections');
    expect(pool.mapAttributes!({ 'pool.name': 'pg', 'pool.state': 'used' })).toEqual({ 'pool.name': 'pg', state: 'active' });
    expect(pool.mapAttributes!({ 'pool.name': 'pg', 'pool.state': 'idle' })).toEqual({ 'pool.name': 'pg', state: 'spare' });
    expect([pool.label('pool.state'), pool.value('pool.state', 'used'), pool.label('pool.name')]).toEqual(['state', 'active', 'pool_name']);
    expect(named(naming, 'pool.utilization').mapAttributes).toBeUndefined();
  });

  it('reports each entry it cannot honour and keeps the rest', () => {
    const { naming, problems } = normalizeMetricNaming({
      namespace: 'bad name',
      names: { 'job.processed': 'jobs', 'process_cpu': 'cpu', 'nope': 'x', 'job.enqueued': 'jobs', 'job.active': '1x' },
      labels: { 'queue.name': 'queue', 'job.processed:nope': 'x', 'tenant.id': '__reserved', 'unknown.attr': 'y' },
      labelValues: { 'pool.state:used': 'active', 'pool.state': 'x', 'job.status:failed': '' },
    });
    expect(naming).toEqual({ names: { 'job.processed': 'jobs' }, labels: { 'queue.name': 'queue' }, labelValues: { 'pool.state:used': 'active' } });
    expect(problems.map((p) => p.field)).toEqual([
      'namespace', 'names.process_cpu', 'names.nope', 'names.job.enqueued', 'names.job.active',
      'labels.job.processed:nope', 'labels.tenant.id', 'labels.unknown.attr', 'labelValues.pool.state', 'labelValues.job.status:failed',
    ]);
    expect(() => assertMetricNaming({ names: { nope: 'x' } }, 'metricNaming')).toThrow(/OTELKIT_ERR_INVALID_OPTION: option "metricNaming.names.nope"/);
  });

  it('drops entries that would make two families share a name or one instrument two labels of a name', () => {
    const { naming, problems } = normalizeMetricNaming({
      names: { 'job.processed': 'job_enqueued', 'job.duration': 'jobs_seconds' },
      labels: { 'queue.name': 'tenant_id', 'tenant.id': 'tenant_id', 'job.status': 'status' },
    });
    expect(naming.names).toEqual({ 'job.duration': 'jobs_seconds' });
    expect(naming.labels).toEqual({ 'tenant.id': 'tenant_id', 'job.status': 'status' });
    expect(problems).toEqual([
      { field: 'labels.queue.name', message: 'gives job.enqueued two tenant_id labels (queue.name and tenant.id)' },
      { field: 'names.job.processed', message: 'gives job_enqueued_total to both job.enqueued and job.processed' },
    ]);
  });
});

describe('readMetricNaming', () => {
  it('reads the four variables and warns once per bad entry, naming the variable', () => {
    const lines: string[] = [];
    resetDiagRateLimit();
    const previous = setDiagSink((_l, line) => lines.push(line));
    let naming;
    try {
      naming = readMetricNaming({
      OTELKIT_METRICS_NAMESPACE: 'aet',
      OTELKIT_METRICS_NAMES: 'job.processed=tasks,job.duration=task_duration_seconds,bogus=x',
      OTELKIT_METRICS_LABELS: 'http_requests:status=status_code,queue.name=queue',
      OTELKIT_METRICS_LABEL_VALUES: 'pool.state:used=active',
      });
    } finally {
      setDiagSink(previous);
    }
    expect(naming).toEqual({
      namespace: 'aet',
      names: { 'job.processed': 'tasks', 'job.duration': 'task_duration_seconds' },
      labels: { 'http_requests:status': 'status_code', 'queue.name': 'queue' },
      labelValues: { 'pool.state:used': 'active' },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('OTELKIT_METRICS_NAMES entry "bogus"');
    expect(named(naming, 'job.duration').prometheusName).toBe('aet_task_duration_seconds');
  });
});
