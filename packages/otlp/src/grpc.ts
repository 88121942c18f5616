/**
 * The upstream OTLP/gRPC exporters, one per signal, loaded only when a signal is set to grpc:
 * @grpc/grpc-js is large and most users send over HTTP. They are not bundled: resolved at run time
 * from the package that bundles this code (@otelkit/node), as is the @grpc/grpc-js they use.
 */
import { createRequire } from 'node:module';
import type { OtlpExportOptions } from './options.js';

const GRPC_EXPORTERS = {
  traces: ['@opentelemetry/exporter-trace-otlp-grpc', 'OTLPTraceExporter'],
  metrics: ['@opentelemetry/exporter-metrics-otlp-grpc', 'OTLPMetricExporter'],
  logs: ['@opentelemetry/exporter-logs-otlp-grpc', 'OTLPLogExporter'],
} as const;

type Metadata = new () => { set(key: string, value: string): void };

/**
 * The signal's upstream gRPC exporter, configured from otelkit's resolved settings only (headers
 * become metadata). `extra` adds signal-specific options. Throws when the package can't be loaded.
 */
export function grpcExporter<E>(signal: keyof typeof GRPC_EXPORTERS, otlp: OtlpExportOptions, extra: Record<string, unknown> = {}): E {
  const [packageName, className] = GRPC_EXPORTERS[signal];
  const req = createRequire(__filename);
  const Exporter = (req(packageName) as Record<string, new (config: Record<string, unknown>) => E>)[className]!;
  // Metadata from the exporter's own copy of @grpc/grpc-js, the class it expects.
  const { Metadata } = req(req.resolve('@grpc/grpc-js', { paths: [req.resolve(packageName)] })) as { Metadata: Metadata };
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(otlp.headers)) metadata.set(key, value);
  return new Exporter({ url: otlp.endpoint, metadata, timeoutMillis: otlp.timeoutMs, compression: otlp.compression, ...extra });
}
