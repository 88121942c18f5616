/**
 * SLO rules in the shape Sloth and Pyrra made familiar: the error ratio recorded over each window,
 * meta rules for the objective and the budget left, and multiwindow, multi-burn-rate alerts whose
 * factors follow from the period. Both objectives read the HTTP server series of the profile.
 */
import type { MixinContext } from '../context.js';
import type { SloSpec } from '../options.js';
import { durationSeconds, num, series } from '../promql.js';
import type { AlertingRule, RecordingRule, RuleGroup } from '../rules.js';
import { BURN_RATE_PAIRS, SLO_WINDOWS, type BurnRatePair } from './windows.js';

const DEFAULT_PERIOD = '30d';

type Objective = 'availability' | 'latency';

interface ObjectivePlan {
  objective: Objective;
  /** `<service>-<objective>`: the `slo` label of every rule of this objective. */
  slo: string;
  /** Share of good events the objective asks for (0.999), and the budget (0.001). */
  target: number;
  budget: number;
  /** The bad-event ratio over a window. */
  errorRatio(window: string): string;
  /** The series whose absence blinds the SLO. */
  source: string;
  /** What a bad event is, for descriptions. */
  bad: string;
}

/** Percent to a share without binary noise: 99.9 → 0.999, not 0.9990000000000001. */
function share(percent: number): number {
  return Number((percent / 100).toFixed(12));
}

/** 50h → `2d 2h`, for how long a budget lasts. */
function humanHours(hours: number): string {
  const days = Math.floor(hours / 24);
  const rest = Number((hours - days * 24).toFixed(1));
  return [days > 0 ? `${days}d` : '', rest > 0 ? `${rest}h` : ''].filter(Boolean).join(' ') || '0h';
}

function plans(ctx: MixinContext, spec: SloSpec): ObjectivePlan[] {
  const { requests, statusLabel, duration } = ctx.http;
  const selector = [ctx.selector, spec.selector ?? ''];
  const out: ObjectivePlan[] = [];
  const { availability, latency } = spec.objectives;
  if (availability !== undefined) {
    const target = share(availability);
    out.push({
      objective: 'availability',
      slo: `${spec.service}-availability`,
      target,
      budget: share(100 - availability),
      // `or vector(0)`: a healthy service has no 5xx series at all, and its ratio is 0, not absent.
      errorRatio: (w) => `(sum(rate(${series(requests, ...selector, `${statusLabel}=~"5.."`)}[${w}])) or vector(0)) / sum(rate(${series(requests, ...selector)}[${w}]))`,
      source: series(requests, ...selector),
      bad: 'failed with a 5xx status',
    });
  }
  if (latency !== undefined) {
    const count = `${duration}_count`;
    out.push({
      objective: 'latency',
      slo: `${spec.service}-latency`,
      target: share(latency.target),
      budget: share(100 - latency.target),
      // `le` is written as /metrics writes it (String(n)): Prometheus 2 matches it as text.
      errorRatio: (w) => `1 - sum(rate(${series(`${duration}_bucket`, ...selector, `le="${num(latency.threshold)}"`)}[${w}])) / sum(rate(${series(count, ...selector)}[${w}]))`,
      source: series(count, ...selector),
      bad: `took longer than ${num(latency.threshold)} s`,
    });
  }
  return out;
}

function recordingRules(plan: ObjectivePlan, service: string, period: string): RecordingRule[] {
  const labels = { service, slo: plan.slo };
  const own = `{slo="${plan.slo}"}`;
  const days = Number((durationSeconds(period) / 86_400).toFixed(6));
  return [
    ...SLO_WINDOWS.map((w) => ({ record: `slo:sli_error:ratio_rate${w}`, expr: plan.errorRatio(w), labels })),
    { record: 'slo:objective:ratio', expr: `vector(${num(plan.target)})`, labels },
    { record: 'slo:error_budget:ratio', expr: `vector(${num(plan.budget)})`, labels },
    { record: 'slo:time_period:days', expr: `vector(${num(days)})`, labels },
    // The period's ratio as the mean of the 5m ratios (as Sloth does): a 30d range over raw
    // counters on every evaluation would be far heavier.
    { record: `slo:sli_error:ratio_rate${period}`, expr: `avg_over_time(slo:sli_error:ratio_rate5m${own}[${period}])`, labels },
    { record: 'slo:current_burn_rate:ratio', expr: `slo:sli_error:ratio_rate5m${own} / ${num(plan.budget)}`, labels },
    { record: 'slo:period_burn_rate:ratio', expr: `slo:sli_error:ratio_rate${period}${own} / ${num(plan.budget)}`, labels },
    { record: 'slo:period_error_budget_remaining:ratio', expr: `1 - slo:period_burn_rate:ratio${own}`, labels },
  ];
}

/** Burn-rate factor of a pair for a period: 14.4 for the 1h pair of a 30-day SLO. */
export function burnRateFactor(pair: BurnRatePair, period: string): number {
  return (pair.budgetPercent * durationSeconds(period)) / (100 * durationSeconds(pair.long));
}

const ALERT_NAMES: Readonly<Record<Objective, string>> = { availability: 'OtelkitAvailabilityBudgetBurn', latency: 'OtelkitLatencyBudgetBurn' };

function burnAlerts(ctx: MixinContext, plan: ObjectivePlan, period: string): AlertingRule[] {
  const alert = ALERT_NAMES[plan.objective];
  const own = `{slo="${plan.slo}"}`;
  return BURN_RATE_PAIRS.map((pair) => {
    const factor = burnRateFactor(pair, period);
    const limit = `(${num(factor)} * ${num(plan.budget)})`;
    const lasts = humanHours(durationSeconds(period) / factor / 3600);
    return {
      alert,
      expr: `slo:sli_error:ratio_rate${pair.long}${own} > ${limit} and slo:sli_error:ratio_rate${pair.short}${own} > ${limit}`,
      for: pair.for,
      labels: { severity: pair.severity, long: pair.long, short: pair.short },
      annotations: {
        summary: `The ${plan.objective} error budget burns too fast.`,
        description: `{{ $value | humanizePercentage }} of the requests of {{ $labels.service }} ${plan.bad} over the last ${pair.long} (and over ${pair.short}), ${num(factor)} times the rate the ${period} objective allows; at this rate its error budget is gone in ${lasts}.`,
        runbook_url: `${ctx.runbookUrl}#${alert.toLowerCase()}`,
      },
    };
  });
}

function absentAlert(ctx: MixinContext, plan: ObjectivePlan, service: string): AlertingRule {
  const alert = 'OtelkitSloMetricAbsent';
  return {
    alert,
    expr: `absent(${plan.source})`,
    for: '10m',
    labels: { severity: 'warning', service, slo: plan.slo },
    annotations: {
      summary: 'An SLO has no data to measure.',
      // Only the selector's equality matchers come back as labels (absent() has no others).
      description: `No series matches ${plan.source}, which the ${plan.slo} SLO is computed from{{ if $labels.job }} (job {{ $labels.job }}){{ end }}: the service is down, not scraped, or its selector is wrong.`,
      runbook_url: `${ctx.runbookUrl}#${alert.toLowerCase()}`,
    },
  };
}

/** The SLO rule groups: recordings per objective, then the alerts of all objectives. */
export function sloGroups(ctx: MixinContext, spec: SloSpec): RuleGroup[] {
  const period = spec.period ?? DEFAULT_PERIOD;
  const all = plans(ctx, spec);
  return [
    ...all.map((plan) => ({ name: `otelkit-slo-${plan.objective}`, rules: recordingRules(plan, spec.service, period) })),
    { name: 'otelkit-slo-alerts', rules: [...all.flatMap((plan) => burnAlerts(ctx, plan, period)), ...all.map((plan) => absentAlert(ctx, plan, spec.service))] },
  ];
}
