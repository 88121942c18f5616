/**
 * `otelkit mixin`: write the alerting rules, SLO rules, dashboards and example Prometheus and
 * Alertmanager configurations that @otelkit/mixin generates from the metric catalog.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { OtelkitError, type OtelkitMetricsProfile } from '@otelkit/core';
import { generateMixin, parseSloSpec, writeMixin, type SloSpec } from '@otelkit/mixin';
import { Command, Option } from 'commander';
import { ProblemError, UsageError } from '../exit.js';

interface MixinCommandOptions {
  out: string;
  slo?: string;
  profile: OtelkitMetricsProfile;
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
    .action((options: MixinCommandOptions) => {
      const slo = options.slo === undefined ? undefined : readSlo(options.slo, options.profile);
      const output = generateMixin({ profile: options.profile, ...(slo === undefined ? {} : { slo }) });
      let written: string[];
      try {
        written = writeMixin(resolve(options.out), output);
      } catch (error) {
        throw new ProblemError(`--out ${options.out}: cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
      process.stdout.write(`wrote ${written.length} files to ${options.out} (profile ${options.profile}${slo === undefined ? '' : `, SLO ${slo.service}`}):\n${written.map((p) => `  ${p}\n`).join('')}`);
    });
}
