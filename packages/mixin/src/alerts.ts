/**
 * The alerting rules for otelkit's own metrics, grouped by what they watch. Every metric and label
 * name comes from the catalog through the context, so a profile only ever queries what it emits.
 */
import type { MixinContext } from './context.js';
import type { OtelkitAlertName, PromDuration } from './options.js';
import { num, percent, series } from './promql.js';
import type { AlertingRule, RuleGroup, Severity } from './rules.js';

interface AlertSpec {
  alert: OtelkitAlertName;
  expr: string;
  for: PromDuration;
  severity: Severity;
  summary: string;
  description: string;
}

/** Default `for:` of every alert; `options.for` overrides them one by one. */
export const DEFAULT_FOR: Readonly<Record<OtelkitAlertName, PromDuration>> = Object.freeze({
  OtelkitTargetDown: '5m',
  OtelkitHttpErrorRateHigh: '5m',
  OtelkitHttpLatencyP95High: '10m',
  OtelkitJobQueueDepthHigh: '10m',
  OtelkitJobQueueNotDraining: '15m',
  OtelkitJobFailureRateHigh: '10m',
  OtelkitSemaphoreLeak: '5m',
  OtelkitPoolUtilizationHigh: '10m',
  OtelkitPoolRequestsWaiting: '10m',
  OtelkitMemoryGrowth: '15m',
  OtelkitEventLoopLagHigh: '10m',
  OtelkitEventLoopBusy: '15m',
  OtelkitSpansDropped: '1m',
  OtelkitLogsDropped: '1m',
  OtelkitTelemetryExportFailing: '10m',
  OtelkitTelemetryQueueNearFull: '10m',
});

function toRule(ctx: MixinContext, spec: AlertSpec): AlertingRule {
  return {
    alert: spec.alert,
    expr: spec.expr,
    for: spec.for,
    labels: { severity: spec.severity },
    annotations: { summary: spec.summary, description: spec.description, runbook_url: `${ctx.runbookUrl}#${spec.alert.toLowerCase()}` },
  };
}

function forOf(ctx: MixinContext, alert: OtelkitAlertName): PromDuration {
  return ctx.for[alert] ?? DEFAULT_FOR[alert];
}

function httpAlerts(ctx: MixinContext): AlertSpec[] {
  const t = ctx.thresholds;
  const { requests, statusLabel, duration } = ctx.http;
  const rate = (...m: string[]) => `sum by (job) (rate(${series(requests, ctx.selector, ...m)}[5m]))`;
  return [
    {
      alert: 'OtelkitHttpErrorRateHigh',
      expr: `${rate(`${statusLabel}=~"5.."`)} / ${rate()} > ${num(t.httpErrorRatio)}`,
      for: forOf(ctx, 'OtelkitHttpErrorRateHigh'),
      severity: 'critical',
      summary: 'HTTP requests fail with 5xx responses.',
      description: `{{ $labels.job }} answered {{ $value | humanizePercentage }} of its HTTP requests with a 5xx status over the last 5 minutes (threshold ${percent(t.httpErrorRatio)}).`,
    },
    {
      alert: 'OtelkitHttpLatencyP95High',
      expr: `histogram_quantile(0.95, sum by (job, le) (rate(${series(`${duration}_bucket`, ctx.selector)}[5m]))) > ${num(t.httpLatencyP95Seconds)}`,
      for: forOf(ctx, 'OtelkitHttpLatencyP95High'),
      severity: 'warning',
      summary: 'HTTP requests are slow at the 95th percentile.',
      description: `The 95th percentile of HTTP request duration of {{ $labels.job }} is {{ $value | humanizeDuration }} (threshold ${num(t.httpLatencyP95Seconds)} s).`,
    },
  ];
}

function jobAlerts(ctx: MixinContext): AlertSpec[] {
  const t = ctx.thresholds;
  const depth = ctx.metric('job.queue.depth');
  const processed = ctx.metric('job.processed');
  const queue = ctx.label('job.queue.depth', 'queue.name');
  const status = ctx.label('job.processed', 'job.status');
  const by = `by (job, ${queue})`;
  const processedRate = (window: string, ...m: string[]) => `sum ${by} (rate(${series(processed, ctx.selector, ...m)}[${window}]))`;
  return [
    {
      alert: 'OtelkitJobQueueDepthHigh',
      expr: `max ${by} (${series(depth, ctx.selector)}) > ${num(t.jobQueueDepth)}`,
      for: forOf(ctx, 'OtelkitJobQueueDepthHigh'),
      severity: 'warning',
      summary: 'A job queue holds too many waiting jobs.',
      description: `Queue {{ $labels.${queue} }} of {{ $labels.job }} holds {{ $value }} waiting jobs (threshold ${num(t.jobQueueDepth)}).`,
    },
    {
      alert: 'OtelkitJobQueueNotDraining',
      // Waiting jobs, and not one finished (completed or failed) over 15 minutes: the consumers are stuck or gone.
      expr: `max ${by} (${series(depth, ctx.selector)}) > 0 unless ${processedRate('15m')} > 0`,
      for: forOf(ctx, 'OtelkitJobQueueNotDraining'),
      severity: 'warning',
      summary: 'A job queue has waiting jobs but finishes none.',
      description: `Queue {{ $labels.${queue} }} of {{ $labels.job }} holds {{ $value }} waiting jobs and finished none in the last 15 minutes.`,
    },
    {
      alert: 'OtelkitJobFailureRateHigh',
      expr: `${processedRate('5m', `${status}="${ctx.value('job.processed', 'job.status', 'failed')}"`)} / ${processedRate('5m')} > ${num(t.jobFailureRatio)}`,
      for: forOf(ctx, 'OtelkitJobFailureRateHigh'),
      severity: 'warning',
      summary: 'Too many jobs fail.',
      description: `{{ $value | humanizePercentage }} of the jobs of queue {{ $labels.${queue} }} ({{ $labels.job }}) failed over the last 5 minutes (threshold ${percent(t.jobFailureRatio)}).`,
    },
  ];
}

function resourceAlerts(ctx: MixinContext): AlertSpec[] {
  const t = ctx.thresholds;
  const semaphore = ctx.label('semaphore.leaked_slots', 'semaphore.name');
  const pool = ctx.label('pool.utilization', 'pool.name');
  return [
    {
      alert: 'OtelkitSemaphoreLeak',
      expr: `sum by (job, instance, ${semaphore}) (${series(ctx.metric('semaphore.leaked_slots'), ctx.selector)}) > 0`,
      for: forOf(ctx, 'OtelkitSemaphoreLeak'),
      severity: 'critical',
      summary: 'A semaphore leaks slots.',
      description: `Semaphore {{ $labels.${semaphore} }} on {{ $labels.instance }} counts {{ $value }} slots held with no live holder or past the hold bound; once all slots leak, callers wait forever.`,
    },
    {
      alert: 'OtelkitPoolUtilizationHigh',
      expr: `max by (job, instance, ${pool}) (${series(ctx.metric('pool.utilization'), ctx.selector)}) > ${num(t.poolUtilization)}`,
      for: forOf(ctx, 'OtelkitPoolUtilizationHigh'),
      severity: 'warning',
      summary: 'A connection pool is nearly exhausted.',
      description: `Pool {{ $labels.${pool} }} on {{ $labels.instance }} uses {{ $value | humanizePercentage }} of its connections (threshold ${percent(t.poolUtilization)}).`,
    },
    {
      alert: 'OtelkitPoolRequestsWaiting',
      expr: `max by (job, instance, ${pool}) (${series(ctx.metric('pool.pending_requests'), ctx.selector)}) > 0`,
      for: forOf(ctx, 'OtelkitPoolRequestsWaiting'),
      severity: 'warning',
      summary: 'Callers wait for pool connections.',
      description: `{{ $value }} callers wait for a connection of pool {{ $labels.${pool} }} on {{ $labels.instance }}.`,
    },
  ];
}

function runtimeAlerts(ctx: MixinContext): AlertSpec[] {
  const t = ctx.thresholds;
  const semconv = ctx.profile === 'semconv';
  const rss = series(ctx.metric(semconv ? 'process.memory.usage' : 'process_resident_memory'), ctx.selector);
  const lag = ctx.metric(semconv ? 'nodejs.eventloop.delay.p99' : 'nodejs_eventloop_lag_p99');
  const elu = ctx.metric(semconv ? 'nodejs.eventloop.utilization' : 'nodejs_eventloop_utilization');
  const window = t.memoryGrowthWindow;
  const targetDownFor = forOf(ctx, 'OtelkitTargetDown');
  return [
    {
      alert: 'OtelkitTargetDown',
      expr: `${series('up', ctx.selector)} == 0`,
      for: targetDownFor,
      severity: 'critical',
      summary: 'A scrape target is down.',
      description: `{{ $labels.instance }} of job {{ $labels.job }} has not answered a scrape for ${targetDownFor}.`,
    },
    {
      alert: 'OtelkitMemoryGrowth',
      // Compared with the same process one window ago: a process younger than the window has no
      // earlier sample, so its warm-up never fires this.
      expr: `${rss} / (${rss} offset ${window}) > ${num(1 + t.memoryGrowthRatio)}`,
      for: forOf(ctx, 'OtelkitMemoryGrowth'),
      severity: 'warning',
      summary: 'Process memory keeps growing.',
      description: `Resident memory of {{ $labels.instance }} is {{ $value | humanizePercentage }} of what it was ${window} earlier (threshold ${percent(1 + t.memoryGrowthRatio)}).`,
    },
    {
      alert: 'OtelkitEventLoopLagHigh',
      expr: `max by (job, instance) (${series(lag, ctx.selector)}) > ${num(t.eventLoopLagSeconds)}`,
      for: forOf(ctx, 'OtelkitEventLoopLagHigh'),
      severity: 'warning',
      summary: 'The event loop is delayed.',
      description: `The 99th percentile of event-loop delay of {{ $labels.instance }} is {{ $value | humanizeDuration }} (threshold ${num(t.eventLoopLagSeconds)} s).`,
    },
    {
      alert: 'OtelkitEventLoopBusy',
      expr: `max by (job, instance) (${series(elu, ctx.selector)}) > ${num(t.eventLoopUtilization)}`,
      for: forOf(ctx, 'OtelkitEventLoopBusy'),
      severity: 'info',
      summary: 'The event loop is saturated.',
      description: `The event loop of {{ $labels.instance }} was busy {{ $value | humanizePercentage }} of the time (threshold ${percent(t.eventLoopUtilization)}).`,
    },
  ];
}

function telemetryAlerts(ctx: MixinContext): AlertSpec[] {
  const t = ctx.thresholds;
  const errorType = ctx.label('otel.sdk.processor.span.processed', 'error.type');
  const component = ctx.label('otel.sdk.processor.span.processed', 'otel.component.type');
  const failed = `${errorType}!=""`;
  const increase = (by: string, otelName: string) => `sum by (${by}) (increase(${series(ctx.metric(otelName), ctx.selector, failed)}[15m])) > 0`;
  const dropped = (item: 'span' | 'log') => increase(`job, instance, ${errorType}`, `otel.sdk.processor.${item}.processed`);
  const exportBy = `job, instance, ${component}, ${errorType}`;
  const fill = (item: 'span' | 'log') =>
    `max by (job, instance, ${component}) (${series(ctx.metric(`otel.sdk.processor.${item}.queue.size`), ctx.selector)} / ${series(ctx.metric(`otel.sdk.processor.${item}.queue.capacity`), ctx.selector)}) > ${num(t.telemetryQueueFillRatio)}`;
  return [
    {
      alert: 'OtelkitSpansDropped',
      expr: dropped('span'),
      for: forOf(ctx, 'OtelkitSpansDropped'),
      severity: 'warning',
      summary: 'Spans are dropped before export.',
      description: `{{ $labels.instance }} dropped {{ $value | humanize }} spans in the last 15 minutes ({{ $labels.${errorType} }}).`,
    },
    {
      alert: 'OtelkitLogsDropped',
      expr: dropped('log'),
      for: forOf(ctx, 'OtelkitLogsDropped'),
      severity: 'warning',
      summary: 'Log records are dropped before export.',
      description: `{{ $labels.instance }} dropped {{ $value | humanize }} log records in the last 15 minutes ({{ $labels.${errorType} }}).`,
    },
    {
      alert: 'OtelkitTelemetryExportFailing',
      expr: ['otel.sdk.exporter.span.exported', 'otel.sdk.exporter.log.exported', 'otel.sdk.exporter.metric_data_point.exported'].map((n) => increase(exportBy, n)).join(' or '),
      for: forOf(ctx, 'OtelkitTelemetryExportFailing'),
      severity: 'warning',
      summary: 'Telemetry exports fail.',
      description: `Exporter {{ $labels.${component} }} of {{ $labels.instance }} failed to send {{ $value | humanize }} items in the last 15 minutes ({{ $labels.${errorType} }}).`,
    },
    {
      alert: 'OtelkitTelemetryQueueNearFull',
      expr: `${fill('span')} or ${fill('log')}`,
      for: forOf(ctx, 'OtelkitTelemetryQueueNearFull'),
      severity: 'info',
      summary: 'A telemetry queue is nearly full.',
      description: `The {{ $labels.${component} }} queue of {{ $labels.instance }} is {{ $value | humanizePercentage }} full; items are dropped once it is full (threshold ${percent(t.telemetryQueueFillRatio)}).`,
    },
  ];
}

/** The alert groups of otelkit's metrics, for the context's profile. */
export function alertGroups(ctx: MixinContext): RuleGroup[] {
  const group = (name: string, specs: AlertSpec[]): RuleGroup => ({ name, rules: specs.map((s) => toRule(ctx, s)) });
  return [
    group('otelkit-http', httpAlerts(ctx)),
    group('otelkit-jobs', jobAlerts(ctx)),
    group('otelkit-resources', resourceAlerts(ctx)),
    group('otelkit-runtime', runtimeAlerts(ctx)),
    group('otelkit-telemetry', telemetryAlerts(ctx)),
  ];
}
