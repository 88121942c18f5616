/**
 * Where each value of the `/status` config section came from: a start() option (`code`), the
 * configuration file of OTEL_CONFIG_FILE (`file`), an environment variable (`env`), or otelkit's default. Computed inside the app, with the app's own
 * environment, so `otelkit doctor --url` can tell values set in code from the rest.
 */
import { configFileEnv } from '@otelkit/core';
import type { OtelkitStartOptions } from '../types.js';

/** Origin of one effective setting. */
export type OtelkitConfigSource = 'code' | 'file' | 'env' | 'default';

type Row = readonly [key: string, option: (o: OtelkitStartOptions) => unknown, env: readonly string[]];

const otlpEnv = (key: string): string[] => [`OTEL_EXPORTER_OTLP_TRACES_${key}`, `OTEL_EXPORTER_OTLP_${key}`];

const ROWS: readonly Row[] = [
  ['serviceName', (o) => o.serviceName, ['OTEL_SERVICE_NAME']],
  ['serviceVersion', (o) => o.serviceVersion, []],
  ['environment', (o) => o.environment, ['OTELKIT_DEPLOYMENT_ENVIRONMENT', 'NODE_ENV']],
  ['tracesExporter', (o) => o.tracesExporter ?? o.spanExporter, ['OTEL_TRACES_EXPORTER']],
  ['otlp.endpoint', (o) => o.otlp?.endpoint, otlpEnv('ENDPOINT')],
  ['otlp.protocol', (o) => o.otlp?.protocol, otlpEnv('PROTOCOL')],
  ['otlp.compression', (o) => o.otlp?.compression, otlpEnv('COMPRESSION')],
  ['otlp.timeoutMs', (o) => o.otlp?.timeoutMs, otlpEnv('TIMEOUT')],
  ['otlp.headers', (o) => o.otlp?.headers, otlpEnv('HEADERS')],
  ['sampler', (o) => o.sampler, ['OTEL_TRACES_SAMPLER']],
  ['samplerRatio', (o) => o.samplerRatio, ['OTEL_TRACES_SAMPLER_ARG']],
  ['propagators', (o) => o.propagators, ['OTEL_PROPAGATORS']],
  ['enabledInstrumentations', (o) => o.enabledInstrumentations, ['OTEL_NODE_ENABLED_INSTRUMENTATIONS']],
  ['disabledInstrumentations', (o) => o.disabledInstrumentations, ['OTEL_NODE_DISABLED_INSTRUMENTATIONS']],
  ['traceResponseHeader', (o) => o.traceResponseHeader, ['OTELKIT_TRACE_RESPONSE_HEADER']],
  ['serverTiming', (o) => o.serverTiming, ['OTELKIT_SERVER_TIMING']],
  ['ignorePaths', (o) => o.ignorePaths ?? o.ignoreDefaultPaths, ['OTELKIT_IGNORE_PATHS', 'OTELKIT_IGNORE_DEFAULT_PATHS']],
  ['shutdownTimeoutMs', (o) => o.shutdownTimeoutMs, ['OTELKIT_SHUTDOWN_TIMEOUT']],
  ['health.port', (o) => o.healthPort, ['OTELKIT_HEALTH_PORT']],
  ['health.host', (o) => o.healthHost, ['OTELKIT_HEALTH_HOST']],
];

/** The origin of every key of the config summary (dotted paths for nested ones). */
export function configSources(options: OtelkitStartOptions, env: Readonly<Record<string, string | undefined>> = configFileEnv()?.env ?? process.env): Record<string, OtelkitConfigSource> {
  const out: Record<string, OtelkitConfigSource> = {};
  const fromFile = configFileEnv()?.fromFile;
  const set = (name: string): boolean => (env[name] ?? '').trim() !== '';
  for (const [key, option, names] of ROWS) {
    if (option(options) !== undefined) out[key] = 'code';
    else if (fromFile !== undefined && names.some((name) => fromFile.has(name) && set(name))) out[key] = 'file';
    else out[key] = names.some(set) ? 'env' : 'default';
  }
  return out;
}
