/**
 * The declarative table of every environment variable otelkit reads. docs/configuration.md is
 * generated from it (`npm run docs`), and a test fails when the two drift apart.
 */

/** How a variable's text is parsed. */
export type OtelkitEnvType =
  | 'boolean'
  | 'string'
  | 'integer'
  | 'duration'
  | 'ratio'
  | 'enum'
  | 'enum-list'
  | 'list'
  | 'key-value-list'
  | 'url';

/** Probe and scrape paths that are never traced unless `OTELKIT_IGNORE_DEFAULT_PATHS=false`. */
export const DEFAULT_IGNORE_PATHS: readonly string[] = Object.freeze(['/health', '/healthz', '/ready', '/readyz', '/live', '/livez', '/status', '/metrics']);

/** One row of the environment table. */
export interface OtelkitEnvDefinition {
  readonly name: string;
  readonly type: OtelkitEnvType;
  /** Effective value when the variable is unset, empty or invalid. */
  readonly default: string | number | boolean | readonly string[] | undefined;
  readonly allowedValues?: readonly string[];
  /** Inclusive bounds for integer and duration types. */
  readonly min?: number;
  readonly max?: number;
  readonly description: string;
  /** `off`: an empty value is meaningful and turns the feature off (instead of meaning "unset"). */
  readonly emptyMeans?: 'unset' | 'off';
  /** Which part of otelkit reads it. */
  readonly section: OtelkitEnvSection;
}

/** Sections of docs/configuration.md. */
export type OtelkitEnvSection = 'General' | 'Resource' | 'Propagation and sampling' | 'Exporters' | 'OTLP' | 'Batching' | 'Limits' | 'Instrumentation' | 'otelkit';

const MAX_INT = 2_147_483_647;
const SIGNALS = ['TRACES', 'METRICS', 'LOGS'] as const;
const PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;

function otlpRows(prefix: string, what: string): OtelkitEnvDefinition[] {
  return [
    { name: `${prefix}_ENDPOINT`, type: 'url', default: undefined, section: 'OTLP',
      description: prefix === 'OTEL_EXPORTER_OTLP'
        ? 'Base URL of the OTLP receiver. For HTTP, `/v1/<signal>` is appended per signal. Default `http://localhost:4318` (HTTP) or `http://localhost:4317` (gRPC). It needs a scheme: `otel-collector:4318` gets one warning (suggesting `http://otel-collector:4318`) and is ignored; only a gRPC target may be `host:port`, where `OTEL_EXPORTER_OTLP_INSECURE` picks plaintext.'
        : `Full URL for ${what}, used as is (no path is appended). A scheme is required, as above.` },
    { name: `${prefix}_PROTOCOL`, type: 'enum', default: prefix === 'OTEL_EXPORTER_OTLP' ? 'http/protobuf' : undefined, allowedValues: PROTOCOLS, section: 'OTLP',
      description: `Transport for ${what}.` },
    { name: `${prefix}_HEADERS`, type: 'key-value-list', default: undefined, section: 'OTLP',
      description: `Extra request headers for ${what}, as \`key=value,key2=value2\` (values percent-decoded). Invalid pairs are skipped with a warning; values are never printed.` },
    { name: `${prefix}_TIMEOUT`, type: 'duration', default: prefix === 'OTEL_EXPORTER_OTLP' ? 10_000 : undefined, min: 1, max: 600_000, section: 'OTLP',
      description: `Time limit in milliseconds for one export request of ${what}.` },
    { name: `${prefix}_COMPRESSION`, type: 'enum', default: prefix === 'OTEL_EXPORTER_OTLP' ? 'none' : undefined, allowedValues: ['gzip', 'none'], section: 'OTLP',
      description: `Compression of ${what} request bodies.` },
    { name: `${prefix}_CERTIFICATE`, type: 'string', default: undefined, section: 'OTLP',
      description: `Path of a PEM file with the CA certificate(s) that verify the receiver's TLS certificate, for ${what} (https endpoints; a relative path is from the working directory; a file that can't be read gets one warning and is left out; likewise the two below).` },
    { name: `${prefix}_CLIENT_KEY`, type: 'string', default: undefined, section: 'OTLP',
      description: `Path of a PEM file with the client's private key for mTLS, for ${what}.` },
    { name: `${prefix}_CLIENT_CERTIFICATE`, type: 'string', default: undefined, section: 'OTLP',
      description: `Path of a PEM file with the client certificate for mTLS, for ${what}.` },
  ];
}

function batchRows(prefix: 'OTEL_BSP' | 'OTEL_BLRP', what: string, delay: number): OtelkitEnvDefinition[] {
  return [
    { name: `${prefix}_SCHEDULE_DELAY`, type: 'duration', default: delay, min: 1, max: 3_600_000, section: 'Batching',
      description: `Milliseconds between two exports of ${what}.` },
    { name: `${prefix}_EXPORT_TIMEOUT`, type: 'duration', default: 30_000, min: 1, max: 3_600_000, section: 'Batching',
      description: `Milliseconds one export of ${what} may take before it is cancelled.` },
    { name: `${prefix}_MAX_QUEUE_SIZE`, type: 'integer', default: 2048, min: 1, max: 1_000_000, section: 'Batching',
      description: `Most ${what} held in memory; beyond it new ones are dropped and counted.` },
    { name: `${prefix}_MAX_EXPORT_BATCH_SIZE`, type: 'integer', default: 512, min: 1, max: 1_000_000, section: 'Batching',
      description: `Most ${what} in one export request. Clamped to the queue size.` },
  ];
}

function limitRow(name: string, description: string, def: number | undefined): OtelkitEnvDefinition {
  return { name, type: 'integer', default: def, min: 0, max: MAX_INT, section: 'Limits', description };
}

/** Every environment variable otelkit reads, in documentation order. */
export const OTELKIT_ENV_DEFINITIONS: readonly OtelkitEnvDefinition[] = Object.freeze([
  // General
  { name: 'OTEL_SDK_DISABLED', type: 'boolean', default: false, section: 'General',
    description: '`true` (any case) turns otelkit into no-ops: no SDK, no patches, no listeners. Any other non-empty value keeps it on, with a warning.' },
  { name: 'OTEL_LOG_LEVEL', type: 'enum', default: 'info', allowedValues: ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'], section: 'General',
    description: 'Level of otelkit\'s and the SDK\'s own diagnostic lines on stderr.' },
  // Resource
  { name: 'OTEL_SERVICE_NAME', type: 'string', default: undefined, section: 'Resource',
    description: '`service.name`. Default: the `name` in the app\'s package.json, else `unknown_service:node`. Empty means unset.' },
  { name: 'OTEL_RESOURCE_ATTRIBUTES', type: 'key-value-list', default: undefined, section: 'Resource',
    description: 'Extra resource attributes, `key=value,...` (values percent-decoded). A malformed value is discarded as a whole, with one warning.' },
  { name: 'OTEL_NODE_RESOURCE_DETECTORS', type: 'enum-list', default: ['env', 'host', 'os', 'process', 'serviceinstance', 'container'],
    allowedValues: ['env', 'host', 'os', 'process', 'serviceinstance', 'container', 'alibaba', 'aws', 'azure', 'gcp', 'all', 'none'], section: 'Resource',
    description: 'Resource detectors to run. Cloud detectors (which probe metadata servers) run only when named here or with `all`.' },
  // Propagation and sampling
  { name: 'OTEL_PROPAGATORS', type: 'enum-list', default: ['tracecontext', 'baggage'],
    allowedValues: ['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger', 'none'], section: 'Propagation and sampling',
    description: 'Context propagators, in order. Duplicates are removed; unknown names are skipped with a warning.' },
  { name: 'OTEL_TRACES_SAMPLER', type: 'enum', default: 'parentbased_always_on',
    allowedValues: ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'],
    section: 'Propagation and sampling', description: 'Sampler for new spans.' },
  { name: 'OTEL_TRACES_SAMPLER_ARG', type: 'ratio', default: 1, min: 0, max: 1, section: 'Propagation and sampling',
    description: 'Sampling ratio for the `traceidratio` samplers, from 0 to 1.' },
  { name: 'OTELKIT_TRACE_CONTEXT', type: 'enum', default: 'trust', allowedValues: ['trust', 'edge'], section: 'Propagation and sampling',
    description: 'Trust in the trace context of incoming HTTP requests. `trust`: a request continues its caller\'s trace, sampled flag and baggage included (services behind your own edge). `edge`: for public endpoints; each request starts a new trace, the local sampler decides as for a root span, the caller\'s context is kept only as a span link (`otelkit.link.reason=untrusted_parent`) and its baggage is dropped. Per route: the start() option `traceContext` (a function of the request).' },
  // Exporters
  { name: 'OTEL_TRACES_EXPORTER', type: 'enum-list', default: ['otlp'], allowedValues: ['otlp', 'console', 'none'], section: 'Exporters',
    description: 'Span exporters. `none` alone turns trace export off (spans still get IDs, so `X-Trace-ID` keeps working).' },
  { name: 'OTEL_METRICS_EXPORTER', type: 'enum-list', default: ['otlp'], allowedValues: ['otlp', 'prometheus', 'console', 'none'], section: 'Exporters',
    description: 'Metric exporters (read by the metrics pipeline).' },
  { name: 'OTEL_LOGS_EXPORTER', type: 'enum-list', default: ['none'], allowedValues: ['otlp', 'console', 'none'], section: 'Exporters',
    description: 'Log record exporters (read by the logs pipeline). Default `none`: apps already write their logs to stdout.' },
  { name: 'OTEL_METRIC_EXPORT_INTERVAL', type: 'duration', default: 60_000, min: 1, max: 86_400_000, section: 'Exporters',
    description: 'Milliseconds between two periodic metric exports.' },
  { name: 'OTEL_METRIC_EXPORT_TIMEOUT', type: 'duration', default: 30_000, min: 1, max: 86_400_000, section: 'Exporters',
    description: 'Milliseconds one metric export may take.' },
  { name: 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', type: 'enum', default: 'cumulative', allowedValues: ['cumulative', 'delta', 'lowmemory'], section: 'Exporters',
    description: 'Aggregation temporality of pushed metrics (OTLP and console). `delta`: counters, histograms and gauges as deltas (backends that take only deltas); `lowmemory`: synchronous counters and histograms as deltas. Up-down counters stay cumulative, and `/metrics` is always cumulative.' },
  { name: 'OTEL_EXPORTER_PROMETHEUS_HOST', type: 'string', default: '127.0.0.1', section: 'Exporters',
    description: 'Address the `/metrics` server binds to when `OTEL_METRICS_EXPORTER` includes `prometheus`. Loopback by default; set `0.0.0.0` to let a remote Prometheus scrape.' },
  { name: 'OTEL_EXPORTER_PROMETHEUS_PORT', type: 'integer', default: 9464, min: 0, max: 65_535, section: 'Exporters',
    description: 'Port of the `/metrics` server. Cluster and PM2 workers add their worker index (see docs/metrics.md), so they never share one port.' },
  { name: 'OTELKIT_METRICS_PROFILE', type: 'enum', default: 'semconv', allowedValues: ['semconv', 'prometheus-classic'], section: 'otelkit',
    description: 'Metric naming profile: `semconv` (OpenTelemetry semantic conventions, e.g. `http_server_request_duration_seconds`) or `prometheus-classic` (prom-client habits, e.g. `http_requests_total{method,status,route}`).' },
  { name: 'OTELKIT_METRICS_NAMESPACE', type: 'string', default: undefined, section: 'otelkit',
    description: 'Prefix of the HTTP and domain metrics (queues, semaphores, pools, caches, rate limits): `autonomos` serves `job.queue.depth` as `autonomos_job_queue_depth`. Runtime and SDK metrics keep their names. The mixin takes the same naming (`otelkit mixin --namespace`).' },
  { name: 'OTELKIT_METRICS_NAMES', type: 'key-value-list', default: undefined, section: 'otelkit',
    description: 'Names of HTTP and domain metrics, `instrument=name` pairs: the catalog instrument (docs/metrics.md) and the name as Prometheus shows it without `_total` or `_bucket`, under the namespace and with no unit word added (`job.processed=jobs,job.duration=job_duration_seconds`).' },
  { name: 'OTELKIT_METRICS_LABELS', type: 'key-value-list', default: undefined, section: 'otelkit',
    description: 'Label names of HTTP and domain metrics, `attribute=label` for every instrument or `instrument:attribute=label` for one (`queue.name=queue,http_requests:status=status_code`).' },
  { name: 'OTELKIT_METRICS_LABEL_VALUES', type: 'key-value-list', default: undefined, section: 'otelkit',
    description: 'Label values of HTTP and domain metrics, `attribute:value=new` for every instrument or `instrument:attribute:value=new` for one (`pool.state:used=active`).' },
  { name: 'OTELKIT_METRICS_CARDINALITY_LIMIT', type: 'integer', default: 2000, min: 1, max: 1_000_000, section: 'otelkit',
    description: 'Most series per instrument. Further attribute sets go to one `otel_metric_overflow="true"` series (nothing is lost from sums), with one warning per instrument.' },
  { name: 'OTELKIT_RUNTIME_METRICS', type: 'boolean', default: true, section: 'otelkit',
    description: 'Event-loop, GC, heap, CPU, memory and handle metrics (`nodejs.*`, `v8js.*`, `process.*`).' },
  // OTLP
  ...otlpRows('OTEL_EXPORTER_OTLP', 'every signal'),
  ...SIGNALS.flatMap((s) => otlpRows(`OTEL_EXPORTER_OTLP_${s}`, `${s.toLowerCase()} (overrides the generic variable)`)),
  { name: 'OTEL_EXPORTER_OTLP_INSECURE', type: 'boolean', default: false, section: 'OTLP',
    description: 'gRPC only: use a plaintext connection when the endpoint has no scheme.' },
  // Batching
  ...batchRows('OTEL_BSP', 'spans', 5000),
  ...batchRows('OTEL_BLRP', 'log records', 1000),
  // Limits
  limitRow('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'Longest string attribute value kept (longer ones are truncated). otelkit default 4096, tighter than the spec\'s unlimited, so one huge value cannot bloat every batch.', 4096),
  limitRow('OTEL_ATTRIBUTE_COUNT_LIMIT', 'Most attributes per span, event, link or log record.', 128),
  limitRow('OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'Like `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`, for spans only.', undefined),
  limitRow('OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 'Like `OTEL_ATTRIBUTE_COUNT_LIMIT`, for spans only.', undefined),
  limitRow('OTEL_SPAN_EVENT_COUNT_LIMIT', 'Most events per span.', 128),
  limitRow('OTEL_SPAN_LINK_COUNT_LIMIT', 'Most links per span.', 128),
  limitRow('OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT', 'Most attributes per span event.', 128),
  limitRow('OTEL_LINK_ATTRIBUTE_COUNT_LIMIT', 'Most attributes per span link.', 128),
  limitRow('OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'Like `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`, for log records only.', undefined),
  limitRow('OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT', 'Like `OTEL_ATTRIBUTE_COUNT_LIMIT`, for log records only.', undefined),
  // Instrumentation
  { name: 'OTEL_NODE_ENABLED_INSTRUMENTATIONS', type: 'list', default: undefined, section: 'Instrumentation',
    description: 'Only these instrumentations (short names such as `http,express,pg`). Unknown names get one warning each.' },
  { name: 'OTEL_NODE_DISABLED_INSTRUMENTATIONS', type: 'list', default: undefined, section: 'Instrumentation',
    description: 'Instrumentations to leave off; applied after the enabled list. Unknown names get one warning each.' },
  // otelkit
  { name: 'OTELKIT_TRACE_RESPONSE_HEADER', type: 'string', default: 'X-Trace-ID', emptyMeans: 'off', section: 'otelkit',
    description: 'Response header that carries the server span\'s trace id. Set it empty to turn the header off.' },
  { name: 'OTELKIT_SERVER_TIMING', type: 'boolean', default: false, section: 'otelkit',
    description: 'Also send `Server-Timing: traceparent;desc="00-…"` and expose it to browsers with `Access-Control-Expose-Headers`.' },
  { name: 'OTELKIT_SHUTDOWN_TIMEOUT', type: 'duration', default: 5000, min: 1, max: 600_000, section: 'otelkit',
    description: 'Milliseconds that a flush on SIGTERM, SIGINT or a natural exit may take.' },
  { name: 'OTELKIT_EXPORT_RETRY_BUDGET', type: 'duration', default: 30_000, min: 0, max: 3_600_000, section: 'otelkit',
    description: 'Milliseconds an OTLP/HTTP batch may spend waiting between retries (429, 502, 503, 504, connection errors) before it is given up and counted as failed. Retries follow `Retry-After` (seconds or an HTTP date) or back off exponentially from 1 s (with jitter, at most 8 s); a wait that would end past the budget is not started. Each attempt is still bounded by `OTEL_EXPORTER_OTLP_TIMEOUT`. `0`: no retries.' },
  { name: 'OTELKIT_IGNORE_PATHS', type: 'list', default: [], section: 'otelkit',
    description: 'Request paths that are never traced or counted, added to the default probe and scrape paths (`/health`, `/healthz`, `/ready`, `/readyz`, `/live`, `/livez`, `/status`, `/metrics`). The query is ignored. An entry is an exact path, or a pattern where `*` matches any run of characters, `/` included (`/internal/*`, `/v1/*/health`).' },
  { name: 'OTELKIT_IGNORE_DEFAULT_PATHS', type: 'boolean', default: true, section: 'otelkit',
    description: 'Keep the default probe and scrape paths in the ignored list. `false`: only `OTELKIT_IGNORE_PATHS` is ignored (probes and `/metrics` are then traced).' },
  { name: 'OTELKIT_REDACT_QUERY_PARAMS', type: 'list', default: [], section: 'otelkit',
    description: 'Query parameters whose values are replaced by `REDACTED` in `url.query` (server spans) and `url.full` (client spans of http and fetch), keys kept. Added to the default list: `sig`, `Signature`, `AWSAccessKeyId`, `X-Goog-Signature`, `X-Goog-Credential`, `X-Amz-Signature`, `X-Amz-Credential`, `X-Amz-Security-Token`, `token`, `access_token`, `refresh_token`, `id_token`, `api_key`, `apikey`, `client_secret`, `password`. Names match exactly (case-sensitive). `instrumentationConfig.http.redactedQueryParamsServer` / `redactedQueryParams` replace the list for server / client spans.' },
  { name: 'OTELKIT_DEPLOYMENT_ENVIRONMENT', type: 'string', default: undefined, section: 'otelkit',
    description: '`deployment.environment.name`. Default: `NODE_ENV` when set. `OTEL_RESOURCE_ATTRIBUTES` wins over both.' },
  { name: 'OTELKIT_HEALTH_PORT', type: 'integer', default: undefined, min: 0, max: 65_535, section: 'otelkit',
    description: 'Port of the standalone health server (`/health`, `/ready`, `/live`, `/status`), started by the preload and by `start()`. Unset: no server. `0` picks a free port (printed at info level).' },
  { name: 'OTELKIT_HEALTH_HOST', type: 'string', default: '127.0.0.1', section: 'otelkit',
    description: 'Interface the health server listens on. Set `0.0.0.0` (or the pod IP) for Kubernetes probes, which come from the node, not from localhost.' },
  { name: 'OTELKIT_HEALTH_EVENT_LOOP_DELAY_MAX', type: 'duration', default: 2000, min: 1, max: 600_000, section: 'otelkit',
    description: '`/live` fails while the event loop was last seen stalled longer than this many milliseconds. Raise it for apps with long synchronous work.' },
  { name: 'OTELKIT_HEALTH_CACHE', type: 'duration', default: 5000, min: 1, max: 600_000, section: 'otelkit',
    description: 'Milliseconds one run of the health checks is reused for (concurrent probes share the run in progress).' },
  { name: 'OTELKIT_HEALTH_DISK_PATH', type: 'string', default: undefined, section: 'otelkit',
    description: 'File system that `/health` reports (default: the working directory).' },
  { name: 'OTELKIT_HEALTH_MEMORY_WARN_RATIO', type: 'ratio', default: 0.9, min: 0.01, max: 1, section: 'otelkit',
    description: 'Heap used over V8\'s heap limit that makes memory `warn` in `/health`.' },
  { name: 'OTELKIT_HEALTH_DISK_WARN_RATIO', type: 'ratio', default: 0.9, min: 0.01, max: 1, section: 'otelkit',
    description: 'Used space ratio that makes disk `warn` in `/health`.' },
  { name: 'OTELKIT_CONSOLE_CORRELATION', type: 'enum', default: 'false', allowedValues: ['false', 'true', 'json'], section: 'otelkit',
    description: 'Correlate `console.*` output: `true` appends `trace_id=… span_id=… trace_flags=…` to lines written inside a span; `json` writes every console call as one line of the ready JSON log format.' },
  { name: 'OTELKIT_LOG_REDACT_KEYS', type: 'list', default: ['authorization', 'password', 'passwd', 'secret', 'token', 'access_token', 'refresh_token', 'api_key', 'apikey', 'cookie', 'set-cookie'], section: 'otelkit',
    description: 'Keys whose values the ready JSON log format and exported log records replace by `[REDACTED]` (top level, one level down, and in `req.headers`). The list replaces the default.' },
  { name: 'OTELKIT_REQUEST_ID_HEADER', type: 'string', default: 'X-Request-ID', emptyMeans: 'off', section: 'otelkit',
    description: 'Request header read for the `request_id` log field (kept when 1-128 characters of `[A-Za-z0-9._:-]`, else a UUID is generated) and echoed on the response. Set it empty to turn request ids off.' },
  { name: 'OTELKIT_COMPILE_CACHE', type: 'string', default: undefined, section: 'otelkit',
    description: 'V8 code cache of the preload (`--require`, and `--import`, which runs the same file), which starts it ~25 ms sooner. Unset: `.cache/` in the `@otelkit/node` package folder, written by the first start (a read-only folder just means no cache). A path: that folder (created if its parent exists). `false`: off. Read by `dist/register.cjs` only (not `start()`).' },
] satisfies OtelkitEnvDefinition[]);

const BY_NAME = new Map(OTELKIT_ENV_DEFINITIONS.map((d) => [d.name, d]));

/** Look up one row of the table. */
export function getEnvDefinition(name: string): OtelkitEnvDefinition | undefined {
  return BY_NAME.get(name);
}
