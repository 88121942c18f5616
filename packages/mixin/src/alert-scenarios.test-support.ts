/**
 * Input series and expected alerts for `promtool test rules`: for every generated alert, a case where
 * it fires (with its labels and rendered description) and cases where it stays silent, under the
 * default thresholds and `for:` durations. Names come from the context, so both profiles run the
 * same scenarios against their own metrics.
 */
import type { MixinContext } from './context.js';
import type { SloSpec } from './options.js';

export interface ExpectedAlert {
  labels: Record<string, string>;
  description: string;
}

export interface AlertCheck {
  /** Evaluation time from the start of the series, e.g. `15m`. */
  at: string;
  alert: string;
  /** Every firing alert of that name at that time; [] means silent. */
  expect: ExpectedAlert[];
}

/** A PromQL expression's value at a time (recording rules), as `promql_expr_test` compares it. */
export interface ExprCheck {
  at: string;
  expr: string;
  expect: Array<{ labels: string; value: number }>;
}

export interface Scenario {
  name: string;
  input: Array<{ series: string; values: string }>;
  checks: AlertCheck[];
  exprChecks?: ExprCheck[];
}

const TARGET = { job: 'app', instance: 'a:1' };

function sel(name: string, labels: Record<string, string>): string {
  return `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
}

/** A counter sampled each minute from 0, as explicit values: `[[30, 100], [15, 0]]` adds 100 a minute for 30 minutes, then nothing for 15. */
export function counter(steps: ReadonlyArray<readonly [minutes: number, perMinute: number]>): string {
  const values = [0];
  for (const [minutes, perMinute] of steps) for (let i = 0; i < minutes; i++) values.push(values.at(-1)! + perMinute);
  return values.join(' ');
}

/** The bucket series of one histogram whose observations all fall at `value` (seconds), `perMinute` a minute, for `minutes`. */
function histogram(name: string, labels: Record<string, string>, buckets: readonly number[], value: number, perMinute: number, minutes: number): Scenario['input'] {
  const les = [...buckets.map(String), '+Inf'];
  return les.map((le) => ({
    series: sel(`${name}_bucket`, { ...labels, le }),
    values: le === '+Inf' || Number(le) >= value ? counter([[minutes, perMinute]]) : counter([[minutes, 0]]),
  }));
}

function http(ctx: MixinContext): Scenario[] {
  const { requests, statusLabel, duration, buckets } = ctx.http;
  const status = (code: string) => ({ ...TARGET, [statusLabel]: code, ...(ctx.profile === 'semconv' ? { http_request_method: 'GET' } : { method: 'GET' }) });
  const errors = (ok: number, failed: number): Scenario['input'] => [
    { series: sel(requests, status('200')), values: counter([[20, ok]]) },
    { series: sel(requests, status('500')), values: counter([[20, failed]]) },
  ];
  const alert = 'OtelkitHttpErrorRateHigh';
  const latency = 'OtelkitHttpLatencyP95High';
  return [
    {
      name: 'HTTP: 10 % of requests fail',
      input: errors(90, 10),
      checks: [
        { at: '3m', alert, expect: [] },
        { at: '15m', alert, expect: [{ labels: { job: 'app', severity: 'critical' }, description: 'app answered 10% of its HTTP requests with a 5xx status over the last 5 minutes (threshold 5 %).' }] },
      ],
    },
    { name: 'HTTP: 1 % of requests fail', input: errors(99, 1), checks: [{ at: '15m', alert, expect: [] }] },
    {
      name: 'HTTP: every request takes 4 s',
      input: histogram(duration, status('200'), buckets, 4, 10, 30),
      checks: [
        { at: '8m', alert: latency, expect: [] },
        { at: '20m', alert: latency, expect: [{ labels: { job: 'app', severity: 'warning' }, description: 'The 95th percentile of HTTP request duration of app is 4.875s (threshold 2 s).' }] },
      ],
    },
    { name: 'HTTP: every request takes 0.6 s', input: histogram(duration, status('200'), buckets, 0.6, 10, 30), checks: [{ at: '20m', alert: latency, expect: [] }] },
  ];
}

function jobs(ctx: MixinContext): Scenario[] {
  const depth = ctx.metric('job.queue.depth');
  const processed = ctx.metric('job.processed');
  const queue = { ...TARGET, [ctx.label('job.queue.depth', 'queue.name')]: 'emails' };
  const status = ctx.label('job.processed', 'job.status');
  const labels = { job: 'app', [ctx.label('job.queue.depth', 'queue.name')]: 'emails', severity: 'warning' };
  const done = (completed: number, failed: number): Scenario['input'] => [
    { series: sel(processed, { ...queue, [status]: 'completed' }), values: counter([[30, completed]]) },
    { series: sel(processed, { ...queue, [status]: 'failed', [ctx.label('job.processed', 'error.type')]: 'Error' }), values: counter([[30, failed]]) },
  ];
  return [
    {
      name: 'jobs: 600 waiting, none finishing',
      input: [{ series: sel(depth, queue), values: '600x40' }, { series: sel(processed, { ...queue, [status]: 'completed' }), values: '7x40' }],
      checks: [
        { at: '5m', alert: 'OtelkitJobQueueDepthHigh', expect: [] },
        { at: '15m', alert: 'OtelkitJobQueueDepthHigh', expect: [{ labels, description: 'Queue emails of app holds 600 waiting jobs (threshold 500).' }] },
        { at: '10m', alert: 'OtelkitJobQueueNotDraining', expect: [] },
        { at: '30m', alert: 'OtelkitJobQueueNotDraining', expect: [{ labels, description: 'Queue emails of app holds 600 waiting jobs and finished none in the last 15 minutes.' }] },
      ],
    },
    {
      name: 'jobs: 400 waiting, draining',
      input: [{ series: sel(depth, queue), values: '400x40' }, { series: sel(processed, { ...queue, [status]: 'completed' }), values: counter([[40, 5]]) }],
      checks: [
        { at: '30m', alert: 'OtelkitJobQueueDepthHigh', expect: [] },
        { at: '30m', alert: 'OtelkitJobQueueNotDraining', expect: [] },
      ],
    },
    {
      name: 'jobs: 30 % fail',
      input: done(7, 3),
      checks: [
        { at: '5m', alert: 'OtelkitJobFailureRateHigh', expect: [] },
        { at: '20m', alert: 'OtelkitJobFailureRateHigh', expect: [{ labels, description: '30% of the jobs of queue emails (app) failed over the last 5 minutes (threshold 10 %).' }] },
      ],
    },
    { name: 'jobs: 5 % fail', input: done(19, 1), checks: [{ at: '20m', alert: 'OtelkitJobFailureRateHigh', expect: [] }] },
  ];
}

function resources(ctx: MixinContext): Scenario[] {
  const semaphore = { ...TARGET, [ctx.label('semaphore.leaked_slots', 'semaphore.name')]: 'db' };
  const pool = { ...TARGET, [ctx.label('pool.utilization', 'pool.name')]: 'pg' };
  const leaked = ctx.metric('semaphore.leaked_slots');
  const utilization = ctx.metric('pool.utilization');
  const pending = ctx.metric('pool.pending_requests');
  return [
    {
      name: 'resources: a semaphore leaks 2 slots, a pool is 95 % used with 3 callers waiting',
      input: [{ series: sel(leaked, semaphore), values: '2x20' }, { series: sel(utilization, pool), values: '0.95x20' }, { series: sel(pending, pool), values: '3x20' }],
      checks: [
        { at: '3m', alert: 'OtelkitSemaphoreLeak', expect: [] },
        { at: '10m', alert: 'OtelkitSemaphoreLeak', expect: [{ labels: { ...semaphore, severity: 'critical' }, description: 'Semaphore db on a:1 counts 2 slots held with no live holder or past the hold bound; once all slots leak, callers wait forever.' }] },
        { at: '15m', alert: 'OtelkitPoolUtilizationHigh', expect: [{ labels: { ...pool, severity: 'warning' }, description: 'Pool pg on a:1 uses 95% of its connections (threshold 90 %).' }] },
        { at: '15m', alert: 'OtelkitPoolRequestsWaiting', expect: [{ labels: { ...pool, severity: 'warning' }, description: '3 callers wait for a connection of pool pg on a:1.' }] },
      ],
    },
    {
      name: 'resources: a leak that clears within the for: period, a half-used pool, waits that come and go',
      input: [{ series: sel(leaked, semaphore), values: '1x3 0x16' }, { series: sel(utilization, pool), values: '0.5x20' }, { series: sel(pending, pool), values: '3 0 3 0 3 0 3 0 3 0 3 0 3 0 3 0 3 0 3 0' }],
      checks: [
        { at: '15m', alert: 'OtelkitSemaphoreLeak', expect: [] },
        { at: '15m', alert: 'OtelkitPoolUtilizationHigh', expect: [] },
        { at: '15m', alert: 'OtelkitPoolRequestsWaiting', expect: [] },
      ],
    },
  ];
}

function runtime(ctx: MixinContext): Scenario[] {
  const semconv = ctx.profile === 'semconv';
  const rss = ctx.metric(semconv ? 'process.memory.usage' : 'process_resident_memory');
  const lag = ctx.metric(semconv ? 'nodejs.eventloop.delay.p99' : 'nodejs_eventloop_lag_p99');
  const elu = ctx.metric(semconv ? 'nodejs.eventloop.utilization' : 'nodejs_eventloop_utilization');
  const target = { ...TARGET };
  // 101 minutes: `up`, RSS at 100 MB for an hour then `rssAfter`, and steady event-loop figures.
  const input = (up: string, rssAfter: number, lagSeconds: number, utilization: number): Scenario['input'] => [
    { series: sel('up', target), values: up },
    { series: sel(rss, target), values: `100000000x59 ${rssAfter}x40` },
    { series: sel(lag, target), values: `${lagSeconds}x100` },
    { series: sel(elu, target), values: `${utilization}x100` },
  ];
  return [
    {
      name: 'runtime: target down, memory doubled in an hour, event loop lagging and busy',
      input: input('1 0x100', 200_000_000, 0.8, 0.95),
      checks: [
        { at: '4m', alert: 'OtelkitTargetDown', expect: [] },
        { at: '8m', alert: 'OtelkitTargetDown', expect: [{ labels: { ...target, severity: 'critical' }, description: 'a:1 of job app has not answered a scrape for 5m.' }] },
        { at: '65m', alert: 'OtelkitMemoryGrowth', expect: [] },
        { at: '90m', alert: 'OtelkitMemoryGrowth', expect: [{ labels: { ...target, severity: 'warning' }, description: 'Resident memory of a:1 is 200% of what it was 1h earlier (threshold 150 %).' }] },
        { at: '15m', alert: 'OtelkitEventLoopLagHigh', expect: [{ labels: { ...target, severity: 'warning' }, description: 'The 99th percentile of event-loop delay of a:1 is 800ms (threshold 0.5 s).' }] },
        { at: '20m', alert: 'OtelkitEventLoopBusy', expect: [{ labels: { ...target, severity: 'info' }, description: 'The event loop of a:1 was busy 95% of the time (threshold 90 %).' }] },
      ],
    },
    {
      name: 'runtime: target up, memory +20 % in an hour, event loop fine',
      input: input('1x100', 120_000_000, 0.1, 0.5),
      checks: [
        { at: '90m', alert: 'OtelkitTargetDown', expect: [] },
        { at: '90m', alert: 'OtelkitMemoryGrowth', expect: [] },
        { at: '90m', alert: 'OtelkitEventLoopLagHigh', expect: [] },
        { at: '90m', alert: 'OtelkitEventLoopBusy', expect: [] },
      ],
    },
    {
      // A process younger than the growth window has nothing to compare with: warm-up never fires.
      name: 'runtime: memory doubles during the first 40 minutes',
      input: [{ series: sel(rss, target), values: '100000000x9 200000000x30' }],
      checks: [{ at: '40m', alert: 'OtelkitMemoryGrowth', expect: [] }],
    },
  ];
}

function telemetry(ctx: MixinContext): Scenario[] {
  const errorType = ctx.label('otel.sdk.processor.span.processed', 'error.type');
  const component = ctx.label('otel.sdk.processor.span.processed', 'otel.component.type');
  const processor = (item: 'span' | 'log', labels: Record<string, string> = {}) =>
    sel(ctx.metric(`otel.sdk.processor.${item}.processed`), { ...TARGET, [component]: `batching_${item}_processor`, ...labels });
  const exported = (item: 'span' | 'log' | 'metric_data_point', type: string, labels: Record<string, string> = {}) =>
    sel(ctx.metric(`otel.sdk.exporter.${item}.exported`), { ...TARGET, [component]: type, ...labels });
  const queue = (item: 'span' | 'log', part: 'size' | 'capacity') => sel(ctx.metric(`otel.sdk.processor.${item}.queue.${part}`), { ...TARGET, [component]: `batching_${item}_processor` });
  const dropped = (what: string) => `a:1 dropped 15 ${what} in the last 15 minutes (queue_full).`;
  return [
    {
      name: 'telemetry: spans and logs dropped at a full queue, span and metric exports failing, span queue 88 % full',
      input: [
        { series: processor('span'), values: counter([[30, 100]]) },
        { series: processor('span', { [errorType]: 'queue_full' }), values: counter([[30, 1]]) },
        { series: processor('log', { [errorType]: 'queue_full' }), values: counter([[30, 1]]) },
        { series: exported('span', 'otlp_http_span_exporter', { [errorType]: '503' }), values: counter([[30, 2]]) },
        { series: exported('metric_data_point', 'otlp_http_metric_exporter', { [errorType]: 'timeout' }), values: counter([[30, 1]]) },
        { series: exported('log', 'otlp_http_log_exporter'), values: counter([[30, 50]]) },
        { series: queue('span', 'size'), values: '1800x30' },
        { series: queue('span', 'capacity'), values: '2048x30' },
        { series: queue('log', 'size'), values: '100x30' },
        { series: queue('log', 'capacity'), values: '2048x30' },
      ],
      checks: [
        { at: '20m', alert: 'OtelkitSpansDropped', expect: [{ labels: { ...TARGET, [errorType]: 'queue_full', severity: 'warning' }, description: dropped('spans') }] },
        { at: '20m', alert: 'OtelkitLogsDropped', expect: [{ labels: { ...TARGET, [errorType]: 'queue_full', severity: 'warning' }, description: dropped('log records') }] },
        { at: '5m', alert: 'OtelkitTelemetryExportFailing', expect: [] },
        {
          at: '25m',
          alert: 'OtelkitTelemetryExportFailing',
          expect: [
            { labels: { ...TARGET, [component]: 'otlp_http_span_exporter', [errorType]: '503', severity: 'warning' }, description: 'Exporter otlp_http_span_exporter of a:1 failed to send 30 items in the last 15 minutes (503).' },
            { labels: { ...TARGET, [component]: 'otlp_http_metric_exporter', [errorType]: 'timeout', severity: 'warning' }, description: 'Exporter otlp_http_metric_exporter of a:1 failed to send 15 items in the last 15 minutes (timeout).' },
          ],
        },
        {
          at: '20m',
          alert: 'OtelkitTelemetryQueueNearFull',
          expect: [{ labels: { ...TARGET, [component]: 'batching_span_processor', severity: 'info' }, description: 'The batching_span_processor queue of a:1 is 87.89% full; items are dropped once it is full (threshold 80 %).' }],
        },
      ],
    },
    {
      name: 'telemetry: drops that stopped 20 minutes ago, exports succeeding, queues half full',
      input: [
        { series: processor('span'), values: counter([[40, 100]]) },
        { series: processor('span', { [errorType]: 'queue_full' }), values: counter([[10, 5], [30, 0]]) },
        { series: processor('log', { [errorType]: 'queue_full' }), values: counter([[10, 5], [30, 0]]) },
        { series: exported('span', 'otlp_http_span_exporter'), values: counter([[40, 100]]) },
        { series: queue('span', 'size'), values: '1000x40' },
        { series: queue('span', 'capacity'), values: '2048x40' },
      ],
      checks: [
        { at: '35m', alert: 'OtelkitSpansDropped', expect: [] },
        { at: '35m', alert: 'OtelkitLogsDropped', expect: [] },
        { at: '35m', alert: 'OtelkitTelemetryExportFailing', expect: [] },
        { at: '35m', alert: 'OtelkitTelemetryQueueNearFull', expect: [] },
      ],
    },
  ];
}

/** Scenarios for every alert of alerts.ts, under default thresholds and `for:`. */
export function alertScenarios(ctx: MixinContext): Scenario[] {
  return [...http(ctx), ...jobs(ctx), ...resources(ctx), ...runtime(ctx), ...telemetry(ctx)];
}

/** The SLO the SLO scenarios are written for. */
export const SCENARIO_SLO: SloSpec = { service: 'shop', selector: 'job="app"', objectives: { availability: 99.9, latency: { target: 95, threshold: 0.5 } } };

const BURN = { availability: 'OtelkitAvailabilityBudgetBurn', latency: 'OtelkitLatencyBudgetBurn' } as const;
const PAIRS = {
  '1h': { short: '5m', severity: 'critical', factor: '14.4', lasts: '2d 2h' },
  '6h': { short: '30m', severity: 'critical', factor: '6', lasts: '5d' },
  '1d': { short: '2h', severity: 'warning', factor: '3', lasts: '10d' },
  '3d': { short: '6h', severity: 'warning', factor: '1', lasts: '30d' },
} as const;

function burning(objective: keyof typeof BURN, long: keyof typeof PAIRS, value: string): ExpectedAlert {
  const pair = PAIRS[long];
  const bad = objective === 'availability' ? 'failed with a 5xx status' : 'took longer than 0.5 s';
  return {
    labels: { service: 'shop', slo: `shop-${objective}`, severity: pair.severity, long, short: pair.short },
    description: `${value} of the requests of shop ${bad} over the last ${long} (and over ${pair.short}), ${pair.factor} times the rate the 30d objective allows; at this rate its error budget is gone in ${pair.lasts}.`,
  };
}

/** Scenarios for the SLO rules of {@link SCENARIO_SLO}: each burn-rate pair, the short-window guard, the meta rules and the absent alert. */
export function sloScenarios(ctx: MixinContext): Scenario[] {
  const { requests, statusLabel, duration } = ctx.http;
  const status = (code: string) => sel(requests, { ...TARGET, [statusLabel]: code });
  // 2000 requests a minute, `failed` of them with a 5xx, held for 200 minutes (past the 3h `for:` of the slowest pair).
  const availability = (failed: number): Scenario['input'] => [
    { series: status('200'), values: counter([[200, 2000 - failed]]) },
    { series: status('500'), values: counter([[200, failed]]) },
  ];
  // 1000 requests a minute, `slow` of them above the 0.5 s boundary.
  // prometheus-classic counts requests in a counter of its own, which the availability SLO reads.
  const ownCounter = (labels: Record<string, string>, values: string): Scenario['input'] =>
    requests === `${duration}_count` ? [] : [{ series: sel(requests, { ...labels, [statusLabel]: '200' }), values }];
  const latency = (slow: number): Scenario['input'] => [
    { series: sel(`${duration}_bucket`, { ...TARGET, le: '0.5' }), values: counter([[200, 1000 - slow]]) },
    { series: sel(`${duration}_count`, TARGET), values: counter([[200, 1000]]) },
    ...ownCounter(TARGET, counter([[200, 1000]])),
  ];
  const a = BURN.availability;
  const l = BURN.latency;
  const own = (objective: string) => `{service="shop", slo="shop-${objective}"}`;
  // A steady ratio held past the 3h `for:` of the slowest pair, checked once at the end.
  const steady = (name: string, input: Scenario['input'], alert: string, expect: ExpectedAlert[]): Scenario => ({ name, input, checks: [{ at: '190m', alert, expect }] });
  const every = (objective: keyof typeof BURN, value: string) => (['1h', '6h', '1d', '3d'] as const).map((w) => burning(objective, w, value));
  return [
    steady('SLO: 2 % of requests fail (20x the budget rate): every availability pair fires', availability(40), a, every('availability', '2%')),
    {
      name: 'SLO: 0.4 % of requests fail (4x): only the 1d and 3d pairs fire',
      input: availability(8),
      checks: [
        { at: '30m', alert: a, expect: [] },
        { at: '190m', alert: a, expect: [burning('availability', '1d', '0.4%'), burning('availability', '3d', '0.4%')] },
      ],
    },
    {
      name: 'SLO: 0.05 % of requests fail (half the budget rate): silent, and half the budget is left',
      input: availability(1),
      checks: [{ at: '190m', alert: a, expect: [] }],
      exprChecks: [
        { at: '190m', expr: `round(slo:period_error_budget_remaining:ratio${own('availability')}, 0.01)`, expect: [{ labels: own('availability'), value: 0.5 }] },
        { at: '190m', expr: `round(slo:current_burn_rate:ratio${own('availability')}, 0.01)`, expect: [{ labels: own('availability'), value: 0.5 }] },
        { at: '190m', expr: `slo:objective:ratio${own('availability')}`, expect: [{ labels: `slo:objective:ratio${own('availability')}`, value: 0.999 }] },
        { at: '190m', expr: `slo:error_budget:ratio${own('availability')}`, expect: [{ labels: `slo:error_budget:ratio${own('availability')}`, value: 0.001 }] },
        { at: '190m', expr: `slo:time_period:days${own('availability')}`, expect: [{ labels: `slo:time_period:days${own('availability')}`, value: 30 }] },
      ],
    },
    {
      // 10 % fail for 30 minutes, then none. At 20m the fast pair fires; at 45m its 5m window is
      // clean and it has stopped, while the 6h/30m pair still burns.
      name: 'SLO: a 30-minute spike of 10 % errors, then recovery',
      input: [
        { series: status('200'), values: counter([[30, 1800], [20, 2000]]) },
        { series: status('500'), values: counter([[30, 200], [20, 0]]) },
      ],
      checks: [
        { at: '20m', alert: a, expect: [burning('availability', '1h', '10%'), burning('availability', '6h', '10%')] },
        { at: '45m', alert: a, expect: [burning('availability', '6h', '6.667%')] },
      ],
    },
    steady('SLO: 20 % of requests slower than 0.5 s (4x the budget rate): the 1d and 3d latency pairs fire', latency(200), l, [burning('latency', '1d', '20%'), burning('latency', '3d', '20%')]),
    steady('SLO: 80 % of requests slower than 0.5 s: every latency pair fires', latency(800), l, every('latency', '80%')),
    {
      name: 'SLO: 1 % of requests slower than 0.5 s: silent, no series missing',
      input: latency(10),
      checks: [
        { at: '190m', alert: l, expect: [] },
        { at: '190m', alert: 'OtelkitSloMetricAbsent', expect: [] },
      ],
    },
    {
      name: 'SLO: the service is not scraped (only another job has series)',
      input: [{ series: sel(`${duration}_count`, { ...TARGET, job: 'other' }), values: counter([[30, 1000]]) }, ...ownCounter({ ...TARGET, job: 'other' }, counter([[30, 1000]]))],
      checks: [
        { at: '5m', alert: 'OtelkitSloMetricAbsent', expect: [] },
        {
          at: '15m',
          alert: 'OtelkitSloMetricAbsent',
          expect: (['availability', 'latency'] as const).map((objective) => {
            const source = objective === 'availability' ? requests : `${duration}_count`;
            return {
              labels: { job: 'app', service: 'shop', slo: `shop-${objective}`, severity: 'warning' },
              description: `No series matches ${source}{job="app"}, which the shop-${objective} SLO is computed from (job app): the service is down, not scraped, or its selector is wrong.`,
            };
          }),
        },
      ],
    },
  ];
}
