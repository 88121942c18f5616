/** The metric naming from OTELKIT_METRICS_NAMESPACE, _NAMES, _LABELS and _LABEL_VALUES (or the config file's equivalents). */
import { warnOnce } from '../diag.js';
import { getEnvKeyValues, getEnvString, type OtelkitEnvSource } from '../env/read.js';
import { normalizeMetricNaming, type OtelkitMetricNaming } from './naming.js';

const VARIABLE: Readonly<Record<string, string>> = {
  namespace: 'OTELKIT_METRICS_NAMESPACE',
  names: 'OTELKIT_METRICS_NAMES',
  labels: 'OTELKIT_METRICS_LABELS',
  labelValues: 'OTELKIT_METRICS_LABEL_VALUES',
};

/** The naming variables as written, unchecked (for callers that report problems themselves, such as the CLI). */
export function metricNamingFromEnv(env?: OtelkitEnvSource): OtelkitMetricNaming {
  return {
    namespace: getEnvString('OTELKIT_METRICS_NAMESPACE', env),
    names: getEnvKeyValues('OTELKIT_METRICS_NAMES', 'all-or-nothing', env),
    labels: getEnvKeyValues('OTELKIT_METRICS_LABELS', 'all-or-nothing', env),
    labelValues: getEnvKeyValues('OTELKIT_METRICS_LABEL_VALUES', 'all-or-nothing', env),
  };
}

/**
 * Read the naming variables. Entries that cannot be honoured get one warning each, naming the
 * variable and the entry, and are left out (the catalog's name is used).
 */
export function readMetricNaming(env?: OtelkitEnvSource): Readonly<OtelkitMetricNaming> {
  const { naming, problems } = normalizeMetricNaming(metricNamingFromEnv(env));
  for (const p of problems) {
    const dot = p.field.indexOf('.');
    const variable = VARIABLE[dot < 0 ? p.field : p.field.slice(0, dot)] ?? p.field;
    const entry = dot < 0 ? '' : ` entry ${JSON.stringify(p.field.slice(dot + 1))}`;
    warnOnce(`env:${variable}:${p.field}`, `${variable}${entry}: ${p.message}; it is ignored and the catalog's name is used.`);
  }
  return naming;
}
