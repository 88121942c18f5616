/**
 * normalizeConfig runs once per start: explicit options, then environment, then defaults.
 * Options are validated strictly (a bad option is a programmer error and throws OtelkitError);
 * environment values only ever warn and fall back.
 */
import {
  assertMetricNaming,
  DEFAULT_IGNORE_PATHS,
  getEnvBoolean,
  HTTP_TOKEN,
  getEnvKeyValues,
  getEnvList,
  getEnvNumber,
  getEnvString,
  invalidOption,
  OTELKIT_ERROR_CODES,
  OtelkitError,
  otlpEndpointFromEnv,
  otlpProtocolFromEnv,
  readMetricNaming,
  warnOnce,
} from '@otelkit/core';
import type { TextMapPropagator } from '@opentelemetry/api';
import type {
  OtelkitMetricsExporterName,
  OtelkitOtlpProtocol,
  OtelkitPropagatorName,
  OtelkitResolvedConfig,
  OtelkitSamplerName,
  OtelkitStartOptions,
  OtelkitTraceContextMode,
  OtelkitTracesExporterName,
} from './types.js';
import { DEFAULT_REDACTED_QUERY_PARAMS } from './instrumentations/redact-query.js';

const SAMPLERS: readonly OtelkitSamplerName[] = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'];
const PROTOCOLS: readonly OtelkitOtlpProtocol[] = ['http/protobuf', 'http/json', 'grpc'];
const EXPORTERS: readonly OtelkitTracesExporterName[] = ['otlp', 'console', 'none'];
const METRICS_EXPORTERS: readonly OtelkitMetricsExporterName[] = ['otlp', 'prometheus', 'console', 'none'];
const PROPAGATORS: readonly OtelkitPropagatorName[] = ['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger', 'none'];

const KNOWN_OPTIONS = new Set<keyof OtelkitStartOptions>([
  'serviceName', 'serviceVersion', 'environment', 'resourceAttributes', 'tracesExporter', 'otlp', 'spanExporter',
  'spanProcessors', 'sampler', 'samplerRatio', 'propagators', 'traceContext', 'enabledInstrumentations', 'disabledInstrumentations',
  'instrumentationConfig', 'traceResponseHeader', 'serverTiming', 'ignorePaths', 'ignoreDefaultPaths', 'shutdownTimeoutMs', 'handleSignals', 'esm',
  'healthPort', 'healthHost', 'metricsExporter', 'metricsProfile', 'metricNaming', 'prometheusPort', 'prometheusHost', 'runtimeMetrics',
]);

function checkOptions(options: OtelkitStartOptions): void {
  if (typeof options !== 'object' || options === null) throw invalidOption('options', 'an object', options);
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key as keyof OtelkitStartOptions)) {
      throw new OtelkitError('OTELKIT_ERR_UNKNOWN_OPTION', `start() does not know option "${key}"`);
    }
  }
  const positive = (name: string, value: number | undefined): void => {
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)) throw invalidOption(name, 'a positive number', value);
  };
  positive('shutdownTimeoutMs', options.shutdownTimeoutMs);
  positive('otlp.timeoutMs', options.otlp?.timeoutMs);
  const r = options.samplerRatio;
  if (r !== undefined && (typeof r !== 'number' || !(r >= 0 && r <= 1))) throw invalidOption('samplerRatio', 'a number from 0 to 1', r);
  if (typeof options.sampler === 'string' && !SAMPLERS.includes(options.sampler)) throw invalidOption('sampler', `one of ${SAMPLERS.join(', ')}`, options.sampler);
  const p = options.otlp?.protocol;
  if (p !== undefined && !PROTOCOLS.includes(p)) throw invalidOption('otlp.protocol', `one of ${PROTOCOLS.join(', ')}`, p);
  for (const e of options.tracesExporter ?? []) if (!EXPORTERS.includes(e)) throw invalidOption('tracesExporter', `a list of ${EXPORTERS.join(', ')}`, e);
  for (const e of options.propagators ?? []) {
    if (typeof e === 'string' && !PROPAGATORS.includes(e)) throw invalidOption('propagators', `names from ${PROPAGATORS.join(', ')} or propagator objects`, e);
  }
  const tc = options.traceContext;
  if (tc !== undefined && tc !== 'trust' && tc !== 'edge' && typeof tc !== 'function') throw invalidOption('traceContext', '"trust", "edge" or a function of the request', tc);
  const h = options.traceResponseHeader;
  if (typeof h === 'string' && h !== '' && !HTTP_TOKEN.test(h)) {
    throw new OtelkitError('OTELKIT_ERR_INVALID_HEADER_NAME', `traceResponseHeader ${JSON.stringify(h)} is not a valid header name (${OTELKIT_ERROR_CODES.OTELKIT_ERR_INVALID_HEADER_NAME})`);
  }
  if (options.otlp?.endpoint !== undefined && !URL.canParse(options.otlp.endpoint)) throw invalidOption('otlp.endpoint', 'an absolute URL', options.otlp.endpoint);
  const pp = options.prometheusPort;
  if (pp !== undefined && (typeof pp !== 'number' || !Number.isInteger(pp) || pp < 0 || pp > 65_535)) throw invalidOption('prometheusPort', 'an integer from 0 to 65535', pp);
  if (options.prometheusHost !== undefined && (typeof options.prometheusHost !== 'string' || options.prometheusHost === '')) throw invalidOption('prometheusHost', 'a non-empty string', options.prometheusHost);
  if (options.metricsProfile !== undefined && options.metricsProfile !== 'semconv' && options.metricsProfile !== 'prometheus-classic') throw invalidOption('metricsProfile', '"semconv" or "prometheus-classic"', options.metricsProfile);
  if (options.metricNaming !== undefined) assertMetricNaming(options.metricNaming, 'metricNaming');
  const me = options.metricsExporter;
  if (me !== undefined && (!Array.isArray(me) || (me as unknown[]).some((e) => !(METRICS_EXPORTERS as readonly unknown[]).includes(e)))) throw invalidOption('metricsExporter', `a list of ${METRICS_EXPORTERS.join(', ')}`, me);
  const hp = options.healthPort;
  if (hp !== undefined && (typeof hp !== 'number' || !Number.isInteger(hp) || hp < 0 || hp > 65_535)) throw invalidOption('healthPort', 'an integer from 0 to 65535', hp);
  if (options.healthHost !== undefined && (typeof options.healthHost !== 'string' || options.healthHost === '')) throw invalidOption('healthHost', 'a non-empty string', options.healthHost);
}

/** Per-signal endpoint: the explicit option, else what the environment selects (see @otelkit/core's env/otlp). */
function signalEndpoint(signal: 'TRACES' | 'METRICS' | 'LOGS', protocol: OtelkitOtlpProtocol, explicit: string | undefined): string {
  return explicit ?? otlpEndpointFromEnv(signal, protocol);
}

/**
 * OTLP settings of a signal other than traces: its own variables, then the generic ones. Explicit
 * `otlp` options apply to every signal except the endpoint, which is traces-specific.
 */
export function signalOtlpOptions(signal: 'METRICS' | 'LOGS', options: OtelkitStartOptions = {}): OtelkitResolvedConfig['otlp'] {
  const protocol = options.otlp?.protocol ?? otlpProtocolFromEnv(signal);
  return Object.freeze({
    endpoint: signalEndpoint(signal, protocol, undefined),
    protocol,
    headers: Object.freeze({
      ...getEnvKeyValues('OTEL_EXPORTER_OTLP_HEADERS', 'skip-invalid'),
      ...getEnvKeyValues(`OTEL_EXPORTER_OTLP_${signal}_HEADERS`, 'skip-invalid'),
      ...options.otlp?.headers,
    }),
    timeoutMs: options.otlp?.timeoutMs ?? getEnvNumber(`OTEL_EXPORTER_OTLP_${signal}_TIMEOUT`) ?? (getEnvNumber('OTEL_EXPORTER_OTLP_TIMEOUT') as number),
    compression: options.otlp?.compression
      ?? (getEnvString(`OTEL_EXPORTER_OTLP_${signal}_COMPRESSION`) as 'gzip' | 'none' | undefined)
      ?? (getEnvString('OTEL_EXPORTER_OTLP_COMPRESSION') as 'gzip' | 'none'),
  });
}

/** Names of propagators given as options; objects are kept aside by the caller. */
function propagatorNames(list: OtelkitStartOptions['propagators']): OtelkitPropagatorName[] | undefined {
  if (list === undefined) return undefined;
  return list.filter((p): p is OtelkitPropagatorName => typeof p === 'string');
}

/** Propagator objects passed in options, in order. */
export function customPropagators(options: OtelkitStartOptions): TextMapPropagator[] {
  return (options.propagators ?? []).filter((p): p is TextMapPropagator => typeof p !== 'string');
}

/** Merge options, environment and defaults into one frozen configuration. */
export function normalizeConfig(options: OtelkitStartOptions = {}): OtelkitResolvedConfig {
  checkOptions(options);
  const protocol = options.otlp?.protocol ?? otlpProtocolFromEnv('TRACES');
  const headers = {
    ...getEnvKeyValues('OTEL_EXPORTER_OTLP_HEADERS', 'skip-invalid'),
    ...getEnvKeyValues('OTEL_EXPORTER_OTLP_TRACES_HEADERS', 'skip-invalid'),
    ...options.otlp?.headers,
  };
  const envHeader = getEnvString('OTELKIT_TRACE_RESPONSE_HEADER');
  let traceResponseHeader: string | false = options.traceResponseHeader ?? envHeader ?? 'X-Trace-ID';
  if (traceResponseHeader === '') traceResponseHeader = false;
  else if (traceResponseHeader !== false && !HTTP_TOKEN.test(traceResponseHeader)) {
    // Only reachable from the environment: options were checked above.
    warnOnce(`env:OTELKIT_TRACE_RESPONSE_HEADER:${traceResponseHeader}`, `OTELKIT_TRACE_RESPONSE_HEADER=${JSON.stringify(traceResponseHeader.slice(0, 80))} is invalid (expected an HTTP header name); using the default ("X-Trace-ID").`);
    traceResponseHeader = 'X-Trace-ID';
  }
  const queue = getEnvNumber('OTEL_BSP_MAX_QUEUE_SIZE') as number;
  const attributeLimit = getEnvNumber('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT') as number;
  const countLimit = getEnvNumber('OTEL_ATTRIBUTE_COUNT_LIMIT') as number;
  const sampler = typeof options.sampler === 'string' ? options.sampler : (getEnvString('OTEL_TRACES_SAMPLER') as OtelkitSamplerName);
  const config: OtelkitResolvedConfig = {
    disabled: getEnvBoolean('OTEL_SDK_DISABLED'),
    serviceName: options.serviceName ?? getEnvString('OTEL_SERVICE_NAME'),
    serviceVersion: options.serviceVersion,
    environment: options.environment ?? getEnvString('OTELKIT_DEPLOYMENT_ENVIRONMENT') ?? nonEmpty(process.env['NODE_ENV']),
    tracesExporter: options.tracesExporter ?? (getEnvList('OTEL_TRACES_EXPORTER') as OtelkitTracesExporterName[]),
    otlp: Object.freeze({
      endpoint: signalEndpoint('TRACES', protocol, options.otlp?.endpoint),
      protocol,
      headers: Object.freeze(headers),
      timeoutMs: options.otlp?.timeoutMs ?? getEnvNumber('OTEL_EXPORTER_OTLP_TRACES_TIMEOUT') ?? (getEnvNumber('OTEL_EXPORTER_OTLP_TIMEOUT') as number),
      compression: options.otlp?.compression
        ?? (getEnvString('OTEL_EXPORTER_OTLP_TRACES_COMPRESSION') as 'gzip' | 'none' | undefined)
        ?? (getEnvString('OTEL_EXPORTER_OTLP_COMPRESSION') as 'gzip' | 'none'),
    }),
    sampler: sampler,
    samplerRatio: options.samplerRatio ?? samplerArg(sampler),
    propagators: propagatorNames(options.propagators) ?? (getEnvList('OTEL_PROPAGATORS') as OtelkitPropagatorName[]),
    traceContext: typeof options.traceContext === 'string' ? options.traceContext : (getEnvString('OTELKIT_TRACE_CONTEXT') as OtelkitTraceContextMode),
    resourceDetectors: getEnvList('OTEL_NODE_RESOURCE_DETECTORS') as string[],
    enabledInstrumentations: options.enabledInstrumentations ?? getEnvList('OTEL_NODE_ENABLED_INSTRUMENTATIONS'),
    disabledInstrumentations: options.disabledInstrumentations ?? getEnvList('OTEL_NODE_DISABLED_INSTRUMENTATIONS'),
    traceResponseHeader,
    serverTiming: options.serverTiming ?? getEnvBoolean('OTELKIT_SERVER_TIMING'),
    ignorePaths: Object.freeze([
      ...new Set([
        ...((options.ignoreDefaultPaths ?? getEnvBoolean('OTELKIT_IGNORE_DEFAULT_PATHS')) ? DEFAULT_IGNORE_PATHS : []),
        ...(options.ignorePaths ?? (getEnvList('OTELKIT_IGNORE_PATHS') as string[])),
      ]),
    ]),
    redactedQueryParams: Object.freeze([...new Set([...DEFAULT_REDACTED_QUERY_PARAMS, ...(getEnvList('OTELKIT_REDACT_QUERY_PARAMS') as string[])])]),
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? (getEnvNumber('OTELKIT_SHUTDOWN_TIMEOUT') as number),
    handleSignals: options.handleSignals ?? true,
    esm: options.esm ?? true,
    metrics: Object.freeze({
      exporters: Object.freeze([...(options.metricsExporter ?? (getEnvList('OTEL_METRICS_EXPORTER') as OtelkitMetricsExporterName[]))]),
      profile: options.metricsProfile ?? (getEnvString('OTELKIT_METRICS_PROFILE') as 'semconv' | 'prometheus-classic'),
      naming: options.metricNaming === undefined ? readMetricNaming() : assertMetricNaming(options.metricNaming, 'metricNaming'),
      cardinalityLimit: getEnvNumber('OTELKIT_METRICS_CARDINALITY_LIMIT') as number,
      runtime: options.runtimeMetrics ?? getEnvBoolean('OTELKIT_RUNTIME_METRICS'),
      prometheusHost: options.prometheusHost ?? (getEnvString('OTEL_EXPORTER_PROMETHEUS_HOST') as string),
      prometheusPort: options.prometheusPort ?? (getEnvNumber('OTEL_EXPORTER_PROMETHEUS_PORT') as number),
      exportIntervalMs: getEnvNumber('OTEL_METRIC_EXPORT_INTERVAL') as number,
      exportTimeoutMs: getEnvNumber('OTEL_METRIC_EXPORT_TIMEOUT') as number,
      temporality: getEnvString('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE') as 'cumulative' | 'delta' | 'lowmemory',
      otlp: signalOtlpOptions('METRICS', options),
    }),
    healthPort: options.healthPort ?? getEnvNumber('OTELKIT_HEALTH_PORT'),
    healthHost: options.healthHost ?? (getEnvString('OTELKIT_HEALTH_HOST') as string),
    healthSettings: Object.freeze({
      cacheMs: getEnvNumber('OTELKIT_HEALTH_CACHE') as number,
      eventLoopDelayMaxMs: getEnvNumber('OTELKIT_HEALTH_EVENT_LOOP_DELAY_MAX') as number,
      diskPath: getEnvString('OTELKIT_HEALTH_DISK_PATH') || undefined,
      memoryWarnRatio: getEnvNumber('OTELKIT_HEALTH_MEMORY_WARN_RATIO') as number,
      diskWarnRatio: getEnvNumber('OTELKIT_HEALTH_DISK_WARN_RATIO') as number,
    }),
    batch: Object.freeze({
      scheduledDelayMillis: getEnvNumber('OTEL_BSP_SCHEDULE_DELAY') as number,
      exportTimeoutMillis: getEnvNumber('OTEL_BSP_EXPORT_TIMEOUT') as number,
      maxQueueSize: queue,
      // The spec requires batch ≤ queue; clamp instead of failing.
      maxExportBatchSize: Math.min(getEnvNumber('OTEL_BSP_MAX_EXPORT_BATCH_SIZE') as number, queue),
    }),
    spanLimits: Object.freeze({
      attributeValueLengthLimit: getEnvNumber('OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT') ?? attributeLimit,
      attributeCountLimit: getEnvNumber('OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT') ?? countLimit,
      eventCountLimit: getEnvNumber('OTEL_SPAN_EVENT_COUNT_LIMIT') as number,
      linkCountLimit: getEnvNumber('OTEL_SPAN_LINK_COUNT_LIMIT') as number,
      attributePerEventCountLimit: getEnvNumber('OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT') as number,
      attributePerLinkCountLimit: getEnvNumber('OTEL_LINK_ATTRIBUTE_COUNT_LIMIT') as number,
    }),
  };
  return Object.freeze(config);
}

/** OTEL_TRACES_SAMPLER_ARG only means something for the ratio samplers; read it only then. */
function samplerArg(sampler: OtelkitSamplerName): number {
  if (sampler !== 'traceidratio' && sampler !== 'parentbased_traceidratio') return 1;
  return getEnvNumber('OTEL_TRACES_SAMPLER_ARG') as number;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
