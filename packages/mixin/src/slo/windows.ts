/**
 * The multiwindow, multi-burn-rate table (SRE workbook, "Alerting on SLOs"). The factor of a pair is
 * the share of the period's budget it would consume over its long window: budget share × period /
 * long window, which gives 14.4, 6, 3 and 1 for a 30-day period.
 */
import type { Severity } from '../rules.js';

/** Every window an error ratio is recorded over. */
export const SLO_WINDOWS: readonly string[] = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

export interface BurnRatePair {
  severity: Severity;
  long: string;
  short: string;
  /** Percent of the period's error budget consumed over the long window at this burn rate. */
  budgetPercent: number;
  /** How long both windows must burn before the alert fires. */
  for: string;
}

export const BURN_RATE_PAIRS: readonly BurnRatePair[] = [
  { severity: 'critical', long: '1h', short: '5m', budgetPercent: 2, for: '2m' },
  { severity: 'critical', long: '6h', short: '30m', budgetPercent: 5, for: '15m' },
  { severity: 'warning', long: '1d', short: '2h', budgetPercent: 10, for: '1h' },
  { severity: 'warning', long: '3d', short: '6h', budgetPercent: 10, for: '3h' },
];
