// The runbook's metric names, given to otelkit (the API's and worker's HTTP and domain metrics)
// and to @otelkit/mixin (the rules and dashboards query the same names): monitoring/naming.json.
import { readFileSync } from 'node:fs';

export const naming = JSON.parse(readFileSync(new URL('../monitoring/naming.json', import.meta.url), 'utf8'));

const pairs = (record) => Object.entries(record ?? {}).map(([k, v]) => `${k}=${v}`).join(',');

/** The same naming as the environment variables the preload reads. */
export function namingEnv() {
  return {
    OTELKIT_METRICS_PROFILE: 'prometheus-classic',
    OTELKIT_METRICS_NAMESPACE: naming.namespace,
    OTELKIT_METRICS_NAMES: pairs(naming.names),
    OTELKIT_METRICS_LABELS: pairs(naming.labels),
    OTELKIT_METRICS_LABEL_VALUES: pairs(naming.labelValues),
  };
}
