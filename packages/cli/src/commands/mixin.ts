/**
 * `otelkit mixin`: write the alerting rules, SLO rules, dashboards and example Prometheus and
 * Alertmanager configurations that @otelkit/mixin generates from the metric catalog.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { OtelkitError, assertMetricNaming, metricNamingFromEnv, type OtelkitMetricNaming, type OtelkitMetricsProfile } from '@otelkit/core';
import { generateMixin, parseSloSpec, writeMixin, type SloSpec } from '@otelkit/mixin';
import { Command, Option } from 'commander';
import { ProblemError, UsageError } from '../exit.js';

interface MixinCommandOptions {
  out: string;
  slo?: string;
  profile: OtelkitMetricsProfile;
  namespace?: string;
  names?: string;
  labels?: string;
  labelValues?: string;
}

/** The services' naming: each flag, else its OTELKIT_METRICS_* variable, in the variables' syntax. */
function namingOf(options: MixinCommandOptions): OtelkitMetricNaming {
  const flags: Record<string, string | undefined> = {
    OTELKIT_METRICS_NAMESPACE: options.namespace,
    OTELKIT_METRICS_NAMES: options.names,
    OTELKIT_METRICS_LABELS: options.labels,
    OTELKIT_METRICS_LABEL_VALUES: options.labelValues,
  };
  const env: Record<string, string | undefined> = { ...process.env };
  for (const [name, value] of Object.entries(flags)) if (value !== undefined) env[name] = value;
  try {
    return assertMetricNaming(metricNamingFromEnv(env), 'naming');
  } catch (error) {
    if (error instanceof OtelkitError) throw new UsageError(error.message);
    throw error;
  }
}

function readSlo(path: string, profile: OtelkitMetricsProfile): SloSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--slo ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return parseSloSpec(text, { source: path, profile });
  } catch (error) {
    if (error instanceof OtelkitError) throw new ProblemError(error.message);
    throw error;
  }
}

export function mixinCommand(): Command {
  return new Command('mixin')
    .summary('generate alerting and SLO rules, Grafana dashboards, and Prometheus and Alertmanager examples')
    .description(
      'Generate Prometheus alerting rules for otelkit metrics, SLO recording and burn-rate rules (with --slo), Grafana ' +
        'dashboards, and example Prometheus and Alertmanager configurations, from the metric catalog of the chosen profile. ' +
        'Generated files that the output no longer has are removed from the --out directory; nothing else there is touched.',
    )
    .requiredOption('--out <dir>', 'directory to write into (created when missing)')
    .option('--slo <file>', 'SLO spec, YAML or JSON (service, period, selector, objectives.availability, objectives.latency)')
    .addOption(new Option('--profile <profile>', "metric names to query: the services' OTELKIT_METRICS_PROFILE").choices(['semconv', 'prometheus-classic']).default('semconv'))
    .option('--namespace <prefix>', "the services' OTELKIT_METRICS_NAMESPACE (default: that variable)")
    .option('--names <pairs>', "the services' OTELKIT_METRICS_NAMES, instrument=name,... (default: that variable)")
    .option('--labels <pairs>', "the services' OTELKIT_METRICS_LABELS, [instrument:]attribute=label,... (default: that variable)")
    .option('--label-values <pairs>', "the services' OTELKIT_METRICS_LABEL_VALUES, [instrument:]attribute:value=new,... (default: that variable)")
    .action((options: MixinCommandOptions) => {
      const naming = namingOf(options);
      const slo = options.slo === undefined ? undefined : readSlo(options.slo, options.profile);
      const output = generateMixin({ profile: options.profile, naming, ...(slo === undefined ? {} : { slo }) });
      let written: string[];
      try {
        written = writeMixin(resolve(options.out), output);
      } catch (error) {
        throw new ProblemError(`--out ${options.out}: cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
      process.stdout.write(`wrote ${written.length} files to ${options.out} (profile ${options.profile}${slo === undefined ? '' : `, SLO ${slo.service}`}):\n${written.map((p) => `  ${p}\n`).join('')}`);
    });
}
