/** Jobs and queues: backlog, throughput, failures, run and wait durations, per queue. */
import type { MixinContext } from '../context.js';
import { OtelkitDashboard, labelNames, metricNames, selectors } from './panels.js';

export function jobsDashboard(c: MixinContext): OtelkitDashboard {
  const s = selectors(c);
  const { enqueued, processed, depth, active, duration, wait } = metricNames(c, {
    enqueued: 'job.enqueued',
    processed: 'job.processed',
    depth: 'job.queue.depth',
    active: 'job.active',
    duration: 'job.duration',
    wait: 'job.queue.wait_time',
  });
  const { queue, status, error } = labelNames(c, 'job.processed', { queue: 'queue.name', status: 'job.status', error: 'error.type' });
  const failed = `${status}="${c.value('job.processed', 'job.status', 'failed')}"`;
  const d = new OtelkitDashboard('otelkit-jobs', 'otelkit / Jobs and queues', 'Background job queues: backlog, throughput, failures and durations, per queue.');

  d.row('Overview')
    .stat({ title: 'Backlog', description: 'Jobs waiting in all queues.', unit: 'short', queries: [{ expr: `sum(${s.series(depth)})` }] })
    .stat({ title: 'Running', description: 'Jobs running right now.', unit: 'short', queries: [{ expr: `sum(${s.series(active)})` }] })
    .stat({ title: 'Throughput', description: 'Jobs finished per second.', unit: 'ops', queries: [{ expr: `sum(${s.rate(processed)})` }] })
    .stat({ title: 'Failure ratio', description: 'Share of finished jobs that failed.', unit: 'percentunit', queries: [{ expr: `sum(${s.rate(processed, failed)}) / sum(${s.rate(processed)})` }] });

  d.row('Backlog')
    .timeseries({ title: 'Queue depth', description: 'Jobs waiting in each queue.', unit: 'short', min: 0, queries: [{ expr: `sum by (${queue}) (${s.series(depth)})`, legend: `{{${queue}}}` }] })
    .timeseries({ title: 'Jobs running', description: 'Jobs running right now, per queue.', unit: 'short', min: 0, queries: [{ expr: `sum by (${queue}) (${s.series(active)})`, legend: `{{${queue}}}` }] })
    .timeseries({
      title: 'Enqueued vs finished',
      description: 'Jobs added and finished per second, per queue: when more go in than come out, the backlog grows.',
      unit: 'ops',
      queries: [
        { expr: `sum by (${queue}) (${s.rate(enqueued)})`, legend: `enqueued {{${queue}}}` },
        { expr: `sum by (${queue}) (${s.rate(processed)})`, legend: `finished {{${queue}}}` },
      ],
    })
    .timeseries({
      title: 'Backlog growth',
      description: 'Jobs enqueued minus jobs finished, per second: above 0 the queue is not draining.',
      unit: 'ops',
      queries: [{ expr: `sum by (${queue}) (${s.rate(enqueued)}) - sum by (${queue}) (${s.rate(processed)})`, legend: `{{${queue}}}` }],
    });

  d.row('Outcomes')
    .timeseries({ title: 'Finished by status', description: 'Jobs finished per second, by status.', unit: 'ops', stack: true, queries: [{ expr: `sum by (${queue}, ${status}) (${s.rate(processed)})`, legend: `{{${queue}}} {{${status}}}` }] })
    .timeseries({
      title: 'Failure ratio by queue',
      description: 'Share of each queue\'s finished jobs that failed.',
      unit: 'percentunit',
      min: 0,
      queries: [{ expr: `sum by (${queue}) (${s.rate(processed, failed)}) / sum by (${queue}) (${s.rate(processed)})`, legend: `{{${queue}}}` }],
    })
    .timeseries({ title: 'Failures by error type', description: 'Failed jobs per second, by error type.', unit: 'ops', queries: [{ expr: `sum by (${queue}, ${error}) (${s.rate(processed, failed)})`, legend: `{{${queue}}} {{${error}}}` }] });

  d.row('Durations')
    .timeseries({
      title: 'Job duration p50 / p95 / p99',
      description: 'Time from a job\'s start to its end. Exemplars link to the job\'s trace where the data source has them.',
      unit: 's',
      queries: [0.5, 0.95, 0.99].map((q) => ({ expr: s.quantile(q, duration, [queue]), legend: `p${Math.round(q * 100)} {{${queue}}}`, exemplar: true })),
    })
    .timeseries({
      title: 'Wait time p95',
      description: 'How long jobs waited in the queue before they started.',
      unit: 's',
      queries: [{ expr: s.quantile(0.95, wait, [queue]), legend: `{{${queue}}}`, exemplar: true }],
    });
  return d;
}
