/**
 * The upstream OTLP/gRPC exporters, one per signal, loaded only when a signal is set to grpc:
 * @grpc/grpc-js is large and most users send over HTTP. They are not bundled: resolved at run time
 * from the package that bundles this code (@otelkit/node), as is the @grpc/grpc-js they use.
 *
 * Upstream fills whatever its options leave out from the process environment (headers, TLS
 * credentials), which would leak OTEL_* variables into an export configured by a declarative file.
 * So every option comes from otelkit's resolved settings, which already reflect the environment
 * when no file is in use.
 */
import { createRequire } from 'node:module';
import { activeEnv, getEnvBoolean } from '@otelkit/core';
import type { OtlpExportOptions } from './options.js';
import { readOtlpTlsFiles, type OtlpSignal } from './tls-files.js';

const GRPC_EXPORTERS = {
  traces: ['@opentelemetry/exporter-trace-otlp-grpc', 'OTLPTraceExporter', 'TRACES'],
  metrics: ['@opentelemetry/exporter-metrics-otlp-grpc', 'OTLPMetricExporter', 'METRICS'],
  logs: ['@opentelemetry/exporter-logs-otlp-grpc', 'OTLPLogExporter', 'LOGS'],
} as const;

interface GrpcJs {
  Metadata: new () => { set(key: string, value: string): void };
  credentials: {
    createInsecure(): unknown;
    createSsl(rootCerts?: Buffer | null, privateKey?: Buffer | null, certChain?: Buffer | null): unknown;
  };
}

/**
 * The signal's upstream gRPC exporter, configured from otelkit's resolved settings only (headers
 * become metadata). `extra` adds signal-specific options. Throws when the package can't be loaded.
 */
export function grpcExporter<E>(signal: keyof typeof GRPC_EXPORTERS, otlp: OtlpExportOptions, extra: Record<string, unknown> = {}): E {
  const [packageName, className, envSignal] = GRPC_EXPORTERS[signal];
  const req = createRequire(__filename);
  const Exporter = (req(packageName) as Record<string, new (config: Record<string, unknown>) => E>)[className]!;
  // Metadata and credentials from the exporter's own copy of @grpc/grpc-js, the classes it expects.
  const grpc = req(req.resolve('@grpc/grpc-js', { paths: [req.resolve(packageName)] })) as GrpcJs;
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(otlp.headers)) metadata.set(key, value);
  const credentials = grpcCredentials(grpc, envSignal, otlp.endpoint);
  return withoutProcessHeaders(envSignal, () => new Exporter({ url: otlp.endpoint, metadata, credentials, timeoutMillis: otlp.timeoutMs, compression: otlp.compression, ...extra }));
}

/**
 * As the specification has it: plaintext for http://, TLS for https://, and for a target without a
 * scheme the insecure flag decides. The flag and the TLS files are read from otelkit's active
 * source (the file's view when OTEL_CONFIG_FILE is set), never from the process directly.
 */
function grpcCredentials(grpc: GrpcJs, signal: OtlpSignal, endpoint: string): unknown {
  if (/^http:/i.test(endpoint)) return grpc.credentials.createInsecure();
  if (!/^https:/i.test(endpoint) && insecureFlag(signal)) return grpc.credentials.createInsecure();
  const { ca, key, cert } = readOtlpTlsFiles(signal);
  // grpc-js takes a client key only with its certificate chain.
  return key !== undefined && cert !== undefined ? grpc.credentials.createSsl(ca ?? null, key, cert) : grpc.credentials.createSsl(ca ?? null);
}

/** The signal's own variable (outside otelkit's table, read as upstream reads it), else the generic one. */
function insecureFlag(signal: OtlpSignal): boolean {
  const specific = activeEnv()[`OTEL_EXPORTER_OTLP_${signal}_INSECURE`]?.trim().toLowerCase();
  return specific !== undefined && specific !== '' ? specific === 'true' : getEnvBoolean('OTEL_EXPORTER_OTLP_INSECURE');
}

/**
 * Upstream adds OTEL_EXPORTER_OTLP_HEADERS and the signal's _HEADERS to the metadata for every key
 * the given metadata lacks, and has no option to turn that off. It reads them once, in the
 * constructor, so they are hidden for that synchronous call and put back right after. The headers
 * otelkit resolved (from the environment when no file is in use) are already in `metadata`.
 */
function withoutProcessHeaders<T>(signal: OtlpSignal, construct: () => T): T {
  const names = ['OTEL_EXPORTER_OTLP_HEADERS', `OTEL_EXPORTER_OTLP_${signal}_HEADERS`];
  const saved = names.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]!] as const);
  for (const [name] of saved) delete process.env[name];
  try {
    return construct();
  } finally {
    for (const [name, value] of saved) process.env[name] = value;
  }
}
