/**
 * The naming an app chooses reaches every instrument: domain helpers and the HTTP recorder carry
 * the chosen names, labels and values, and /metrics serves them as the runbooks' queries spell them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { installTestMeter, type TestMeter } from '@otelkit/testing/metrics';
import { observePool } from './domain/pool.js';
import { instrumentQueue } from './domain/queue.js';
import { trackRateLimit } from './domain/rate-limit.js';
import { trackSemaphore } from './domain/semaphore.js';
import { createHttpServerMetrics } from './http.js';
import { setMetricNaming } from './instruments.js';
import { serializePrometheus } from './prometheus/serialize.js';

let m: TestMeter | undefined;
afterEach(async () => {
  await m?.close();
  m = undefined;
  setMetricNaming(undefined);
});

async function scrape(meter: TestMeter): Promise<string> {
  const collected = await meter.collect();
  return serializePrometheus({ ...collected, resource: { attributes: {} } }, { targetInfo: false, scopeLabels: false });
}

describe('metric naming', () => {
  it('serves the domain helpers under the namespace, with chosen names, labels and values', async () => {
    setMetricNaming({
      namespace: 'autonomos',
      names: { 'job.processed': 'jobs', 'semaphore.active_slots': 'semaphore_active_jobs', 'pool.connections': 'db_connections' },
      labels: { 'job.status': 'status', 'tenant.id': 'tenant_id', 'job.queue.depth:queue.name': 'queue', 'pool.state': 'state' },
      labelValues: { 'pool.state:used': 'active' },
    });
    m = installTestMeter();
    const q = instrumentQueue({ name: 'mappings', tenantLabel: true });
    for (let i = 0; i < 3; i++) q.enqueue({ tenant: 't1' });
    q.start({ tenant: 't1' }).fail(new Error('x'));
    q.start({ tenant: 't1' }).complete();
    const s = trackSemaphore({ name: 'tenant-jobs', limit: 5, tenantLabel: true });
    const slot = s.acquire({ tenant: 't1' });
    observePool({ name: 'pg', used: () => 3, idle: () => 7, max: 10 });
    const text = await scrape(m);
    slot.release();

    expect(text).toContain('autonomos_job_queue_depth{queue="mappings",tenant_id="t1"} 1');
    expect(text).toContain('autonomos_jobs_total{queue_name="mappings",tenant_id="t1",status="failed",error_type="Error"} 1');
    expect(text).toContain('autonomos_jobs_total{queue_name="mappings",tenant_id="t1",status="completed"} 1');
    expect(text).toContain('# TYPE autonomos_job_duration_seconds histogram');
    expect(text).toContain('autonomos_semaphore_active_jobs{semaphore_name="tenant-jobs",tenant_id="t1"} 1');
    expect(text).toContain('autonomos_semaphore_leaked_slots{semaphore_name="tenant-jobs",tenant_id="t1"} 0');
    expect(text).toContain('autonomos_db_connections{pool_name="pg",state="active"} 3');
    expect(text).toContain('autonomos_db_connections{pool_name="pg",state="idle"} 7');
    expect(text).not.toMatch(/^job_|^semaphore_|^pool_/m);
  });

  it('keeps the catalog names without a naming', async () => {
    m = installTestMeter();
    instrumentQueue({ name: 'q' }).enqueue();
    const r = trackRateLimit({ name: 'api', limit: 10 });
    r.setUsage(5);
    const text = await scrape(m);
    expect(text).toContain('job_queue_depth{queue_name="q"} 1');
    expect(text).toContain('rate_limit_utilization_ratio{rate_limit_name="api"} 0.5');
  });

  it('names the HTTP series, renaming a label for one instrument only', async () => {
    setMetricNaming({
      namespace: 'autonomos',
      names: { http_requests: 'api_requests', http_request_duration: 'api_latency_seconds' },
      labels: { 'http_requests:status': 'status_code', route: 'endpoint' },
    });
    const h = createHttpServerMetrics({ profile: 'prometheus-classic' });
    m = installTestMeter({ producers: [h.producer as never] });
    h.requestStarted('GET', 'http');
    h.requestEnded({ method: 'GET', scheme: 'http', status: 503, route: '/jobs', durationSeconds: 0.2 });
    const text = await scrape(m);
    expect(text).toContain('autonomos_api_requests_total{method="GET",status_code="503",endpoint="/jobs"} 1');
    expect(text).toContain('autonomos_api_latency_seconds_count{method="GET",status="503",endpoint="/jobs"} 1');
    expect(text).toContain('autonomos_http_requests_in_flight{method="GET"} 0');
  });
});
