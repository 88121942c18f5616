/**
 * `otel.component.type` of each exporter, for the `otel.sdk.*` self-metrics and `/status`. The OTLP
 * values are the ones the semantic conventions define; they define none for the console exporters,
 * and then ask for the type's own name, so those carry the upstream class names.
 */
import type { OtlpProtocol } from './options.js';

/** What an exporter sends: the item word of the semantic conventions' `*_exporter` values. */
export type ExportedItem = 'span' | 'metric' | 'log';

const CONSOLE: Readonly<Record<ExportedItem, string>> = { span: 'ConsoleSpanExporter', metric: 'ConsoleMetricExporter', log: 'ConsoleLogRecordExporter' };
const OTLP_TRANSPORT: Readonly<Record<OtlpProtocol, string>> = { 'http/protobuf': 'otlp_http', 'http/json': 'otlp_http_json', grpc: 'otlp_grpc' };

/** `otlp_http_span_exporter`, `otlp_http_json_log_exporter`, `otlp_grpc_metric_exporter`, ... */
export function otlpExporterType(item: ExportedItem, protocol: OtlpProtocol): string {
  return `${OTLP_TRANSPORT[protocol] ?? 'otlp_http'}_${item}_exporter`;
}

/** `ConsoleSpanExporter`, `ConsoleMetricExporter` or `ConsoleLogRecordExporter`. */
export function consoleExporterType(item: ExportedItem): string {
  return CONSOLE[item];
}

/** An app's own exporter: its class name, as the conventions ask for types they do not define. */
export function customExporterType(exporter: object, item: ExportedItem): string {
  const name = (exporter as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? name : `${item}_exporter`;
}
