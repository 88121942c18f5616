/**
 * Which metric families the dashboards show, checked both ways by the tests: every series a dashboard
 * reads is one otelkit emits in the profile, and every family otelkit emits is on some dashboard,
 * except the ones listed here with the reason a dashboard has no use for them.
 */
import { createMetricNamer, metricsForProfile, type OtelkitMetricNaming, type OtelkitMetricsProfile } from '@otelkit/core';
import { dashboardQueries, promqlMetricNames } from './queries.js';

/**
 * Families emitted but deliberately left off every dashboard, by Prometheus name, with the reason.
 * Empty today: every family in the catalog has a panel. Add one only for a family that makes no sense
 * on a dashboard, and say why.
 */
export const DASHBOARD_EXCLUSIONS: Readonly<Record<string, string>> = Object.freeze({});

/** Every series name a profile's catalog families expose under a naming (histograms: `_bucket`, `_count`, `_sum`), mapped to its family. */
export function catalogSeriesNames(profile: OtelkitMetricsProfile, naming?: OtelkitMetricNaming): Map<string, string> {
  const families = new Map<string, string>();
  const namer = createMetricNamer(naming);
  for (const d of metricsForProfile(profile)) {
    const name = namer.instrument(d).prometheusName;
    if (d.kind !== 'histogram') families.set(name, name);
    else for (const suffix of ['_bucket', '_count', '_sum']) families.set(`${name}${suffix}`, name);
  }
  return families;
}

/** The catalog families (Prometheus names) a set of dashboards reads, histogram sample series mapped to their family. */
export function dashboardFamilies(models: ReadonlyArray<Record<string, unknown>>, profile: OtelkitMetricsProfile, naming?: OtelkitMetricNaming): Set<string> {
  const families = catalogSeriesNames(profile, naming);
  const shown = new Set<string>();
  for (const model of models) {
    for (const q of dashboardQueries(model)) {
      for (const name of promqlMetricNames(q.expr)) {
        const family = families.get(name);
        if (family !== undefined) shown.add(family);
      }
    }
  }
  return shown;
}
