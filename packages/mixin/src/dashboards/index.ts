/**
 * Grafana dashboards, built with `@grafana/grafana-foundation-sdk` from the metric catalog: each
 * dashboard module asks the context for the Prometheus names of catalog instruments, so a dashboard
 * can only name what otelkit emits in the chosen profile. Output: `dashboards/<name>.json`.
 */
import type { MixinContext } from '../context.js';
import { jobsDashboard } from './jobs.js';
import { overviewDashboard } from './overview.js';
import type { OtelkitDashboard } from './panels.js';
import { resourcesDashboard } from './resources.js';
import { runtimeDashboard } from './runtime.js';
import { sloDashboard } from './slo.js';

/** The dashboards of a context, by file name (without the `dashboards/` folder). */
export function dashboardModels(context: MixinContext): Map<string, Record<string, unknown>> {
  const built: Array<[string, OtelkitDashboard]> = [
    ['overview.json', overviewDashboard(context)],
    ['runtime.json', runtimeDashboard(context)],
    ['jobs.json', jobsDashboard(context)],
    ['pools-semaphores.json', resourcesDashboard(context)],
  ];
  if (context.slo !== undefined) built.push(['slo.json', sloDashboard(context, context.slo)]);
  return new Map(built.map(([file, d]) => [file, d.build()]));
}

/** Dashboard files by path relative to the output directory. */
export function buildDashboards(context: MixinContext): Map<string, string> {
  const files = new Map<string, string>();
  for (const [file, model] of dashboardModels(context)) files.set(`dashboards/${file}`, `${JSON.stringify(model, null, 2)}\n`);
  return files;
}
