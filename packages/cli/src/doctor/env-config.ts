/**
 * The effective configuration that the environment gives, read with the very readers the SDK
 * uses (so the doctor and the app agree on every default and every rejected value), with the
 * source of each value and the readers' warnings turned into checks.
 */
import {
  OTELKIT_ENV_DEFINITIONS,
  findUnknownEnvVariables,
  knownEnvNames,
  getEnvBoolean,
  getEnvEndpoint,
  getEnvKeyValues,
  getEnvList,
  getEnvNumber,
  getEnvString,
  missingSchemeFix,
  otlpProtocolFromEnv,
  resetDiagRateLimit,
  setDiagSink,
  type OtelkitEnvDefinition,
  type OtelkitEnvSource,
} from '@otelkit/core';
import type { ConfigValue, DoctorCheck } from './report.js';
import { displayUrl, redactHeaders } from './redact.js';

type GrpcSignals = Readonly<Record<'TRACES' | 'METRICS' | 'LOGS', boolean>>;

/** The value a row gives under `env`, as the SDK reads it. */
function readRow(def: OtelkitEnvDefinition, env: OtelkitEnvSource, grpc: GrpcSignals): unknown {
  switch (def.type) {
    case 'boolean':
      return getEnvBoolean(def.name, env);
    case 'integer':
    case 'duration':
    case 'ratio':
      return getEnvNumber(def.name, env);
    case 'list':
    case 'enum-list':
      return getEnvList(def.name, env);
    case 'key-value-list':
      return getEnvKeyValues(def.name, def.name === 'OTEL_RESOURCE_ATTRIBUTES' ? 'all-or-nothing' : 'skip-invalid', env);
    case 'url': {
      // gRPC targets may be host:port; the signal's protocol decides, as in the SDK.
      const signal = /^OTEL_EXPORTER_OTLP_(TRACES|METRICS|LOGS)_/.exec(def.name)?.[1] as keyof GrpcSignals | undefined;
      return getEnvEndpoint(def.name, grpc[signal ?? 'TRACES'], env);
    }
    default:
      return getEnvString(def.name, env);
  }
}

function redact(def: OtelkitEnvDefinition, value: unknown): unknown {
  if (def.type === 'key-value-list' && def.name.endsWith('_HEADERS')) return redactHeaders(value as Record<string, string>);
  if (def.type === 'url' && typeof value === 'string') return displayUrl(value);
  return value;
}

/**
 * Run `read` with otelkit's diagnostics captured instead of printed. The level filter reads
 * OTEL_LOG_LEVEL from this process, which is the environment under examination: `none` there
 * must not hide its own problems from the doctor, so it is lifted while reading.
 */
function capture<T>(read: () => T): { value: T; lines: string[] } {
  const lines: string[] = [];
  resetDiagRateLimit();
  const previous = setDiagSink((_level, line) => void lines.push(line.replace(/^otelkit [A-Z]+ /, '')));
  const level = process.env['OTEL_LOG_LEVEL'];
  process.env['OTEL_LOG_LEVEL'] = 'all';
  try {
    return { value: read(), lines };
  } finally {
    if (level === undefined) delete process.env['OTEL_LOG_LEVEL'];
    else process.env['OTEL_LOG_LEVEL'] = level;
    setDiagSink(previous);
  }
}

/** Effective values of every variable of the table, and the problems of the ones set. */
export function readEnvConfig(env: OtelkitEnvSource, fromFile?: ReadonlySet<string>): { values: ConfigValue[]; checks: DoctorCheck[] } {
  const values: ConfigValue[] = [];
  const checks: DoctorCheck[] = [];
  // The protocol rows report their own problems; here they only decide which endpoints may be host:port.
  const grpc = capture(() => ({
    TRACES: otlpProtocolFromEnv('TRACES', env) === 'grpc',
    METRICS: otlpProtocolFromEnv('METRICS', env) === 'grpc',
    LOGS: otlpProtocolFromEnv('LOGS', env) === 'grpc',
  })).value;
  for (const def of OTELKIT_ENV_DEFINITIONS) {
    const raw = env[def.name];
    const set = raw !== undefined && (raw.trim() !== '' || def.emptyMeans === 'off');
    const { value, lines } = capture(() => readRow(def, env, grpc));
    // A rejected value leaves the default in effect: say so rather than crediting the variable.
    const rejected = lines.length > 0 && JSON.stringify(value) === JSON.stringify(capture(() => readRow(def, {}, grpc)).value);
    values.push({ name: def.name, value: redact(def, value), source: !set || rejected ? 'default' : fromFile?.has(def.name) === true ? 'file' : 'env' });
    for (const line of lines) {
      const fix = def.type === 'url' && raw !== undefined ? missingSchemeFix(raw) : undefined;
      checks.push({ section: 'environment', status: 'fail', message: line, ...(fix === undefined ? {} : { fix: `${def.name}=${fix}` }) });
    }
  }
  for (const { name, suggestion } of findUnknownEnvVariables(env)) {
    checks.push({
      section: 'environment',
      status: suggestion === undefined && !name.startsWith('OTELKIT_') ? 'warn' : 'fail',
      message: `${name} is not a variable otelkit or OpenTelemetry knows; it is ignored`,
      ...(suggestion === undefined ? {} : { fix: `did you mean ${suggestion}?` }),
    });
  }
  // Specification variables otelkit does not read (OTEL_EXPORTER_ZIPKIN_ENDPOINT, ...): set for nothing.
  // Left out: what is read outside the table (the semconv opt-in by instrumentations, a signal's
  // *_INSECURE by the gRPC export), and the operator's OTEL_RESOURCE_ATTRIBUTES_* and *_IP, which only
  // feed OTEL_RESOURCE_ATTRIBUTES.
  const table = new Set(OTELKIT_ENV_DEFINITIONS.map((d) => d.name));
  const readElsewhere = /^OTEL_(CONFIG_FILE$|SEMCONV_STABILITY_OPT_IN$|EXPORTER_OTLP_\w*INSECURE$|RESOURCE_ATTRIBUTES_|NODE_IP$|POD_IP$)/;
  for (const name of Object.keys(env).sort()) {
    if (!knownEnvNames().has(name) || table.has(name) || readElsewhere.test(name)) continue;
    checks.push({ section: 'environment', status: 'warn', message: `${name} is an OpenTelemetry variable that otelkit does not read; it has no effect` });
  }
  return { values, checks };
}
