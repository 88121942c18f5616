/**
 * The harness's own checks: it reads the five runbooks as they are written (alerts with their names
 * and `for:`, multi-line queries split where they end, metric listings), every expression it
 * extracts parses in a real Prometheus, and its contract assertions fail when a series is missing.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { assertAlertsEvaluate, assertRunbookMetrics, contractMetrics, readRunbook, startExamplePrometheus, stopAll, type ExamplePrometheus } from './harness.js';

const IDS = ['000', '001', '002', '003', '004'] as const;

describe('reading the runbooks', () => {
  it('finds runbook 000\'s alerts, with multi-line expressions, and its queries', () => {
    const c = readRunbook('000');
    expect(c.alerts.map((a) => a.alert)).toEqual(['SemaphoreLeakDetected', 'HighErrorRate', 'WorkerCrashRate', 'DatabasePoolExhausted', 'HighQueueDepth', 'HighAPILatency', 'RedisMemoryHigh']);
    const errorRate = c.alerts[1]!;
    expect(errorRate.for).toBe('5m');
    expect(errorRate.expr).toBe('(sum(rate(autonomos_jobs_total{status="failed"}[5m]))\n/\nsum(rate(autonomos_jobs_total[5m])) * 100) > 5');
    expect(errorRate.selectors.map((s) => s.text)).toEqual(['autonomos_jobs_total{status="failed"}', 'autonomos_jobs_total']);
    const exprs = c.queries.map((q) => q.expr);
    expect(exprs).toContain('autonomos_queue_depth{queue_name="mappings"}');
    expect(exprs).toContain('rate(autonomos_jobs_total{status="failed"}[5m])\n/\nrate(autonomos_jobs_total[5m]) * 100');
    // Three quantiles on three lines are three queries.
    expect(exprs.filter((e) => e.startsWith('histogram_quantile(0.') && e.includes('autonomos_api_latency_seconds_bucket[5m]))')).length).toBeGreaterThanOrEqual(3);
    const metrics = contractMetrics(c);
    expect([...metrics.get('autonomos_db_connections')!.matchers]).toEqual(['state']);
    expect([...metrics.get('autonomos_api_requests_total')!.matchers]).toEqual(['status_code']);
    expect(metrics.get('autonomos_semaphore_leaked_slots')).toBeDefined();
  });

  it('reads runbook 001\'s golden signals with their matchers and by-labels', () => {
    const c = readRunbook('001');
    expect(c.alerts.map((a) => a.alert)).toEqual(['HighErrorRate', 'HighLatency', 'DatabaseConnectionsHigh', 'DatabaseDown', 'HighCPUUsage', 'HighMemoryUsage', 'DiskSpaceLow', 'PerformanceDegradation', 'CeleryQueueBacklog']);
    const m = contractMetrics(c);
    expect([...m.get('http_requests_total')!.matchers]).toEqual(['status']);
    expect([...m.get('http_requests_total')!.groupBy].sort()).toEqual(['endpoint', 'service']);
    for (const name of ['db_query_duration_seconds_bucket', 'db_errors_total', 'user_registrations_total', 'artifacts_created_total', 'workspace_activity_total']) expect(m.has(name), name).toBe(true);
    expect([...m.get('workspace_activity_total')!.groupBy]).toEqual(['tenant_id']);
  });

  it('reads alert blocks without a list (002, 003) and the metric listings (002, 003, 004)', () => {
    expect(readRunbook('002').alerts.map((a) => [a.alert, a.for])).toEqual([['HighErrorRate', '5m'], ['HighLatency', '10m'], ['ServiceDown', '1m'], ['HighMemoryUsage', '5m']]);
    expect(readRunbook('002').declared).toContainEqual(expect.objectContaining({ metric: 'tool_executions_total', labels: ['tool_name', 'status'] }));
    expect(readRunbook('003').alerts.map((a) => a.alert)).toEqual(['ApplicationDown', 'HighErrorRate', 'MemoryLeak', 'HighResponseTime', 'LowModelAccuracy', 'TrainingStalled']);
    expect(readRunbook('003').declared.map((d) => d.metric)).toContain('ai_inference_duration_seconds');
    expect(readRunbook('004').declared.map((d) => d.metric)).toEqual(expect.arrayContaining(['aet_tasks_total', 'aet_task_duration_seconds', 'aet_events_total']));
  });
});

describe('against a real Prometheus', () => {
  let started: ExamplePrometheus | undefined;
  const prometheus = async (): Promise<ExamplePrometheus> => (started ??= await startExamplePrometheus({ targets: [], runbook: readRunbook('000') }));
  afterAll(stopAll);

  it('every expression extracted from the five runbooks parses', async () => {
    const prom = await prometheus();
    const failures: string[] = [];
    for (const id of IDS) {
      const c = readRunbook(id);
      for (const e of [...c.alerts, ...c.queries]) {
        const r = await prom.query(e.expr);
        if (r.status !== 'success') failures.push(`${id}:${e.line} ${JSON.stringify(e.expr)}: ${r.error}`);
      }
    }
    // Runbook 000 groups a histogram_quantile() with `by` outside any aggregation twice, which PromQL
    // rejects as written; everything else parses.
    expect(failures).toEqual([
      expect.stringMatching(/^000:307 "histogram_quantile\(0\.95,.*\) by \(job_type\)": .*parse error/),
      expect.stringMatching(/^000:722 "topk\(5, histogram_quantile.* by \(endpoint\).*": .*parse error/),
    ]);
  });

  it('loads a runbook\'s alerts as rules, and the metric assertion fails naming what is missing', async () => {
    const prom = await prometheus();
    const c = readRunbook('000');
    expect((await assertAlertsEvaluate(prom, c)).length).toBe(7);
    await expect(assertRunbookMetrics(prom, c)).rejects.toThrow(/autonomos_semaphore_leaked_slots/);
    // Everything excluded: nothing left to miss.
    const report = await assertRunbookMetrics(prom, c, { exclude: [{ match: /.*/, reason: 'no target in this test' }] });
    expect(report).toEqual({ found: [], missing: [] });
  });
});

describe('a listed histogram family', () => {
  afterAll(stopAll);

  it('is found by its _bucket series, with the listed labels', async () => {
    const exposition = [
      '# TYPE demo_duration_seconds histogram',
      'demo_duration_seconds_bucket{endpoint="/a",le="0.1"} 1',
      'demo_duration_seconds_bucket{endpoint="/a",le="+Inf"} 2',
      'demo_duration_seconds_sum{endpoint="/a"} 0.3',
      'demo_duration_seconds_count{endpoint="/a"} 2',
      '',
    ].join('\n');
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(exposition));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const prom = await startExamplePrometheus({ targets: [`127.0.0.1:${(server.address() as AddressInfo).port}`] });
      await prom.waitForScrapes(1);
      const listed = (labels: string[]) => ({ file: 'listing', alerts: [], queries: [], declared: [{ metric: 'demo_duration_seconds', labels, line: 1 }] });
      expect((await assertRunbookMetrics(prom, listed(['endpoint']), { declared: true })).found).toEqual(['demo_duration_seconds']);
      await expect(assertRunbookMetrics(prom, listed(['method']), { declared: true })).rejects.toThrow(/demo_duration_seconds: method/);
    } finally {
      server.close();
    }
  });
});
