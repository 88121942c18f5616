/**
 * The metric catalog: every instrument otelkit emits, with its name, kind, unit, description,
 * bucket boundaries and attribute keys. Instruments are created from it (never from literals
 * elsewhere), docs/metrics.md is generated from it, and the Prometheus name users query is derived
 * from it by the specification's rules.
 */
import { prometheusMetricName, type OtelkitMetricKind } from './prometheus-name.js';

/** `semconv` (default) follows the OpenTelemetry semantic conventions; `prometheus-classic` follows prom-client habits. */
export type OtelkitMetricsProfile = 'semconv' | 'prometheus-classic';

export type OtelkitMetricGroup = 'http' | 'runtime' | 'queue' | 'semaphore' | 'pool' | 'cache' | 'rate-limit' | 'sdk';

export interface OtelkitMetricDefinition {
  /** OpenTelemetry instrument name (what OTLP carries). */
  readonly name: string;
  readonly kind: OtelkitMetricKind;
  /** UCUM unit in base units: `s`, `By`, `1`, or an annotation such as `{request}`. */
  readonly unit: string;
  readonly description: string;
  /** Explicit histogram bucket boundaries, in the unit's scale. Required for histograms. */
  readonly buckets?: readonly number[];
  /** Attribute keys it may carry. Optional ones are marked in `optionalAttributes`. */
  readonly attributes: readonly string[];
  readonly optionalAttributes?: readonly string[];
  /** Which profiles emit it. Domain and SDK instruments are the same in both. */
  readonly profiles: readonly OtelkitMetricsProfile[];
  readonly group: OtelkitMetricGroup;
  /** Who defines the name: the semantic conventions, prom-client's defaults, or otelkit. */
  readonly origin: 'semconv' | 'prom-client' | 'otelkit';
  /** Recorded by an upstream instrumentation rather than by otelkit's own code. */
  readonly recordedBy?: string;
}

const BOTH: readonly OtelkitMetricsProfile[] = ['semconv', 'prometheus-classic'];
const SEMCONV: readonly OtelkitMetricsProfile[] = ['semconv'];
const CLASSIC: readonly OtelkitMetricsProfile[] = ['prometheus-classic'];

/** Request durations: the semantic conventions' advice, in seconds. */
export const HTTP_DURATION_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
/** Background jobs run for seconds to minutes. */
export const JOB_DURATION_BUCKETS: readonly number[] = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];
/** GC pauses: the semantic conventions' advice. */
export const GC_DURATION_BUCKETS: readonly number[] = [0.001, 0.01, 0.1, 1, 10];
/** How long a semaphore slot is held. */
export const HOLD_DURATION_BUCKETS: readonly number[] = [0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600];

const HTTP_SERVER_ATTRS = ['http.request.method', 'url.scheme', 'http.response.status_code', 'http.route', 'network.protocol.version', 'error.type'];
const EL_STATS = ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99'] as const;

const def = (d: OtelkitMetricDefinition): OtelkitMetricDefinition => d;

export const OTELKIT_METRIC_CATALOG: readonly OtelkitMetricDefinition[] = Object.freeze([
  // HTTP, semantic conventions
  def({ name: 'http.server.request.duration', kind: 'histogram', unit: 's', buckets: HTTP_DURATION_BUCKETS, group: 'http', origin: 'semconv', profiles: SEMCONV,
    description: 'Duration of HTTP server requests.', attributes: HTTP_SERVER_ATTRS, optionalAttributes: ['http.route', 'error.type', 'http.response.status_code'] }),
  def({ name: 'http.server.active_requests', kind: 'updowncounter', unit: '{request}', group: 'http', origin: 'semconv', profiles: SEMCONV,
    description: 'Number of active HTTP server requests.', attributes: ['http.request.method', 'url.scheme'] }),
  def({ name: 'http.client.request.duration', kind: 'histogram', unit: 's', buckets: HTTP_DURATION_BUCKETS, group: 'http', origin: 'semconv', profiles: BOTH,
    recordedBy: '@opentelemetry/instrumentation-http and -undici (outgoing http and fetch)',
    description: 'Duration of HTTP client requests.', attributes: ['http.request.method', 'server.address', 'server.port', 'url.scheme', 'http.response.status_code', 'network.protocol.version', 'error.type'],
    optionalAttributes: ['http.response.status_code', 'error.type', 'network.protocol.version'] }),
  // HTTP, prometheus-classic
  def({ name: 'http_requests', kind: 'counter', unit: '', group: 'http', origin: 'prom-client', profiles: CLASSIC,
    description: 'Total HTTP requests served.', attributes: ['method', 'status', 'route'], optionalAttributes: ['route'] }),
  def({ name: 'http_request_duration', kind: 'histogram', unit: 's', buckets: HTTP_DURATION_BUCKETS, group: 'http', origin: 'prom-client', profiles: CLASSIC,
    description: 'Duration of HTTP requests served.', attributes: ['method', 'status', 'route'], optionalAttributes: ['route'] }),
  def({ name: 'http_requests_in_flight', kind: 'updowncounter', unit: '', group: 'http', origin: 'prom-client', profiles: CLASSIC,
    description: 'HTTP requests being served right now.', attributes: ['method'] }),

  // Runtime, semantic conventions
  ...EL_STATS.map((stat) => def({ name: `nodejs.eventloop.delay.${stat}`, kind: 'gauge', unit: 's', group: 'runtime', origin: 'semconv', profiles: SEMCONV,
    description: `Event loop delay, ${stat} since the previous collection.`, attributes: [] })),
  def({ name: 'nodejs.eventloop.utilization', kind: 'gauge', unit: '1', group: 'runtime', origin: 'semconv', profiles: SEMCONV,
    description: 'Share of time the event loop was busy since the previous collection.', attributes: [] }),
  def({ name: 'nodejs.eventloop.time', kind: 'counter', unit: 's', group: 'runtime', origin: 'semconv', profiles: SEMCONV,
    description: 'Time the event loop spent active or idle.', attributes: ['nodejs.eventloop.state'] }),
  def({ name: 'v8js.gc.duration', kind: 'histogram', unit: 's', buckets: GC_DURATION_BUCKETS, group: 'runtime', origin: 'semconv', profiles: SEMCONV,
    description: 'Garbage collection pauses.', attributes: ['v8js.gc.type'] }),
  def({ name: 'v8js.memory.heap.used', kind: 'updowncounter', unit: 'By', group: 'runtime', origin: 'semconv', profiles: SEMCONV,
    description: 'Heap memory used, per heap space.', attributes: ['v8js.heap.space.name'] }),
  def({ name: 'v8js.memory.heap.limit', kind: 'updowncounter', unit: 'By', group: 'runtime', origin: 'semconv', profiles: SEMCONV,
    description: 'Heap memory size, per heap space.', attributes: ['v8js.heap.space.name'] }),
  def({ name: 'v8js.heap.space.available_size', kind: 'updowncounter', unit: 'By', group: 'runtime', origin: 'semconv', profiles: SEMCONV,
    description: 'Heap space available, per heap space.', attributes: ['v8js.heap.space.name'] }),
  def({ name: 'process.cpu.time', kind: 'counter', unit: 's', group: 'runtime', origin: 'semconv', profiles: SEMCONV,
    description: 'CPU time used by the process.', attributes: ['cpu.mode'] }),
  def({ name: 'process.cpu.utilization', kind: 'gauge', unit: '1', group: 'runtime', origin: 'semconv', profiles: SEMCONV,
    description: 'CPU used by the process since the previous collection, as a share of one core.', attributes: ['cpu.mode'] }),
  def({ name: 'process.memory.usage', kind: 'updowncounter', unit: 'By', group: 'runtime', origin: 'semconv', profiles: SEMCONV,
    description: 'Resident memory of the process (RSS).', attributes: [] }),
  def({ name: 'process.uptime', kind: 'gauge', unit: 's', group: 'runtime', origin: 'semconv', profiles: SEMCONV,
    description: 'Time since the process started.', attributes: [] }),
  def({ name: 'nodejs.active_handles', kind: 'updowncounter', unit: '{handle}', group: 'runtime', origin: 'otelkit', profiles: SEMCONV,
    description: 'Active libuv handles and requests keeping the process alive, by type.', attributes: ['nodejs.handle.type'] }),

  // Runtime, prometheus-classic (prom-client's default metric names)
  def({ name: 'process_cpu_user', kind: 'counter', unit: 's', group: 'runtime', origin: 'prom-client', profiles: CLASSIC, description: 'User CPU time spent.', attributes: [] }),
  def({ name: 'process_cpu_system', kind: 'counter', unit: 's', group: 'runtime', origin: 'prom-client', profiles: CLASSIC, description: 'System CPU time spent.', attributes: [] }),
  def({ name: 'process_cpu', kind: 'counter', unit: 's', group: 'runtime', origin: 'prom-client', profiles: CLASSIC, description: 'Total user and system CPU time spent.', attributes: [] }),
  def({ name: 'process_resident_memory', kind: 'gauge', unit: 'By', group: 'runtime', origin: 'prom-client', profiles: CLASSIC, description: 'Resident memory size.', attributes: [] }),
  def({ name: 'process_start_time', kind: 'gauge', unit: 's', group: 'runtime', origin: 'prom-client', profiles: CLASSIC, description: 'Start time of the process since the Unix epoch.', attributes: [] }),
  def({ name: 'nodejs_eventloop_lag', kind: 'gauge', unit: 's', group: 'runtime', origin: 'prom-client', profiles: CLASSIC, description: 'Mean event loop lag since the previous collection.', attributes: [] }),
  ...(['min', 'max', 'p50', 'p90', 'p99'] as const).map((stat) => def({ name: `nodejs_eventloop_lag_${stat}`, kind: 'gauge', unit: 's', group: 'runtime', origin: 'prom-client', profiles: CLASSIC,
    description: `Event loop lag, ${stat} since the previous collection.`, attributes: [] })),
  def({ name: 'nodejs_eventloop_utilization', kind: 'gauge', unit: '1', group: 'runtime', origin: 'otelkit', profiles: CLASSIC, description: 'Share of time the event loop was busy since the previous collection.', attributes: [] }),
  def({ name: 'nodejs_heap_size_total', kind: 'gauge', unit: 'By', group: 'runtime', origin: 'prom-client', profiles: CLASSIC, description: 'Process heap size.', attributes: [] }),
  def({ name: 'nodejs_heap_size_used', kind: 'gauge', unit: 'By', group: 'runtime', origin: 'prom-client', profiles: CLASSIC, description: 'Process heap size used.', attributes: [] }),
  def({ name: 'nodejs_external_memory', kind: 'gauge', unit: 'By', group: 'runtime', origin: 'prom-client', profiles: CLASSIC, description: 'Memory of C++ objects bound to JavaScript objects.', attributes: [] }),
  def({ name: 'nodejs_heap_space_size_used', kind: 'gauge', unit: 'By', group: 'runtime', origin: 'prom-client', profiles: CLASSIC, description: 'Heap space used, per space.', attributes: ['space'] }),
  def({ name: 'nodejs_active_handles', kind: 'gauge', unit: '', group: 'runtime', origin: 'prom-client', profiles: CLASSIC, description: 'Active libuv handles, by type.', attributes: ['type'] }),
  def({ name: 'nodejs_gc_duration', kind: 'histogram', unit: 's', buckets: GC_DURATION_BUCKETS, group: 'runtime', origin: 'prom-client', profiles: CLASSIC, description: 'Garbage collection duration, by kind.', attributes: ['kind'] }),

  // Job queues
  def({ name: 'job.enqueued', kind: 'counter', unit: '{job}', group: 'queue', origin: 'otelkit', profiles: BOTH,
    description: 'Jobs added to a queue.', attributes: ['queue.name', 'tenant.id'], optionalAttributes: ['tenant.id'] }),
  def({ name: 'job.processed', kind: 'counter', unit: '{job}', group: 'queue', origin: 'otelkit', profiles: BOTH,
    description: 'Jobs finished, by status (`completed`, `failed`); failures carry `error.type`.', attributes: ['queue.name', 'job.status', 'job.type', 'error.type', 'tenant.id'], optionalAttributes: ['job.type', 'error.type', 'tenant.id'] }),
  def({ name: 'job.duration', kind: 'histogram', unit: 's', buckets: JOB_DURATION_BUCKETS, group: 'queue', origin: 'otelkit', profiles: BOTH,
    description: 'Time from a job\'s start to its end, by status.', attributes: ['queue.name', 'job.status', 'job.type', 'tenant.id'], optionalAttributes: ['job.type', 'tenant.id'] }),
  def({ name: 'job.queue.wait_time', kind: 'histogram', unit: 's', buckets: JOB_DURATION_BUCKETS, group: 'queue', origin: 'otelkit', profiles: BOTH,
    description: 'Time a job waited in the queue before it started.', attributes: ['queue.name', 'job.type', 'tenant.id'], optionalAttributes: ['job.type', 'tenant.id'] }),
  def({ name: 'job.queue.depth', kind: 'gauge', unit: '{job}', group: 'queue', origin: 'otelkit', profiles: BOTH,
    description: 'Jobs waiting in the queue (backlog).', attributes: ['queue.name', 'tenant.id'], optionalAttributes: ['tenant.id'] }),
  def({ name: 'job.active', kind: 'gauge', unit: '{job}', group: 'queue', origin: 'otelkit', profiles: BOTH,
    description: 'Jobs running right now.', attributes: ['queue.name', 'tenant.id'], optionalAttributes: ['tenant.id'] }),

  // Semaphores
  def({ name: 'semaphore.active_slots', kind: 'gauge', unit: '{slot}', group: 'semaphore', origin: 'otelkit', profiles: BOTH,
    description: 'Slots counted as held.', attributes: ['semaphore.name', 'tenant.id'], optionalAttributes: ['tenant.id'] }),
  def({ name: 'semaphore.limit', kind: 'gauge', unit: '{slot}', group: 'semaphore', origin: 'otelkit', profiles: BOTH,
    description: 'Slots the semaphore allows.', attributes: ['semaphore.name'] }),
  def({ name: 'semaphore.leaked_slots', kind: 'gauge', unit: '{slot}', group: 'semaphore', origin: 'otelkit', profiles: BOTH,
    description: 'Slots counted as held with no live holder, plus slots held longer than the bound. Above 0 means a leak.', attributes: ['semaphore.name', 'tenant.id'], optionalAttributes: ['tenant.id'] }),
  def({ name: 'semaphore.acquisitions', kind: 'counter', unit: '{acquisition}', group: 'semaphore', origin: 'otelkit', profiles: BOTH,
    description: 'Acquire attempts, by outcome (`acquired`, `rejected`).', attributes: ['semaphore.name', 'semaphore.outcome', 'tenant.id'], optionalAttributes: ['tenant.id'] }),
  def({ name: 'semaphore.hold.duration', kind: 'histogram', unit: 's', buckets: HOLD_DURATION_BUCKETS, group: 'semaphore', origin: 'otelkit', profiles: BOTH,
    description: 'How long released slots were held.', attributes: ['semaphore.name', 'tenant.id'], optionalAttributes: ['tenant.id'] }),

  // Connection pools. The semantic conventions' `db.client.connection.count` would be exposed as
  // `db_client_connection_count`, which Prometheus tooling reads as a histogram part (promtool
  // rejects it), and pools are not only database pools: otelkit uses a `pool.*` namespace.
  def({ name: 'pool.connections', kind: 'updowncounter', unit: '{connection}', group: 'pool', origin: 'otelkit', profiles: BOTH,
    description: 'Connections in the pool, by state (`used`, `idle`).', attributes: ['pool.name', 'pool.state'] }),
  def({ name: 'pool.connections.max', kind: 'updowncounter', unit: '{connection}', group: 'pool', origin: 'otelkit', profiles: BOTH,
    description: 'Most connections the pool allows.', attributes: ['pool.name'] }),
  def({ name: 'pool.pending_requests', kind: 'updowncounter', unit: '{request}', group: 'pool', origin: 'otelkit', profiles: BOTH,
    description: 'Callers waiting for a connection.', attributes: ['pool.name'] }),
  def({ name: 'pool.utilization', kind: 'gauge', unit: '1', group: 'pool', origin: 'otelkit', profiles: BOTH,
    description: 'Used connections as a share of the maximum (0 to 1).', attributes: ['pool.name'] }),

  // Caches and rate limits
  def({ name: 'cache.requests', kind: 'counter', unit: '{request}', group: 'cache', origin: 'otelkit', profiles: BOTH,
    description: 'Cache lookups, by result (`hit`, `miss`).', attributes: ['cache.name', 'cache.result'] }),
  def({ name: 'rate_limit.requests', kind: 'counter', unit: '{request}', group: 'rate-limit', origin: 'otelkit', profiles: BOTH,
    description: 'Requests checked by a rate limiter, by outcome (`allowed`, `rejected`).', attributes: ['rate_limit.name', 'rate_limit.outcome', 'tenant.id'], optionalAttributes: ['tenant.id'] }),
  def({ name: 'rate_limit.utilization', kind: 'gauge', unit: '1', group: 'rate-limit', origin: 'otelkit', profiles: BOTH,
    description: 'Share of the limit used in the current window (0 to 1).', attributes: ['rate_limit.name', 'tenant.id'], optionalAttributes: ['tenant.id'] }),
  def({ name: 'rate_limit.queue.depth', kind: 'gauge', unit: '{request}', group: 'rate-limit', origin: 'otelkit', profiles: BOTH,
    description: 'Requests waiting for the rate limiter to admit them (for limiters that queue instead of rejecting).', attributes: ['rate_limit.name', 'tenant.id'], optionalAttributes: ['tenant.id'] }),

  // The SDK's own pipeline
  ...(['span', 'log'] as const).flatMap((item) => [
    def({ name: `otel.sdk.processor.${item}.queue.size`, kind: 'updowncounter', unit: `{${item}}`, group: 'sdk', origin: 'semconv', profiles: BOTH,
      description: `${item === 'span' ? 'Spans' : 'Log records'} waiting in the batch processor's queue.`, attributes: ['otel.component.type'] }),
    def({ name: `otel.sdk.processor.${item}.queue.capacity`, kind: 'updowncounter', unit: `{${item}}`, group: 'sdk', origin: 'semconv', profiles: BOTH,
      description: `Bound of the ${item} queue.`, attributes: ['otel.component.type'] }),
    def({ name: `otel.sdk.processor.${item}.processed`, kind: 'counter', unit: `{${item}}`, group: 'sdk', origin: 'semconv', profiles: BOTH,
      description: `${item === 'span' ? 'Spans' : 'Log records'} the processor handled; those dropped before export carry \`error.type\` (e.g. \`queue_full\`).`, attributes: ['otel.component.type', 'error.type'], optionalAttributes: ['error.type'] }),
    def({ name: `otel.sdk.exporter.${item}.exported`, kind: 'counter', unit: `{${item}}`, group: 'sdk', origin: 'semconv', profiles: BOTH,
      description: `${item === 'span' ? 'Spans' : 'Log records'} each exporter tried to send; failures carry \`error.type\`. \`otel.component.type\` names the exporter: \`otlp_http_${item}_exporter\` (http/protobuf), \`otlp_http_json_${item}_exporter\`, \`otlp_grpc_${item}_exporter\`, \`${item === 'span' ? 'ConsoleSpanExporter' : 'ConsoleLogRecordExporter'}\`${item === 'span' ? ', or the class name of a `spanExporter` given to `start()`' : ''}.`, attributes: ['otel.component.type', 'error.type'], optionalAttributes: ['error.type'] }),
  ]),
  def({ name: 'otel.sdk.exporter.metric_data_point.exported', kind: 'counter', unit: '{data_point}', group: 'sdk', origin: 'semconv', profiles: BOTH,
    description: 'Metric data points each push exporter tried to send; failures carry `error.type`. `otel.component.type` names the exporter: `otlp_http_metric_exporter` (http/protobuf), `otlp_http_json_metric_exporter`, `otlp_grpc_metric_exporter`, `ConsoleMetricExporter`.', attributes: ['otel.component.type', 'error.type'], optionalAttributes: ['error.type'] }),
]);

const BY_NAME = new Map(OTELKIT_METRIC_CATALOG.map((d) => [d.name, d]));

/** Look up one instrument of the catalog. */
export function getMetricDefinition(name: string): OtelkitMetricDefinition | undefined {
  return BY_NAME.get(name);
}

/** Like {@link getMetricDefinition}, for names that must exist (a missing one is a programming error). */
export function metricDefinition(name: string): OtelkitMetricDefinition {
  const found = BY_NAME.get(name);
  if (found === undefined) throw new Error(`metric ${name} is not in the otelkit metric catalog`);
  return found;
}

/** The Prometheus name of a catalog entry. */
export function prometheusNameOf(definition: OtelkitMetricDefinition): string {
  return prometheusMetricName(definition.name, definition.unit, definition.kind);
}

/** The instruments a profile emits. */
export function metricsForProfile(profile: OtelkitMetricsProfile): OtelkitMetricDefinition[] {
  return OTELKIT_METRIC_CATALOG.filter((d) => d.profiles.includes(profile));
}
