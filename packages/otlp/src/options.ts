/**
 * The settings the export path takes, resolved by its caller (in @otelkit/node, from options, the
 * declarative config file or the environment). Plain shapes, so that the caller's own resolved
 * configuration fits them as it is.
 */
import type { BatchSettings } from './counting-batch-processor.js';

/** OTLP transport, as in OTEL_EXPORTER_OTLP_PROTOCOL. */
export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';

/** Where and how one signal is sent. */
export interface OtlpExportOptions {
  /** Full URL (for HTTP, with the signal's path, e.g. `/v1/traces`). */
  readonly endpoint: string;
  readonly protocol: OtlpProtocol;
  /** Request headers (gRPC metadata), already validated. */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly compression: 'gzip' | 'none';
}

/** What createSpanProcessors reads: the trace exporters by name, their OTLP settings and the batch limits. */
export interface SpanExportConfig {
  readonly tracesExporter: readonly string[];
  readonly otlp: OtlpExportOptions;
  readonly batch: Readonly<BatchSettings>;
}
