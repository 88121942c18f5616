/**
 * Both ways, against the metric catalog: every series the generated rules and dashboards read is one
 * otelkit emits in that profile (or a rule's own recording, or Prometheus' `up`), for both profiles
 * and with an SLO. The same check against a real scrape is test/e2e/mixin-prometheus.test.ts.
 */
import type { OtelkitMetricNaming, OtelkitMetricsProfile } from '@otelkit/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { catalogSeriesNames } from './dashboards/coverage.js';
import { dashboardQueries, promqlMetricNames } from './dashboards/queries.js';
import { generateMixin } from './generate.js';

interface RuleFile {
  groups: Array<{ rules: Array<{ expr: string; record?: string }> }>;
}

/** A service's own names (runbook 000's): the generated files must query these and nothing else. */
const AUTONOMOS: OtelkitMetricNaming = {
  namespace: 'autonomos',
  names: { 'job.processed': 'jobs', 'http_requests': 'api_requests', 'http_request_duration': 'api_latency_seconds', 'pool.connections': 'db_connections' },
  labels: { 'job.status': 'status', 'http_requests:status': 'status_code', 'pool.state': 'state' },
  labelValues: { 'job.status:failed': 'error', 'pool.state:used': 'active' },
};

describe.each([
  ['semconv', undefined],
  ['prometheus-classic', undefined],
  ['prometheus-classic', AUTONOMOS],
] as const)('names in the generated files (%s profile, naming %o)', (profile: OtelkitMetricsProfile, naming: OtelkitMetricNaming | undefined) => {
  const { files } = generateMixin({ profile, ...(naming === undefined ? {} : { naming }), slo: { service: 'checkout', objectives: { availability: 99.9, latency: { target: 95, threshold: 0.5 } } } });
  const rules = [...files].filter(([path, text]) => /\.ya?ml$/.test(path) && /^groups:/m.test(text)).flatMap(([, text]) => (parse(text) as RuleFile).groups.flatMap((g) => g.rules));
  const recorded = new Set(rules.flatMap((r) => (r.record === undefined ? [] : [r.record])));
  const dashboards = [...files].filter(([path]) => path.startsWith('dashboards/')).map(([, text]) => JSON.parse(text) as Record<string, unknown>);
  const exprs = [...rules.map((r) => String(r.expr)), ...dashboards.flatMap(dashboardQueries).map((q) => q.expr)];

  it('generates rules and dashboards to check', () => {
    expect(rules.length).toBeGreaterThan(10);
    expect(dashboards).toHaveLength(5);
  });

  it('reads only series the catalog gives this profile, recordings of the same rules, up and target_info', () => {
    const emitted = catalogSeriesNames(profile, naming);
    const unknown = [...new Set(exprs.flatMap(promqlMetricNames))].filter((name) => !emitted.has(name) && !recorded.has(name) && name !== 'up' && name !== 'target_info');
    expect(unknown).toEqual([]);
  });
});

describe('a naming in the generated files', () => {
  const text = [...generateMixin({ profile: 'prometheus-classic', naming: AUTONOMOS }).files.values()].join('\n');

  it('queries the chosen names, labels and values, and none of the catalog names they replace', () => {
    for (const chosen of ['autonomos_jobs_total', 'autonomos_api_requests_total', 'autonomos_api_latency_seconds_bucket', 'autonomos_db_connections', 'autonomos_job_queue_depth', 'autonomos_semaphore_leaked_slots']) {
      expect(text).toContain(chosen);
    }
    expect(text).toMatch(/autonomos_api_requests_total\{status_code=~\\?"5\.\.\\?"\}/);
    expect(text).toMatch(/status=\\?"error\\?"/);
    expect(text).not.toMatch(/\b(?:job_processed_total|http_requests_total|http_request_duration_seconds_bucket|pool_connections|job_queue_depth)\b/);
    expect(text).not.toMatch(/job_status=|pool_state=/);
  });
});
