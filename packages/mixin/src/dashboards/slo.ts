/**
 * SLO and error budget: one row per objective of the spec, read from the SLO recording rules the
 * mixin generates (`slo:sli_error:ratio_rate<window>`, `slo:error_budget:ratio`,
 * `slo:period_error_budget_remaining:ratio`...). The names and `slo` labels come from the rule groups
 * themselves, so the dashboard cannot drift from the rules. Those series aggregate the whole service
 * (scoped by the spec's selector), so the `$job`/`$instance` filters apply only to the raw-series
 * panels at the bottom.
 */
import type { MixinContext } from '../context.js';
import type { SloSpec } from '../options.js';
import type { RecordingRule } from '../rules.js';
import { burnRateFactor, sloGroups } from '../slo/rules.js';
import { BURN_RATE_PAIRS } from '../slo/windows.js';
import { httpServerSignals } from './http.js';
import { OtelkitDashboard, selectors } from './panels.js';

const WINDOW_RECORD = /^slo:sli_error:ratio_rate(\d+[a-z]+)$/;

interface SloRecordings {
  slo: string;
  /** Error-ratio recordings by window, the period's last. */
  windows: Map<string, string>;
  has(record: string): string;
}

/** The recording rules of each SLO (`slo` label), as the rule generator wrote them. */
function recordingsBySlo(c: MixinContext, spec: SloSpec): SloRecordings[] {
  const rules = sloGroups(c, spec)
    .flatMap((g) => g.rules)
    .filter((r): r is RecordingRule => 'record' in r);
  const names = [...new Set(rules.map((r) => r.labels?.['slo']).filter((s): s is string => s !== undefined))];
  return names.map((slo) => {
    const own = rules.filter((r) => r.labels?.['slo'] === slo);
    const windows = new Map<string, string>();
    for (const r of own) {
      const w = WINDOW_RECORD.exec(r.record)?.[1];
      if (w !== undefined) windows.set(w, `${r.record}{slo="${slo}"}`);
    }
    return {
      slo,
      windows,
      has(record) {
        if (!own.some((r) => r.record === record)) throw new Error(`the SLO rules record no ${record} for ${slo}`);
        return `${record}{slo="${slo}"}`;
      },
    };
  });
}

export function sloDashboard(c: MixinContext, spec: SloSpec): OtelkitDashboard {
  const period = spec.period ?? '30d';
  const d = new OtelkitDashboard('otelkit-slo', `otelkit / SLO and error budget: ${spec.service}`, `Service level objectives of ${spec.service} over ${period}: the error ratio against the burn-rate thresholds, and the error budget left.`);
  for (const r of recordingsBySlo(c, spec)) {
    const periodRatio = r.windows.get(period);
    if (periodRatio === undefined) throw new Error(`the SLO rules record no error ratio over the period ${period} for ${r.slo}`);
    const budget = r.has('slo:error_budget:ratio');
    d.row(`SLO ${r.slo}`)
      .stat({ title: 'Objective', description: 'Share of good requests the objective asks for.', unit: 'percentunit', queries: [{ expr: r.has('slo:objective:ratio') }] })
      .stat({ title: `SLI over ${period}`, description: `Share of good requests over the period (the mean of the 5-minute ratios).`, unit: 'percentunit', queries: [{ expr: `1 - ${periodRatio}` }] })
      .stat({ title: 'Error budget left', description: 'Share of the period\'s error budget not yet spent; below 0 the objective is missed.', unit: 'percentunit', queries: [{ expr: r.has('slo:period_error_budget_remaining:ratio') }] })
      .stat({ title: 'Burn rate (5m)', description: 'How fast the budget burns now: 1 spends exactly the budget over the period.', unit: 'suffix:×', queries: [{ expr: r.has('slo:current_burn_rate:ratio') }] })
      .timeseries({
        title: 'Error ratio and burn-rate thresholds',
        description: 'Error ratio over each alert pair\'s long window, against the ratio at which that pair pages or tickets (burn-rate factor × budget).',
        unit: 'percentunit',
        min: 0,
        queries: BURN_RATE_PAIRS.flatMap((pair) => {
          const ratio = r.windows.get(pair.long);
          if (ratio === undefined) throw new Error(`the SLO rules record no error ratio over ${pair.long} for ${r.slo}`);
          const factor = burnRateFactor(pair, period);
          return [
            { expr: ratio, legend: `error ratio ${pair.long}` },
            { expr: `${budget} * ${factor}`, legend: `${pair.severity} threshold ${pair.long} (${factor}×)` },
          ];
        }),
      })
      .timeseries({
        title: 'Burn rate by window',
        description: 'Error ratio divided by the budget, over each recorded window.',
        unit: 'suffix:×',
        queries: [...r.windows].filter(([w]) => w !== period).map(([w, ratio]) => ({ expr: `${ratio} / ${budget}`, legend: w })),
      })
      .timeseries({ title: 'Error budget left', description: 'Share of the period\'s error budget left, over time.', unit: 'percentunit', queries: [{ expr: r.has('slo:period_error_budget_remaining:ratio'), legend: 'budget left' }] })
      .timeseries({ title: `Error ratio over ${period}`, description: 'The period\'s error ratio against the budget.', unit: 'percentunit', min: 0, queries: [{ expr: periodRatio, legend: period }, { expr: budget, legend: 'budget' }] });
  }
  // The raw series the SLIs come from, with the dashboard's filters, to see which instance burns.
  const s = selectors(c);
  const h = httpServerSignals(c);
  const scope = (extra: string): string => [extra, spec.selector ?? ''].filter((m) => m !== '').join(',');
  d.row('Source series')
    .timeseries({
      title: '5xx ratio by instance',
      description: 'Share of the service\'s requests answered with a 5xx status, per instance.',
      unit: 'percentunit',
      min: 0,
      queries: [{ expr: `sum by (instance) (${s.rate(h.requests, scope(`${h.status}=~"5.."`))}) / sum by (instance) (${s.rate(h.requests, scope(''))})`, legend: '{{instance}}' }],
    })
    .timeseries({ title: 'p95 duration by instance', description: '95th percentile of the service\'s request duration, per instance.', unit: 's', queries: [{ expr: s.quantile(0.95, h.duration, ['instance'], scope('')), legend: '{{instance}}', exemplar: true }] });
  return d;
}
