/**
 * The export path of @otelkit/node: span processors and exporters for the configured trace
 * exporters, the OTLP/HTTP exporter the metrics and log pipelines share, the export state that
 * shutdown and exit use, and the counters behind `/status` and the `otel.sdk.*` self-metrics.
 */
export { createSpanProcessors, otlpHttpSignalExporter, type ItemExporter, type OtlpExportResult } from './exporters.js';
export { CountingBatchSpanProcessor, type BatchSettings } from './counting-batch-processor.js';
export { consoleExporterType, customExporterType, otlpExporterType, type ExportedItem } from './component-type.js';
export { abandonExports, resetExportState, stopExportRetries } from './export-state.js';
export {
  CountedQueue,
  exportErrorType,
  exporterState,
  pipelineStats,
  queueLength,
  recordDelivered,
  recordDropped,
  recordExported,
  recordFailed,
  registerQueue,
  resetPipelineStats,
  signalStats,
  type ExporterStats,
  type PipelineSignal,
  type SignalStats,
} from './stats.js';
export type { OtlpExportOptions, OtlpProtocol, SpanExportConfig } from './options.js';
export { grpcExporter } from './grpc.js';
