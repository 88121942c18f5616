/**
 * The monitoring-mixin conventions (what `mixtool lint` enforces, which can't be installed here), and
 * the catalog check both ways round for the rules: every metric a rule reads is one otelkit emits in
 * that profile. Dashboards, when the output has them, get the dashboard half of the conventions.
 */
import { metricsForProfile, prometheusNameOf, type OtelkitMetricsProfile } from '@otelkit/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SCENARIO_SLO } from './alert-scenarios.test-support.js';
import { generateMixin } from './generate.js';
import { promqlMetricNames as metricNames } from './dashboards/queries.js';
import type { AlertingRule, RecordingRule, RuleGroup } from './rules.js';

const PROFILES: readonly OtelkitMetricsProfile[] = ['semconv', 'prometheus-classic'];

/** The names a profile's /metrics carries, histograms with their _bucket/_count/_sum. */
function emitted(profile: OtelkitMetricsProfile): Set<string> {
  // up is Prometheus' own; target_info (the resource attributes) is on every otelkit /metrics.
  const names = new Set<string>(['up', 'target_info']);
  for (const d of metricsForProfile(profile)) {
    const name = prometheusNameOf(d);
    if (d.kind === 'histogram') for (const suffix of ['_bucket', '_count', '_sum']) names.add(`${name}${suffix}`);
    else names.add(name);
  }
  return names;
}

/**
 * Every `_total` series appears inside rate() or increase() (a raw counter only ever grows), or in
 * absent(), which asks only whether it exists.
 */
function unwrappedTotals(expr: string): string[] {
  const out: string[] = [];
  for (const m of expr.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*_total\b/g)) {
    const before = expr.slice(0, m.index);
    if (!/(?:rate|increase|irate|absent)\(\s*$/.test(before)) out.push(m[0]);
  }
  return out;
}

for (const profile of PROFILES) {
  describe(`mixin conventions, ${profile} profile with an SLO`, () => {
    const { files } = generateMixin({ profile, slo: SCENARIO_SLO });
    const ruleFiles = [...files].filter(([path]) => path.startsWith('prometheus/rules/'));
    const groups = ruleFiles.flatMap(([, text]) => (parse(text) as { groups: RuleGroup[] }).groups);
    const rules = groups.flatMap((g) => g.rules);
    const alerts = rules.filter((r): r is AlertingRule => 'alert' in r);
    const recordings = rules.filter((r): r is RecordingRule => 'record' in r);

    it('has rule files with alerts and recordings', () => {
      expect(ruleFiles.length).toBe(2);
      expect(alerts.length).toBeGreaterThan(20);
      expect(recordings.length).toBeGreaterThan(20);
    });

    it('keeps groups to at most 20 rules and names to at most 40 characters, unique per file', () => {
      for (const g of groups) {
        expect(g.rules.length, g.name).toBeLessThanOrEqual(20);
        expect(g.name.length, g.name).toBeLessThanOrEqual(40);
      }
      for (const [, text] of ruleFiles) {
        const names = (parse(text) as { groups: RuleGroup[] }).groups.map((g) => g.name);
        expect(new Set(names).size).toBe(names.length);
      }
    });

    it('names alerts in CamelCase, at most 40 characters, with a known severity and a for: duration', () => {
      for (const a of alerts) {
        expect(a.alert).toMatch(/^[A-Z][a-z0-9]*(?:[A-Z][a-z0-9]*)*$/);
        expect(a.alert.length).toBeLessThanOrEqual(40);
        expect(['critical', 'warning', 'info']).toContain(a.labels.severity);
        expect(a.for).toMatch(/^\d+[smhd]$/);
      }
      // All three severities are in use.
      expect(new Set(alerts.map((a) => a.labels.severity))).toEqual(new Set(['critical', 'warning', 'info']));
    });

    it('gives every alert a static summary sentence, a templated description and a runbook_url', () => {
      for (const a of alerts) {
        const { summary, description, runbook_url } = a.annotations;
        expect(summary, a.alert).toMatch(/^[A-Z][^{}]*\.$/);
        expect(description, a.alert).toMatch(/\{\{ \$(?:labels\.[a-z_]+|value)[^}]*\}\}/);
        expect(runbook_url, a.alert).toMatch(/^https?:\/\/\S+#[a-z0-9]+$/);
      }
    });

    it('names recording rules level:metric:operations', () => {
      for (const r of recordings) expect(r.record).toMatch(/^[a-z_]+:[a-z_]+:[a-z0-9_]+$/);
    });

    it('reads only metrics the profile emits (or that a rule records), and wraps every _total in rate/increase', () => {
      const known = emitted(profile);
      const recorded = new Set(recordings.map((r) => r.record));
      const read = new Set<string>();
      for (const r of rules) {
        for (const name of metricNames(r.expr)) {
          read.add(name);
          expect(known.has(name) || recorded.has(name), `${'alert' in r ? r.alert : r.record} reads ${name}`).toBe(true);
        }
        expect(unwrappedTotals(r.expr), r.expr).toEqual([]);
      }
      // The extraction finds something: a regression there would make the check above vacuous.
      expect(read.size).toBeGreaterThan(15);
    });
  });
}

describe('dashboards in the output, when there are any', () => {
  for (const profile of PROFILES) {
    const { files } = generateMixin({ profile, slo: SCENARIO_SLO });
    const dashboards = [...files].filter(([path]) => path.startsWith('dashboards/') && path.endsWith('.json'));
    it.skipIf(dashboards.length === 0)(`${profile}: each has a title, a uid, a $datasource variable, units, $__rate_interval, job/instance filters, and rate() around every _total`, () => {
      const known = emitted(profile);
      const recorded = new Set([...files].filter(([p]) => p.startsWith('prometheus/rules/')).flatMap(([, text]) => (parse(text) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules)).flatMap((r) => ('record' in r ? [r.record] : [])));
      for (const [path, text] of dashboards) {
        const d = JSON.parse(text) as Dashboard;
        expect(d.title, path).toBeTruthy();
        expect(d.uid, path).toBeTruthy();
        const variables = d.templating?.list ?? [];
        expect(variables.some((v) => v.name === 'datasource' && v.type === 'datasource'), `${path} has $datasource`).toBe(true);
        for (const name of ['job', 'instance']) expect(variables.some((v) => v.name === name), `${path} filters by ${name}`).toBe(true);
        for (const panel of panelsOf(d.panels ?? [])) {
          if (panel.type === 'row' || panel.type === 'text') continue;
          expect(panel.fieldConfig?.defaults?.unit, `${path}: panel "${panel.title}" has a unit`).toBeTruthy();
          for (const target of panel.targets ?? []) {
            const expr = target.expr ?? '';
            expect(unwrappedTotals(expr), `${path}: ${expr}`).toEqual([]);
            for (const range of expr.matchAll(/\b(?:rate|increase)\([^[]*\[([^\]]+)\]/g)) expect(range[1], `${path}: ${expr}`).toMatch(/^\$__(?:rate_interval|range|interval)$/);
            const names = metricNames(expr);
            for (const name of names) expect(known.has(name) || recorded.has(name), `${path} reads ${name}`).toBe(true);
            // Series of the app are filtered by the job variable; SLO recordings carry the slo label instead.
            if (names.some((n) => known.has(n))) expect(expr, `${path}: ${expr}`).toMatch(/job=~?"\$job"/);
          }
        }
      }
    });
  }
});

interface Panel {
  type?: string;
  title?: string;
  panels?: Panel[];
  fieldConfig?: { defaults?: { unit?: string } };
  targets?: Array<{ expr?: string }>;
}
interface Dashboard {
  title?: string;
  uid?: string;
  templating?: { list?: Array<{ name?: string; type?: string }> };
  panels?: Panel[];
}

function panelsOf(panels: readonly Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...panelsOf(p.panels ?? [])]);
}
