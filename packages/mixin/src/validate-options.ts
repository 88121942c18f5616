/**
 * Checks the options of generateMixin() before anything is generated: a mistyped threshold or
 * alert name would otherwise be ignored and the default silently used.
 */
import { OtelkitError, assertMetricNaming, invalidOption } from '@otelkit/core';
import { DEFAULT_FOR } from './alerts.js';
import { DEFAULT_THRESHOLDS } from './context.js';
import type { MixinOptions } from './options.js';
import { isDuration } from './promql.js';

const OPTION_KEYS = ['profile', 'naming', 'slo', 'thresholds', 'for', 'selector', 'runbookUrl', 'scrapeTarget'];
/** Thresholds that are shares of a whole. */
const RATIOS = new Set(['httpErrorRatio', 'jobFailureRatio', 'poolUtilization', 'eventLoopUtilization', 'telemetryQueueFillRatio']);

function unknownKeys(where: string, given: object, known: readonly string[]): void {
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) throw new OtelkitError('OTELKIT_ERR_UNKNOWN_OPTION', `${where} has no option "${key}" (known: ${known.join(', ')})`);
  }
}

export function validateOptions(options: MixinOptions): void {
  unknownKeys('generateMixin()', options, OPTION_KEYS);
  if (options.profile !== undefined && options.profile !== 'semconv' && options.profile !== 'prometheus-classic') {
    throw invalidOption('profile', '"semconv" or "prometheus-classic"', options.profile);
  }
  assertMetricNaming(options.naming, 'naming');
  const thresholds = options.thresholds ?? {};
  unknownKeys('thresholds', thresholds, Object.keys(DEFAULT_THRESHOLDS));
  for (const [key, value] of Object.entries(thresholds)) {
    if (key === 'memoryGrowthWindow') {
      if (!isDuration(value)) throw invalidOption(`thresholds.${key}`, 'a Prometheus duration such as 1h', value);
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (RATIOS.has(key) && value > 1)) {
      throw invalidOption(`thresholds.${key}`, RATIOS.has(key) ? 'a number from 0 to 1' : 'a finite number of at least 0', value);
    }
  }
  const durations = options.for ?? {};
  unknownKeys('for', durations, Object.keys(DEFAULT_FOR));
  for (const [alert, value] of Object.entries(durations)) {
    if (!isDuration(value)) throw invalidOption(`for.${alert}`, 'a Prometheus duration such as 5m', value);
  }
  for (const key of ['selector', 'runbookUrl', 'scrapeTarget'] as const) {
    const value = options[key];
    if (value !== undefined && typeof value !== 'string') throw invalidOption(key, 'a string', value);
  }
  if (options.selector !== undefined && /[{}]/.test(options.selector)) throw invalidOption('selector', 'label matchers without braces, such as job="api"', options.selector);
}
