/**
 * Service overview: the golden signals of the HTTP server (traffic, errors, latency, saturation) and
 * of its outgoing calls.
 */
import type { MixinContext } from '../context.js';
import { httpClientSignals, httpServerSignals } from './http.js';
import { OtelkitDashboard, TARGET_INFO, selectors } from './panels.js';

export function overviewDashboard(c: MixinContext): OtelkitDashboard {
  const s = selectors(c);
  const h = httpServerSignals(c);
  const client = httpClientSignals(c);
  const errors = `${h.status}=~"5.."`;
  const runtime = saturationSeries(c);
  const d = new OtelkitDashboard('otelkit-overview', 'otelkit / Service overview', 'Golden signals of the services otelkit instruments: request rate, errors, latency and saturation.');

  d.row('Golden signals')
    .stat({ title: 'Request rate', description: 'HTTP requests served per second.', unit: 'reqps', queries: [{ expr: `sum(${s.rate(h.requests)})` }] })
    .stat({ title: 'Error ratio', description: 'Share of HTTP requests answered with a 5xx status.', unit: 'percentunit', queries: [{ expr: `sum(${s.rate(h.requests, errors)}) / sum(${s.rate(h.requests)})` }] })
    .stat({ title: 'p95 latency', description: '95th percentile of the HTTP server request duration.', unit: 's', queries: [{ expr: s.quantile(0.95, h.duration) }] })
    .stat({ title: 'Requests in flight', description: 'HTTP requests being served right now.', unit: 'short', queries: [{ expr: `sum(${s.series(h.inFlight)})` }] })
    .stat({ title: 'Instances', description: 'Processes reporting: one target_info series (the resource attributes) per process.', unit: 'short', width: 24, queries: [{ expr: `count(${s.series(TARGET_INFO)})` }] });

  d.row('Traffic and errors')
    .timeseries({ title: 'Requests by route', description: 'HTTP requests per second, by route template.', unit: 'reqps', queries: [{ expr: `sum by (${h.route}) (${s.rate(h.requests)})`, legend: `{{${h.route}}}` }] })
    .timeseries({ title: 'Requests by status code', description: 'HTTP requests per second, by response status code.', unit: 'reqps', queries: [{ expr: `sum by (${h.status}) (${s.rate(h.requests)})`, legend: `{{${h.status}}}` }] })
    .timeseries({
      title: 'Error ratio by route',
      description: 'Share of each route\'s requests answered with a 5xx status.',
      unit: 'percentunit',
      min: 0,
      queries: [{ expr: `sum by (${h.route}) (${s.rate(h.requests, errors)}) / sum by (${h.route}) (${s.rate(h.requests)})`, legend: `{{${h.route}}}` }],
    })
    .timeseries({ title: 'Errors by method', description: '5xx responses per second, by request method.', unit: 'reqps', queries: [{ expr: `sum by (${h.method}) (${s.rate(h.requests, errors)})`, legend: `{{${h.method}}}` }] });

  d.row('Latency')
    .timeseries({
      title: 'Request duration p50 / p95 / p99',
      description: 'Quantiles of the HTTP server request duration. Exemplars link to the traces of slow requests where the data source has them.',
      unit: 's',
      queries: [0.5, 0.95, 0.99].map((q) => ({ expr: s.quantile(q, h.duration), legend: `p${Math.round(q * 100)}`, exemplar: true })),
    })
    .timeseries({
      title: 'p95 duration by route',
      description: '95th percentile of the request duration, by route template.',
      unit: 's',
      queries: [{ expr: s.quantile(0.95, h.duration, [h.route]), legend: `{{${h.route}}}`, exemplar: true }],
    });

  d.row('Saturation')
    .timeseries({ title: 'Requests in flight by method', description: 'HTTP requests being served, by method.', unit: 'short', queries: [{ expr: `sum by (${h.inFlightMethod}) (${s.series(h.inFlight)})`, legend: `{{${h.inFlightMethod}}}` }] })
    .timeseries({ title: 'Event loop utilization', description: 'Share of time each process\'s event loop was busy: near 1, requests queue up.', unit: 'percentunit', min: 0, max: 1, queries: [{ expr: `max by (instance) (${s.series(runtime.eventLoopUtilization)})`, legend: '{{instance}}' }] })
    .timeseries({ title: 'CPU', description: 'CPU used by each process, as a share of one core.', unit: 'percentunit', min: 0, queries: [{ expr: runtime.cpu(s), legend: '{{instance}}' }] })
    .timeseries({ title: 'Resident memory', description: 'Resident set size of each process.', unit: 'bytes', min: 0, queries: [{ expr: `sum by (instance) (${s.series(runtime.rss)})`, legend: '{{instance}}' }] });

  d.row('Outgoing requests')
    .timeseries({ title: 'Outgoing request rate', description: 'HTTP client requests per second (http, fetch), by server.', unit: 'reqps', queries: [{ expr: `sum by (${client.server}) (${s.rate(`${client.duration}_count`)})`, legend: `{{${client.server}}}` }] })
    .timeseries({
      title: 'Outgoing p95 duration',
      description: '95th percentile of HTTP client request duration, by server.',
      unit: 's',
      queries: [{ expr: s.quantile(0.95, client.duration, [client.server]), legend: `{{${client.server}}}`, exemplar: true }],
    });
  return d;
}

/** The runtime series the overview's saturation row reads. */
function saturationSeries(c: MixinContext): { eventLoopUtilization: string; rss: string; cpu: (s: ReturnType<typeof selectors>) => string } {
  if (c.profile === 'semconv') {
    return {
      eventLoopUtilization: c.metric('nodejs.eventloop.utilization'),
      rss: c.metric('process.memory.usage'),
      cpu: (s) => `sum by (instance) (${s.rate(c.metric('process.cpu.time'))})`,
    };
  }
  return {
    eventLoopUtilization: c.metric('nodejs_eventloop_utilization'),
    rss: c.metric('process_resident_memory'),
    cpu: (s) => `sum by (instance) (${s.rate(c.metric('process_cpu'))})`,
  };
}
