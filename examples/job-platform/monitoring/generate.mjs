// `npm run monitoring -w examples/job-platform` (`-- --check`: write nothing, exit 1 when the
// committed files differ) writes
// - dashboards/: the runbook's three Grafana dashboards (System Overview, Job Queue Monitoring,
//   AAM Intelligence), panel by panel as the runbook lists them;
// - generated/: what @otelkit/mixin generates for the same metric naming (naming.json): otelkit's
//   alert rules and dashboards for the HTTP, queue, semaphore, pool and runtime metrics, querying the
//   autonomos_* names the example serves.
// The runbook's queries are kept as written, except where Prometheus would reject or misread them
// (each such panel's description says what changed and why).
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMixin, listGeneratedFiles } from '@otelkit/mixin';
import { naming } from '../lib/naming.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

/** A panel: `kind` is timeseries, stat, gauge or table; each query is [expr, legend]. */
function panel(kind, title, unit, queries, { description = '', max, width = 12 } = {}) {
  return { kind, title, unit, queries, description, max, width };
}

function dashboard(uid, title, description, panels) {
  let x = 0;
  let y = 0;
  const built = panels.map((p, i) => {
    if (x + p.width > 24) {
      x = 0;
      y += 8;
    }
    const gridPos = { x, y, w: p.width, h: 8 };
    x += p.width;
    return {
      id: i + 1,
      type: p.kind,
      title: p.title,
      description: p.description,
      datasource: DATASOURCE,
      gridPos,
      fieldConfig: { defaults: { unit: p.unit, ...(p.max === undefined ? {} : { min: 0, max: p.max }) }, overrides: [] },
      options: p.kind === 'table' ? { showHeader: true } : {},
      targets: p.queries.map(([expr, legend], j) => ({
        refId: String.fromCharCode(65 + j),
        datasource: DATASOURCE,
        expr,
        legendFormat: legend ?? '',
        ...(p.kind === 'table' ? { format: 'table', instant: true, range: false } : {}),
      })),
    };
  });
  return {
    uid,
    title,
    description,
    tags: ['autonomos'],
    timezone: 'utc',
    schemaVersion: 42,
    editable: true,
    time: { from: 'now-1h', to: 'now' },
    refresh: '30s',
    links: [{ type: 'dashboards', tags: ['autonomos'], asDropdown: false, title: 'AutonomOS' }],
    templating: { list: [{ name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus' }] },
    panels: built,
  };
}

const DASHBOARDS = {
  'autonomos-system-overview.json': dashboard('autonomos-system-overview', 'AutonomOS: System Overview', 'Runbook "Dashboard 1: System Overview".', [
    panel('stat', 'Uptime', 'short', [['up{job="autonomos"}', '{{instance}}']]),
    panel('timeseries', 'Total Requests', 'reqps', [['sum(rate(autonomos_api_requests_total[5m]))', 'requests/s']]),
    panel('timeseries', 'Error Rate', 'percent', [['sum(rate(autonomos_api_requests_total{status_code=~"5.."}[5m]))\n/\nsum(rate(autonomos_api_requests_total[5m])) * 100', '5xx %']]),
    panel('timeseries', 'API Latency P50/P95/P99', 's', [
      ['histogram_quantile(0.50, rate(autonomos_api_latency_seconds_bucket[5m]))', 'p50 {{method}} {{endpoint}}'],
      ['histogram_quantile(0.95, rate(autonomos_api_latency_seconds_bucket[5m]))', 'p95 {{method}} {{endpoint}}'],
      ['histogram_quantile(0.99, rate(autonomos_api_latency_seconds_bucket[5m]))', 'p99 {{method}} {{endpoint}}'],
    ]),
    panel('timeseries', 'CPU', 'percentunit', [['rate(process_cpu_seconds_total{job="autonomos"}[5m])', '{{instance}}']], {
      description: 'The runbook\'s "CPU & Memory" panel, first half. It plots process_cpu_seconds_total as it is; a counter only ever rises, so this panel shows its rate (CPU seconds per second).',
    }),
    panel('timeseries', 'Memory', 'bytes', [['process_resident_memory_bytes{job="autonomos"}', '{{instance}}']], { description: 'The runbook\'s "CPU & Memory" panel, second half.' }),
  ]),
  'autonomos-job-queue.json': dashboard('autonomos-job-queue', 'AutonomOS: Job Queue Monitoring', 'Runbook "Dashboard 2: Job Queue Monitoring".', [
    panel('timeseries', 'Queue Depth by Tenant', 'short', [['autonomos_queue_depth', '{{tenant_id}} {{queue_name}}']]),
    panel('timeseries', 'Job Throughput', 'ops', [['sum(rate(autonomos_jobs_total{status="completed"}[1m])) by (tenant_id)', '{{tenant_id}}']]),
    panel('timeseries', 'Job Duration P95', 's', [['histogram_quantile(0.95, sum by (job_type, le) (rate(autonomos_job_duration_seconds_bucket[5m])))', '{{job_type}}']], {
      description: 'The runbook writes `histogram_quantile(0.95, rate(...)) by (job_type)`, which Prometheus rejects (`by` belongs to an aggregation); the buckets are summed by job_type and le first.',
    }),
    panel('gauge', 'Semaphore Utilization', 'percent', [['autonomos_semaphore_active_jobs / 5 * 100', '{{tenant_id}}']], { max: 100, description: 'Share of each tenant\'s 5 job slots in use.' }),
    panel('table', 'Failed Jobs', 'short', [['topk(10,\n  sum(increase(autonomos_jobs_total{status="failed"}[1h])) by (tenant_id)\n)', '']]),
    panel('timeseries', 'Leaked Semaphore Slots', 'short', [['autonomos_semaphore_leaked_slots', '{{tenant_id}}']], {
      description: 'Not in the runbook\'s list: what its SemaphoreLeakDetected alert reads, beside the utilization it explains.',
    }),
  ]),
  'autonomos-aam-intelligence.json': dashboard('autonomos-aam-intelligence', 'AutonomOS: AAM Intelligence', 'Runbook "Dashboard 3: AAM Intelligence".', [
    panel('timeseries', 'Drift Events', 'ops', [['sum(rate(autonomos_aam_drift_events_total[5m])) by (connector_type, event_type)', '{{connector_type}} {{event_type}}']]),
    panel('gauge', 'Auto-Repair Success Rate', 'percent', [['sum(rate(autonomos_aam_repairs_total{success="true"}[5m]))\n/\nsum(rate(autonomos_aam_repairs_total[5m])) * 100', '']], { max: 100 }),
    panel('timeseries', 'DCL Graph Size', 'short', [
      ['autonomos_dcl_graph_nodes', 'nodes {{tenant_id}}'],
      ['autonomos_dcl_graph_edges', 'edges {{tenant_id}}'],
    ]),
    panel('timeseries', 'DCL Build Time', 's', [['histogram_quantile(0.95, rate(autonomos_dcl_build_seconds_bucket[5m]))', 'p95 {{tenant_id}}']]),
  ]),
};

// Every output file by its path under monitoring/.
const files = new Map(Object.entries(DASHBOARDS).map(([file, model]) => [`dashboards/${file}`, `${JSON.stringify(model, null, 2)}\n`]));
const mixin = generateMixin({ profile: 'prometheus-classic', naming, selector: 'job="autonomos"', scrapeTarget: 'localhost:5000' });
for (const [path, content] of mixin.files) files.set(`generated/${path}`, content);
const onDisk = [
  ...readdirSync(join(here, 'dashboards')).map((f) => `dashboards/${f}`),
  ...listGeneratedFiles(join(here, 'generated')).map((f) => `generated/${f}`),
];

if (process.argv.includes('--check')) {
  const read = (path) => {
    try {
      return readFileSync(join(here, path), 'utf8');
    } catch {
      return undefined;
    }
  };
  const stale = [...files].filter(([path, content]) => read(path) !== content).map(([path]) => path);
  for (const path of onDisk) if (!files.has(path)) stale.push(`${path} (no longer generated)`);
  if (stale.length > 0) {
    console.error(`examples/job-platform/monitoring is out of date: ${stale.join(', ')}. Run: npm run monitoring -w examples/job-platform`);
    process.exit(1);
  }
  console.log(`examples/job-platform/monitoring is current (${files.size} files)`);
} else {
  for (const path of onDisk) if (!files.has(path)) rmSync(join(here, path));
  for (const [path, content] of files) {
    mkdirSync(dirname(join(here, path)), { recursive: true });
    writeFileSync(join(here, path), content);
  }
  console.log(`wrote ${files.size} files: the runbook's dashboards to monitoring/dashboards, the otelkit mixin to monitoring/generated`);
}
