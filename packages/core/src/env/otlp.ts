/**
 * Which OTLP endpoint and protocol the environment selects for each signal: the signal's own
 * variable, then the generic one, then the default. Shared by the SDK wiring and `otelkit doctor`,
 * so the doctor probes exactly the URL the exporters will use.
 */
import { getEnvEndpoint, getEnvString, type OtelkitEnvSource } from './read.js';
import { activeEnv } from './source.js';

/** A signal as spelled in the OTLP variable names. */
export type OtelkitOtlpSignal = 'TRACES' | 'METRICS' | 'LOGS';
/** The OTLP transports of the specification. */
export type OtelkitOtlpProtocolName = 'http/protobuf' | 'http/json' | 'grpc';

/** OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL, else `http/protobuf`. */
export function otlpProtocolFromEnv(signal: OtelkitOtlpSignal, env: OtelkitEnvSource = activeEnv()): OtelkitOtlpProtocolName {
  return (getEnvString(`OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`, env) ?? getEnvString('OTEL_EXPORTER_OTLP_PROTOCOL', env)) as OtelkitOtlpProtocolName;
}

/**
 * The signal's endpoint: its own variable as is, else the generic base plus `v1/<signal>` (HTTP) or
 * the base itself (gRPC), else localhost on the protocol's default port.
 */
export function otlpEndpointFromEnv(signal: OtelkitOtlpSignal, protocol: OtelkitOtlpProtocolName, env: OtelkitEnvSource = activeEnv()): string {
  const grpc = protocol === 'grpc';
  const own = getEnvEndpoint(`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`, grpc, env);
  if (own !== undefined) return own;
  const base = getEnvEndpoint('OTEL_EXPORTER_OTLP_ENDPOINT', grpc, env);
  if (grpc) return base ?? 'http://localhost:4317';
  const path = `v1/${signal.toLowerCase()}`;
  if (base === undefined) return `http://localhost:4318/${path}`;
  return `${base.endsWith('/') ? base : `${base}/`}${path}`;
}
