/**
 * Both ways, against the metric catalog: every series the generated rules and dashboards read is one
 * otelkit emits in that profile (or a rule's own recording, or Prometheus' `up`), for both profiles
 * and with an SLO. The same check against a real scrape is test/e2e/mixin-prometheus.test.ts.
 */
import type { OtelkitMetricsProfile } from '@otelkit/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { catalogSeriesNames } from './dashboards/coverage.js';
import { dashboardQueries, promqlMetricNames } from './dashboards/queries.js';
import { generateMixin } from './generate.js';

interface RuleFile {
  groups: Array<{ rules: Array<{ expr: string; record?: string }> }>;
}

describe.each(['semconv', 'prometheus-classic'] as const)('names in the generated files (%s profile)', (profile: OtelkitMetricsProfile) => {
  const { files } = generateMixin({ profile, slo: { service: 'checkout', objectives: { availability: 99.9, latency: { target: 95, threshold: 0.5 } } } });
  const rules = [...files].filter(([path, text]) => /\.ya?ml$/.test(path) && /^groups:/m.test(text)).flatMap(([, text]) => (parse(text) as RuleFile).groups.flatMap((g) => g.rules));
  const recorded = new Set(rules.flatMap((r) => (r.record === undefined ? [] : [r.record])));
  const dashboards = [...files].filter(([path]) => path.startsWith('dashboards/')).map(([, text]) => JSON.parse(text) as Record<string, unknown>);
  const exprs = [...rules.map((r) => String(r.expr)), ...dashboards.flatMap(dashboardQueries).map((q) => q.expr)];

  it('generates rules and dashboards to check', () => {
    expect(rules.length).toBeGreaterThan(10);
    expect(dashboards).toHaveLength(5);
  });

  it('reads only series the catalog gives this profile, recordings of the same rules, up and target_info', () => {
    const emitted = catalogSeriesNames(profile);
    const unknown = [...new Set(exprs.flatMap(promqlMetricNames))].filter((name) => !emitted.has(name) && !recorded.has(name) && name !== 'up' && name !== 'target_info');
    expect(unknown).toEqual([]);
  });
});
