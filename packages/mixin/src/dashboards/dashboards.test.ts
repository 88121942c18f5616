import { metricsForProfile, prometheusNameOf, type OtelkitMetricsProfile } from '@otelkit/core';
import { describe, expect, it } from 'vitest';
import { createContext } from '../context.js';
import type { MixinOptions } from '../options.js';
import { sloGroups } from '../slo/rules.js';
import { DASHBOARD_EXCLUSIONS, catalogSeriesNames, dashboardFamilies } from './coverage.js';
import { dashboardModels } from './index.js';
import { dashboardQueries, promqlMetricNames, substituteVariables } from './queries.js';

const PROFILES: readonly OtelkitMetricsProfile[] = ['semconv', 'prometheus-classic'];
const SLO: MixinOptions['slo'] = { service: 'checkout', objectives: { availability: 99.9, latency: { target: 95, threshold: 0.5 } } };

function models(profile: OtelkitMetricsProfile, extra: MixinOptions = {}): Map<string, Record<string, unknown>> {
  return dashboardModels(createContext({ profile, slo: SLO, ...extra }));
}

interface Variable {
  name: string;
  type: string;
  query?: unknown;
  datasource?: { uid?: string };
}

describe.each(PROFILES)('dashboards (%s profile)', (profile) => {
  const all = models(profile);
  const queries = [...all.values()].flatMap(dashboardQueries);

  it('builds the five dashboards, each with a unique uid and a title', () => {
    expect([...all.keys()].sort()).toEqual(['jobs.json', 'overview.json', 'pools-semaphores.json', 'runtime.json', 'slo.json']);
    const uids = [...all.values()].map((m) => m['uid']);
    expect(new Set(uids).size).toBe(all.size);
    for (const m of all.values()) {
      expect(m['title']).toMatch(/^otelkit \/ \S/);
      expect(m['uid']).toMatch(/^[a-z0-9-]{1,40}$/);
      expect(m['schemaVersion']).toBe(42);
      expect(m['tags']).toContain('otelkit');
    }
  });

  it('has a $datasource variable and job and instance filters that read from it', () => {
    for (const m of all.values()) {
      const list = (m['templating'] as { list: Variable[] }).list;
      expect(list.find((v) => v.name === 'datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
      for (const name of ['job', 'instance']) expect(list.find((v) => v.name === name), name).toMatchObject({ type: 'query', datasource: { uid: '${datasource}' }, includeAll: true, multi: true });
    }
  });

  it('puts a unit on every panel and the $datasource on every panel and query', () => {
    expect(queries.length).toBeGreaterThan(40);
    for (const q of queries) expect(q.unit, `${q.dashboard} / ${q.panel}`).not.toBe('');
    const visit = (panels: Array<Record<string, unknown>>): void => {
      for (const p of panels) {
        if (p['type'] === 'row') {
          visit(p['panels'] as Array<Record<string, unknown>>);
          continue;
        }
        expect(p['datasource'], String(p['title'])).toEqual({ type: 'prometheus', uid: '${datasource}' });
        for (const t of p['targets'] as Array<Record<string, unknown>>) expect(t['datasource']).toEqual({ type: 'prometheus', uid: '${datasource}' });
      }
    };
    for (const m of all.values()) visit(m['panels'] as Array<Record<string, unknown>>);
  });

  it('filters every selector by $job and $instance and uses $__rate_interval for every range', () => {
    for (const q of queries) {
      const selectors = q.expr.match(/[a-zA-Z_:][a-zA-Z0-9_:]*\{[^}]*\}/g) ?? [];
      expect(selectors.length, q.expr).toBeGreaterThan(0);
      for (const s of selectors) {
        // SLO recordings aggregate the service (scoped by the spec's selector): they are picked by their slo label.
        if (/^[^{]*:/.test(s)) expect(s, q.expr).toMatch(/^slo:[a-z_:0-9]+\{slo="[^"]+"\}$/);
        else expect(s, q.expr).toMatch(/job=~"\$job",instance=~"\$instance"/);
      }
      // No series is read without a selector (and so without the filters).
      for (const name of promqlMetricNames(q.expr)) expect(q.expr, name).not.toMatch(new RegExp(`\\b${name}(?!\\{|[a-zA-Z0-9_:])`));
      for (const range of q.expr.match(/\[[^\]]*\]/g) ?? []) expect(range, q.expr).toBe('[$__rate_interval]');
    }
  });

  it('wraps every counter and histogram sample series in rate() or increase()', () => {
    for (const q of queries) {
      for (const m of q.expr.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*_(?:total|bucket|count|sum)\{/g)) {
        const before = q.expr.slice(0, m.index);
        expect(before, q.expr).toMatch(/(?:rate|increase)\($/);
      }
    }
  });

  it('asks for exemplars on every request and job latency query, so a point opens its trace', () => {
    // Graphs only: a stat shows one number, with nothing to click.
    const latency = queries.filter((q) => q.type === 'timeseries' && /histogram_quantile/.test(q.expr) && /http_|job_|semaphore_hold/.test(q.expr));
    expect(latency.length).toBeGreaterThan(5);
    for (const q of latency) expect(q.exemplar, `${q.dashboard} / ${q.panel}`).toBe(true);
  });

  it('names only series otelkit emits in this profile, and the SLO rules\' recordings', () => {
    const recorded = new Set(sloGroups(createContext({ profile, slo: SLO }), SLO).flatMap((g) => g.rules.flatMap((r) => ('record' in r ? [r.record] : []))));
    const emitted = catalogSeriesNames(profile);
    for (const q of queries) {
      for (const name of promqlMetricNames(q.expr)) {
        if (name.includes(':')) {
          expect(recorded.has(name), `${name} is not recorded by the SLO rules`).toBe(true);
          continue;
        }
        expect(emitted.has(name) || name === 'target_info', `${name} in ${q.dashboard} / ${q.panel}`).toBe(true);
      }
    }
  });

  it('shows every family the profile emits, but the documented exclusions', () => {
    const shown = dashboardFamilies([...all.values()], profile);
    const missing = metricsForProfile(profile).map(prometheusNameOf).filter((n) => !shown.has(n) && DASHBOARD_EXCLUSIONS[n] === undefined);
    expect(missing).toEqual([]);
    for (const [name, reason] of Object.entries(DASHBOARD_EXCLUSIONS)) {
      expect(reason.length, name).toBeGreaterThan(20);
      expect(shown.has(name), `${name} is excluded but shown`).toBe(false);
    }
  });

  it('adds the context selector to every series', () => {
    const scoped = [...models(profile, { selector: 'namespace="shop"' }).values()].flatMap(dashboardQueries);
    // The SLO recordings carry the selector in their own rule expressions.
    for (const q of scoped) for (const s of q.expr.match(/(?<![a-zA-Z0-9_:])[a-zA-Z_][a-zA-Z0-9_]*\{[^}]*\}/g) ?? []) expect(s, q.expr).toContain('namespace="shop"');
  });
});

describe('promqlMetricNames', () => {
  it.each([
    ['sum by (le, http_route) (rate(http_server_request_duration_seconds_bucket{job=~"$job"}[$__rate_interval]))', ['http_server_request_duration_seconds_bucket']],
    ['sum(rate(a_total{x="y{z}"}[5m])) / sum(rate(b_total[5m]))', ['a_total', 'b_total']],
    ['time() - max(process_start_time_seconds)', ['process_start_time_seconds']],
    ['1 - slo:sli_error:ratio_rate5m{slo="x"} > 1e-3', ['slo:sli_error:ratio_rate5m']],
    ['a * on (job, instance) group_left (version) target_info', ['a', 'target_info']],
  ])('%s', (expr, expected) => {
    expect(promqlMetricNames(expr).sort()).toEqual([...expected].sort());
  });

  it('substitutes the dashboard variables the way Grafana sends them', () => {
    expect(substituteVariables('rate(x_total{job=~"$job",instance=~"$instance"}[$__rate_interval])', { rateInterval: '15s' })).toBe('rate(x_total{job=~".+",instance=~".+"}[15s])');
  });
});
