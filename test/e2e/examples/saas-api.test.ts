/**
 * examples/saas-api against runbook 001's contract, with the real parts: PostgreSQL on 127.0.0.1:5432,
 * the example started with `npm start` under the preload, its traffic script, and a real Prometheus
 * scraping it with the runbook's alert rules loaded (the scrape adds `service="api"`, as the
 * runbook's Prometheus does for each service). An OTLP receiver decoding with the official protos
 * stands in for the Collector in front of Tempo.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { disposeAll, newReceiver, SPAN_KIND, waitForServerSpan } from '../../integration/helpers.js';
import {
  assertAlertsEvaluate,
  assertLogFields,
  assertRunbookMetrics,
  readRunbook,
  requestWithTrace,
  runTraffic,
  startExample,
  startExamplePrometheus,
  stopAll,
  type ContractExclusion,
} from './harness.js';

afterAll(async () => {
  await stopAll();
  await disposeAll();
});

const RUNBOOK = readRunbook('001');

/** What the runbook reads that an API process does not serve, and who does. */
const NOT_THIS_PROCESS: readonly ContractExclusion[] = [
  { match: /^node_/, reason: 'host figures from node_exporter' },
  { match: /^container_/, reason: 'container figures from cAdvisor' },
  { match: 'up{job="postgres"}', reason: 'the database target is postgres_exporter\'s scrape job' },
];

/** The runbook's log line (Structured Logging Format), plus the trace correlation. */
const LOG_FIELDS = ['timestamp', 'level', 'service', 'request_id', 'tenant_id', 'user_id', 'operation', 'duration_ms', 'status', 'message', 'trace_id', 'span_id'];

describe('examples/saas-api serves runbook 001', () => {
  it('under traffic: every series, label and alert of the runbook in Prometheus, logs and traces correlated', async () => {
    const receiver = await newReceiver();
    const example = await startExample({
      name: 'saas-api',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200' },
    });
    const prom = await startExamplePrometheus({ targets: [example], job: 'saas-api', labels: { service: 'api' }, runbook: RUNBOOK });

    // The endpoints answer as documented, with the trace id in a header and in the log line.
    const created = await requestWithTrace(example, '/api/workspaces/ws_contract/artifacts', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant-id': 'tenant_contract', 'x-user-id': 'user_contract', 'x-request-id': 'req_123456' },
      body: JSON.stringify({ name: 'contract-widget', tags: ['demo', 'widget'] }),
    });
    expect(created.status).toBe(201);
    expect(created.lines).toContainEqual(expect.objectContaining({
      request_id: 'req_123456', tenant_id: 'tenant_contract', user_id: 'user_contract', operation: 'artifact.create', status: 'success', service: 'api',
      metadata: expect.objectContaining({ tags: ['demo', 'widget'] }),
    }));
    const failed = await requestWithTrace(example, '/api/reports/usage?days=365', { headers: { 'x-tenant-id': 'tenant_contract', 'x-user-id': 'user_contract' } });
    expect(failed.status).toBe(503);
    expect(failed.lines).toContainEqual(expect.objectContaining({ level: 'ERROR', operation: 'report.usage', status: 'error' }));

    // The trace reached the Collector's place: the server span and the pg client span of the insert.
    const server = await waitForServerSpan(receiver, created.traceId);
    expect(server.attributes['tenant.id']).toBe('tenant_contract');
    await receiver.waitFor((r) => r.spans().some((s) => s.traceId === created.traceId && s.kind === SPAN_KIND.CLIENT && String(s.attributes['db.query.text'] ?? s.attributes['db.statement'] ?? '').includes('INSERT INTO saas_api_artifacts')));
    // The artifact's background processing joins the trace of the request that created it.
    await receiver.waitFor((r) => r.spans().some((s) => s.traceId === created.traceId && s.name === 'artifact.process'));

    const traffic = await runTraffic(example, 20, { args: ['--rate', '25'] });
    expect(traffic.code, traffic.stderr).toBe(0);
    const summary = JSON.parse(traffic.stdout.trim().split('\n').at(-1)!) as { requests: number; failures: number; by_status: Record<string, number> };
    expect(summary.requests).toBeGreaterThan(300);
    expect(summary.by_status['503'] ?? 0, 'report timeouts').toBeGreaterThan(0);
    expect(summary.by_status['409'] ?? 0, 'duplicate registrations').toBeGreaterThan(0);
    await prom.waitForScrapes(3);

    const report = await assertRunbookMetrics(prom, RUNBOOK, { exclude: NOT_THIS_PROCESS });
    expect(report.found).toEqual(expect.arrayContaining([
      'http_requests_total', 'http_request_duration_seconds_bucket', 'db_query_duration_seconds_bucket', 'db_errors_total', 'db_connections_active',
      'db_connections_max', 'user_login_total', 'user_registrations_total', 'artifacts_created_total', 'workspace_activity_total', 'subscription_revenue_total', 'celery_queue_length',
    ]));
    // Every one of the runbook's alerts evaluates, through the query API and as a loaded rule.
    expect((await assertAlertsEvaluate(prom, RUNBOOK)).map((a) => a.alert)).toHaveLength(9);
    // And the golden signals hold what the traffic did: errors by service, latency by endpoint.
    const errorRate = await prom.query('sum(rate(http_requests_total{status=~"5.."}[1m])) by (service) / sum(rate(http_requests_total[1m])) by (service) * 100');
    expect(errorRate.data?.result.map((r) => r.metric['service'])).toEqual(['api']);
    expect(Number(errorRate.data!.result[0]!.value![1])).toBeGreaterThan(0);
    const endpoints = await prom.query('sum(rate(http_requests_total[1m])) by (endpoint)');
    expect(endpoints.data?.result.map((r) => r.metric['endpoint'])).toEqual(expect.arrayContaining(['/api/workspaces/:workspaceId/artifacts', '/api/artifacts/:id', '/api/reports/usage']));

    // Every request log line has the runbook's fields.
    assertLogFields(example.logs(), LOG_FIELDS, { where: (l) => typeof l['http_status'] === 'number', atLeast: 300 });
    await example.stop();
  }, 150_000);
});
