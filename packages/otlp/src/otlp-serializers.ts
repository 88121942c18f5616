/**
 * The upstream OTLP serializers for metrics and logs (and traces over http/json), bundled into the
 * preload from their ES modules and initialised only when exporters.ts first requires this file.
 * Loaded from the installed package instead, they cost ~135 ms of module loading (a second metrics
 * SDK among ~300 files) at the first metrics export, a minute into the process's life.
 */
export {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  JsonTraceSerializer,
  LogsExporterMetricsHelper,
  MetricsExporterMetricsHelper,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  TraceExporterMetricsHelper,
} from '@opentelemetry/otlp-transformer';
