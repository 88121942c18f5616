/**
 * The effective configuration as a declarative configuration document (file_format 1.1), the
 * reverse of to-env.ts: `otelkit config print` writes it so a user can start a file from what runs
 * today, and loading the printed file gives the same effective configuration. Credentials in
 * exporter headers are replaced by `[REDACTED]`; tenant ids such as X-Scope-OrgID are kept.
 */
import {
  OTELKIT_ENV_DEFINITIONS,
  getEnvBoolean,
  getEnvKeyValues,
  getEnvList,
  getEnvNumber,
  getEnvString,
  otlpEndpointFromEnv,
  otlpProtocolFromEnv,
} from '@otelkit/core';
import type { OtelkitVariables } from './apply.js';

type Obj = Record<string, unknown>;
type Signal = 'TRACES' | 'METRICS' | 'LOGS';

/** Header names whose values are credentials. */
const CREDENTIAL = /authorization|api[-_]?key|token|secret|password|passwd|cookie|signature|credential/i;
// Read before a file can be, or written to a standard field instead.
const NOT_IN_DISTRIBUTION = new Set(['OTELKIT_COMPILE_CACHE', 'OTELKIT_REDACT_QUERY_PARAMS']);
const LOG_LEVELS: Readonly<Record<string, string>> = { none: 'fatal', error: 'error', warn: 'warn', info: 'info', debug: 'debug', verbose: 'trace', all: 'trace' };
const DETECTORS: Readonly<Record<string, string>> = { container: 'container', host: 'host', process: 'process', serviceinstance: 'service', os: 'os' };

function otlpExporter(signal: Signal, env: OtelkitVariables): Obj {
  const protocol = otlpProtocolFromEnv(signal, env);
  const headers = {
    ...getEnvKeyValues('OTEL_EXPORTER_OTLP_HEADERS', 'skip-invalid', env),
    ...getEnvKeyValues(`OTEL_EXPORTER_OTLP_${signal}_HEADERS`, 'skip-invalid', env),
  };
  const pick = (suffix: string): string | undefined => getEnvString(`OTEL_EXPORTER_OTLP_${signal}_${suffix}`, env) ?? getEnvString(`OTEL_EXPORTER_OTLP_${suffix}`, env);
  const tls: Obj = {};
  for (const [key, suffix] of [['ca_file', 'CERTIFICATE'], ['key_file', 'CLIENT_KEY'], ['cert_file', 'CLIENT_CERTIFICATE']] as const) {
    const value = pick(suffix);
    if (value !== undefined) tls[key] = value;
  }
  if (protocol === 'grpc' && getEnvBoolean('OTEL_EXPORTER_OTLP_INSECURE', env)) tls['insecure'] = true;
  const out: Obj = { endpoint: otlpEndpointFromEnv(signal, protocol, env) };
  if (protocol !== 'grpc') out['encoding'] = protocol === 'http/json' ? 'json' : 'protobuf';
  const names = Object.keys(headers);
  if (names.length > 0) out['headers'] = names.map((name) => ({ name, value: CREDENTIAL.test(name) ? '[REDACTED]' : headers[name] }));
  out['timeout'] = getEnvNumber(`OTEL_EXPORTER_OTLP_${signal}_TIMEOUT`, env) ?? getEnvNumber('OTEL_EXPORTER_OTLP_TIMEOUT', env);
  out['compression'] = pick('COMPRESSION');
  if (Object.keys(tls).length > 0) out['tls'] = tls;
  if (signal === 'METRICS') {
    const t = getEnvString('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', env);
    out['temporality_preference'] = t === 'lowmemory' ? 'low_memory' : t;
  }
  return { [protocol === 'grpc' ? 'otlp_grpc' : 'otlp_http']: out };
}

function batchSettings(prefix: 'OTEL_BSP' | 'OTEL_BLRP', env: OtelkitVariables): Obj {
  return {
    schedule_delay: getEnvNumber(`${prefix}_SCHEDULE_DELAY`, env),
    export_timeout: getEnvNumber(`${prefix}_EXPORT_TIMEOUT`, env),
    max_queue_size: getEnvNumber(`${prefix}_MAX_QUEUE_SIZE`, env),
    max_export_batch_size: getEnvNumber(`${prefix}_MAX_EXPORT_BATCH_SIZE`, env),
  };
}

/** Batch processors of traces or logs: the first carries the batch settings, console gets its own. */
function processors(exporters: readonly string[], signal: 'TRACES' | 'LOGS', env: OtelkitVariables): Obj[] {
  const settings = batchSettings(signal === 'TRACES' ? 'OTEL_BSP' : 'OTEL_BLRP', env);
  const out: Obj[] = [];
  if (exporters.includes('otlp')) out.push({ batch: { ...settings, exporter: otlpExporter(signal, env) } });
  if (exporters.includes('console')) out.push({ batch: { ...(out.length === 0 ? settings : {}), exporter: { console: null } } });
  return out;
}

function sampler(env: OtelkitVariables): Obj {
  const name = getEnvString('OTEL_TRACES_SAMPLER', env) as string;
  const base = name.replace(/^parentbased_/, '');
  const root = base === 'traceidratio' ? { trace_id_ratio_based: { ratio: getEnvNumber('OTEL_TRACES_SAMPLER_ARG', env) } } : { [base]: null };
  return name.startsWith('parentbased_') ? { parent_based: { root } } : root;
}

function resource(env: OtelkitVariables): Obj {
  const attributes = getEnvKeyValues('OTEL_RESOURCE_ATTRIBUTES', 'all-or-nothing', env);
  const service = getEnvString('OTEL_SERVICE_NAME', env);
  const list = Object.entries({ ...attributes, ...(service === undefined ? {} : { 'service.name': service }) }).map(([name, value]) => ({ name, value }));
  const detectors = (getEnvList('OTEL_NODE_RESOURCE_DETECTORS', env) ?? []).flatMap((d) => (DETECTORS[d] === undefined ? [] : [{ [DETECTORS[d]]: null }]));
  const out: Obj = {};
  if (list.length > 0) out['attributes'] = list;
  out['detection/development'] = { detectors };
  return out;
}

function distribution(env: OtelkitVariables): Obj {
  const out: Obj = {};
  for (const def of OTELKIT_ENV_DEFINITIONS) {
    if (!def.name.startsWith('OTELKIT_') || NOT_IN_DISTRIBUTION.has(def.name)) continue;
    const key = def.name.slice('OTELKIT_'.length).toLowerCase();
    let value: unknown;
    if (def.type === 'boolean') value = getEnvBoolean(def.name, env);
    else if (def.type === 'integer' || def.type === 'duration' || def.type === 'ratio') value = getEnvNumber(def.name, env);
    else if (def.type === 'list' || def.type === 'enum-list') value = getEnvList(def.name, env);
    else value = getEnvString(def.name, env);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The configuration `env` gives, as a file_format 1.1 document (plain data, ready for YAML). */
export function effectiveConfigModel(env: OtelkitVariables): Obj {
  const doc: Obj = { file_format: '1.1', disabled: getEnvBoolean('OTEL_SDK_DISABLED', env) };
  const level = env['OTEL_LOG_LEVEL'] === undefined ? undefined : getEnvString('OTEL_LOG_LEVEL', env);
  if (level !== undefined) doc['log_level'] = LOG_LEVELS[level];
  doc['attribute_limits'] = {
    attribute_value_length_limit: getEnvNumber('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', env),
    attribute_count_limit: getEnvNumber('OTEL_ATTRIBUTE_COUNT_LIMIT', env),
  };
  doc['resource'] = resource(env);
  const propagators = (getEnvList('OTEL_PROPAGATORS', env) ?? []).filter((p) => p !== 'none');
  if (propagators.length > 0) doc['propagator'] = { composite: propagators.map((p) => ({ [p]: null })) };
  const traces = getEnvList('OTEL_TRACES_EXPORTER', env) ?? [];
  if (!traces.every((e) => e === 'none')) {
    const limits: Obj = {
      attribute_value_length_limit: getEnvNumber('OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', env),
      attribute_count_limit: getEnvNumber('OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', env),
      event_count_limit: getEnvNumber('OTEL_SPAN_EVENT_COUNT_LIMIT', env),
      link_count_limit: getEnvNumber('OTEL_SPAN_LINK_COUNT_LIMIT', env),
      event_attribute_count_limit: getEnvNumber('OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT', env),
      link_attribute_count_limit: getEnvNumber('OTEL_LINK_ATTRIBUTE_COUNT_LIMIT', env),
    };
    doc['tracer_provider'] = { processors: processors(traces, 'TRACES', env), limits, sampler: sampler(env) };
  }
  const metrics = getEnvList('OTEL_METRICS_EXPORTER', env) ?? [];
  const readers: Obj[] = [];
  const periodic = { interval: getEnvNumber('OTEL_METRIC_EXPORT_INTERVAL', env), timeout: getEnvNumber('OTEL_METRIC_EXPORT_TIMEOUT', env) };
  if (metrics.includes('otlp')) readers.push({ periodic: { ...periodic, exporter: otlpExporter('METRICS', env) } });
  if (metrics.includes('console')) readers.push({ periodic: { ...(readers.length === 0 ? periodic : {}), exporter: { console: null } } });
  if (metrics.includes('prometheus')) {
    readers.push({ pull: { exporter: { 'prometheus/development': { host: getEnvString('OTEL_EXPORTER_PROMETHEUS_HOST', env), port: getEnvNumber('OTEL_EXPORTER_PROMETHEUS_PORT', env) } } } });
  }
  if (readers.length > 0) doc['meter_provider'] = { readers };
  const logs = getEnvList('OTEL_LOGS_EXPORTER', env) ?? [];
  if (!logs.every((e) => e === 'none')) {
    doc['logger_provider'] = {
      processors: processors(logs, 'LOGS', env),
      limits: {
        attribute_value_length_limit: getEnvNumber('OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT', env),
        attribute_count_limit: getEnvNumber('OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT', env),
      },
    };
  }
  const js: Obj = {};
  for (const name of getEnvList('OTEL_NODE_ENABLED_INSTRUMENTATIONS', env) ?? []) js[name] = { enabled: true };
  for (const name of getEnvList('OTEL_NODE_DISABLED_INSTRUMENTATIONS', env) ?? []) js[name] = { enabled: false };
  const sensitive = getEnvList('OTELKIT_REDACT_QUERY_PARAMS', env) ?? [];
  const instrumentation: Obj = {};
  if (sensitive.length > 0) instrumentation['general'] = { sanitization: { url: { sensitive_query_parameters: sensitive } } };
  if (Object.keys(js).length > 0) instrumentation['js'] = js;
  if (Object.keys(instrumentation).length > 0) doc['instrumentation/development'] = instrumentation;
  doc['distribution'] = { otelkit: distribution(env) };
  return dropUndefined(doc) as Obj;
}

/** YAML has no undefined: leave such keys out. */
function dropUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropUndefined);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, dropUndefined(v)]));
}
