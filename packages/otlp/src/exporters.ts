/**
 * Span exporters. OTLP over HTTP is built from the upstream network export delegate with a
 * configuration that otelkit resolved itself (the upstream env fallback would re-read
 * OTEL_EXPORTER_OTLP_HEADERS and send pairs that otelkit rejected: a CR/LF value fails every
 * export), otelkit's transports and its retry policy (export-retry.ts).
 */
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type * as Serializers from './otlp-serializers.js';
import type * as Transport from './otlp-http-transport.js';
import { ConsoleSpanExporter, type ReadableSpan, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { getEnvNumber, Lazy, OTELKIT_VERSION, warnOnce } from '@otelkit/core';
import type { OtlpExportOptions, SpanExportConfig } from './options.js';
import { CountingBatchSpanProcessor } from './counting-batch-processor.js';
import { EncodingSpanProcessor, type EncodedSpanBatch } from './encoding-processor.js';
import { decodeTraceExportResponse } from './otlp-response.js';
import { consoleExporterType, otlpExporterType } from './component-type.js';
import { exportErrorType, recordDelivered, recordFailed, recordInFlight, type PipelineSignal } from './stats.js';
import { grpcExporter } from './grpc.js';
import { otlpTlsFiles, type OtlpSignal } from './tls-files.js';

type OtlpOptions = OtlpExportOptions;

/** What the span, metric and log pipelines hand their batches to. */
export interface ItemExporter<T> {
  export(items: T, resultCallback: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

/**
 * Creates the real exporter on the first export: its bundled modules are initialised then, not at
 * every process start (short scripts that never export don't pay for them).
 */
class DeferredExporter<T> implements ItemExporter<T> {
  private readonly inner: Lazy<ItemExporter<T>>;

  constructor(
    private readonly name: string,
    private readonly componentType: string,
    create: () => ItemExporter<T>,
  ) {
    this.inner = new Lazy(create, (error) => warnOnce(`exporter:${name}`, `trace exporter ${name} could not be created (${error.message}); spans are not exported there.`));
  }

  export(items: T, resultCallback: (result: ExportResult) => void): void {
    const count = (items as { length?: number }).length ?? 0;
    const inner = this.inner.get();
    if (inner === undefined) {
      recordFailed('traces', count, this.componentType, 'unavailable', `exporter ${this.name} unavailable`);
      resultCallback({ code: ExportResultCode.FAILED, error: new Error(`exporter ${this.name} unavailable`) });
      return;
    }
    inner.export(items, (result: OtlpExportResult) => {
      if (result.code !== ExportResultCode.SUCCESS) recordFailed('traces', count, this.componentType, exportErrorType(result.error), result.error?.message);
      else recordDelivered('traces', count, this.componentType, result.rejected, result.rejectedMessage);
      resultCallback(result);
    });
  }

  async shutdown(): Promise<void> {
    await this.inner.peek()?.shutdown();
  }

  async forceFlush(): Promise<void> {
    await this.inner.peek()?.forceFlush?.();
  }
}

type Serializer = { serializeRequest(items: never): Uint8Array | undefined; deserializeResponse(data: Uint8Array): unknown };
type MetricsHelper = { name: string; countItems(items: never): number };

/** An export's result; `rejected` when the collector answered with a partial success. */
export type OtlpExportResult = ExportResult & { rejected?: number; rejectedMessage?: string };

type PartialSuccess = { rejectedSpans?: unknown; rejectedDataPoints?: unknown; rejectedLogRecords?: unknown; errorMessage?: unknown };

/** The rejected count and message of a partial success (JSON answers may carry the count as a string). */
function rejectedOf(partial: PartialSuccess | undefined): { rejected: number; message: string } | undefined {
  if (partial === undefined || partial === null) return undefined;
  const rejected = Number(partial.rejectedSpans ?? partial.rejectedDataPoints ?? partial.rejectedLogRecords ?? 0);
  const message = typeof partial.errorMessage === 'string' ? partial.errorMessage : '';
  return (Number.isFinite(rejected) && rejected > 0) || message !== '' ? { rejected: Number.isFinite(rejected) ? rejected : 0, message } : undefined;
}

/**
 * Exports of one OTLP/HTTP exporter that may be in flight at once (sent, or waiting between
 * retries). Under an outage each batch holds its bytes while it retries; this bounds that memory
 * and the sockets to the collector. A batch beyond it is not sent: it fails at once, counted with
 * `error.type=inflight_limit`.
 */
export const MAX_EXPORTS_IN_FLIGHT = 30;

const PIPELINE_SIGNALS: Record<OtlpSignal, PipelineSignal> = { TRACES: 'traces', METRICS: 'metrics', LOGS: 'logs' };

/**
 * An OTLP/HTTP exporter from the public pieces of the upstream package: its network delegate
 * around otelkit's transport and retry policy (export-retry.ts), configured only from otelkit's
 * resolved settings, with at most MAX_EXPORTS_IN_FLIGHT exports in flight.
 */
function httpExporter<T>(otlp: OtlpOptions, signal: OtlpSignal, serializer: Serializer, componentType: string, helper: MetricsHelper): ItemExporter<T> {
  // require, not import: the bundler inlines the module but runs it only now (see otlp-http-transport.ts).
  const t = require('./otlp-http-transport.js') as typeof Transport;
  const userAgent = `otelkit/${OTELKIT_VERSION}`;
  const headers = { ...otlp.headers, 'Content-Type': otlp.protocol === 'http/json' ? 'application/json' : 'application/x-protobuf', 'User-Agent': userAgent };
  const tls = otlpTlsFiles(signal, otlp.endpoint);
  const compression = otlp.compression === 'gzip' ? 'gzip' : 'none';
  // http and https exports, gzip or not, go on otelkit's own sockets (otlp-socket-transport.ts);
  // proxied setups and the like through Node's HTTP client.
  const sender = t.socketTransportApplies(otlp.endpoint, otlp.compression, headers)
    ? new t.SocketExportTransport(otlp.endpoint, headers, { compression: otlp.compression, tls })
    : new t.NodeHttpExportTransport(otlp.endpoint, headers, { keepAlive: true, ...tls }, compression);
  const budget = getEnvNumber('OTELKIT_EXPORT_RETRY_BUDGET') as number;
  // The delegate hands a partial success to a handler of its own that logs every one; the answer
  // is read here instead, reported with the export's result (counted, one warning per minute).
  let partial: { rejected: number; message: string } | undefined;
  const reading: Serializer = {
    serializeRequest: (items) => serializer.serializeRequest(items),
    deserializeResponse(data) {
      const response = serializer.deserializeResponse(data) as { partialSuccess?: PartialSuccess } | undefined;
      partial = rejectedOf(response?.partialSuccess);
      return {};
    },
  };
  const metrics = new t.ExporterMetrics({ componentType, metricsHelper: helper as never, url: otlp.endpoint, meterProvider: undefined, responseAttributesFromError: () => ({}) });
  const delegate = t.createOtlpNetworkExportDelegate({ timeoutMillis: otlp.timeoutMs, concurrencyLimit: MAX_EXPORTS_IN_FLIGHT, compression }, reading, metrics, new t.RetryingExportTransport(sender, budget));
  const item = helper.name;
  const pipeline = PIPELINE_SIGNALS[signal];
  let inFlight = 0;
  return {
    export(items, resultCallback) {
      if (inFlight >= MAX_EXPORTS_IN_FLIGHT) {
        const error = Object.assign(new Error(`${MAX_EXPORTS_IN_FLIGHT} exports already in flight (the collector is slow or unreachable); the batch was dropped`), { errorType: 'inflight_limit' });
        resultCallback({ code: ExportResultCode.FAILED, error });
        return;
      }
      inFlight++;
      recordInFlight(pipeline, 1);
      delegate.export(items, (result) => {
        inFlight--;
        recordInFlight(pipeline, -1);
        // The delegate reads the answer and calls back in the same turn: `partial` is this export's.
        const got = partial;
        partial = undefined;
        if (result.code !== ExportResultCode.SUCCESS || got === undefined) return resultCallback(result);
        warnOnce(`export:partial:${item}`, `the collector rejected ${got.rejected} ${item}s of an export (partial success)${got.message === '' ? '' : `: ${got.message.slice(0, 300)}`}`);
        resultCallback({ ...result, rejected: got.rejected, rejectedMessage: got.message } as OtlpExportResult);
      });
    },
    forceFlush: () => delegate.forceFlush(),
    shutdown: () => delegate.shutdown(),
  };
}

function otlpHttpExporter<T>(otlp: OtlpOptions): ItemExporter<T> {
  if (otlp.protocol === 'http/json') {
    const { JsonTraceSerializer, TraceExporterMetricsHelper } = require('./otlp-serializers.js') as typeof Serializers;
    return httpExporter<T>(otlp, 'TRACES', JsonTraceSerializer, otlpExporterType('span', otlp.protocol), TraceExporterMetricsHelper);
  }
  // Protobuf batches arrive already encoded by the EncodingSpanProcessor; the answer is read here too.
  const serializer = { serializeRequest: (batch: EncodedSpanBatch) => batch.bytes, deserializeResponse: decodeTraceExportResponse };
  const helper = { name: 'span', countItems: (batch: EncodedSpanBatch) => batch.length };
  return httpExporter<T>(otlp, 'TRACES', serializer, otlpExporterType('span', otlp.protocol), helper);
}

/**
 * OTLP/HTTP for metrics or logs, without the upstream exporter classes: those re-read the OTEL_*
 * variables themselves and print a second warning for a value otelkit already rejected.
 */
export function otlpHttpSignalExporter<T>(otlp: OtlpOptions, signal: 'metrics' | 'logs'): ItemExporter<T> {
  const t = require('./otlp-serializers.js') as typeof Serializers;
  const json = otlp.protocol === 'http/json';
  if (signal === 'metrics') return httpExporter<T>(otlp, 'METRICS', json ? t.JsonMetricsSerializer : t.ProtobufMetricsSerializer, otlpExporterType('metric', otlp.protocol), t.MetricsExporterMetricsHelper);
  return httpExporter<T>(otlp, 'LOGS', json ? t.JsonLogsSerializer : t.ProtobufLogsSerializer, otlpExporterType('log', otlp.protocol), t.LogsExporterMetricsHelper);
}

/**
 * The span processors for the configured exporters; never throws (a broken exporter becomes a
 * warning). OTLP over http/protobuf encodes spans as they end (EncodingSpanProcessor); the other
 * exporters take span objects through the upstream batch processor, counted
 * (CountingBatchSpanProcessor).
 */
export function createSpanProcessors(config: SpanExportConfig): SpanProcessor[] {
  const processors: SpanProcessor[] = [];
  const otlp = config.otlp;
  for (const name of new Set(config.tracesExporter)) {
    try {
      if (name === 'otlp' && otlp.protocol === 'http/protobuf') {
        const exporter = new DeferredExporter<EncodedSpanBatch>(`otlp ${otlp.protocol}`, otlpExporterType('span', otlp.protocol), () => otlpHttpExporter<EncodedSpanBatch>(otlp));
        processors.push(new EncodingSpanProcessor(exporter, config.batch));
      } else if (name === 'otlp') {
        const exporter = new DeferredExporter<ReadableSpan[]>(`otlp ${otlp.protocol}`, otlpExporterType('span', otlp.protocol), () => (otlp.protocol === 'grpc' ? grpcExporter<SpanExporter>('traces', otlp) : otlpHttpExporter<ReadableSpan[]>(otlp)));
        processors.push(new CountingBatchSpanProcessor(exporter, config.batch));
      } else if (name === 'console') {
        // The console exporter reports to no one: the processor counts what it printed.
        processors.push(new CountingBatchSpanProcessor(new ConsoleSpanExporter(), config.batch, consoleExporterType('span')));
      }
    } catch (error) {
      warnOnce(`exporter:${name}`, `trace exporter ${name} could not be created (${(error as Error).message}); spans are not exported there.`);
    }
  }
  // `none` alone gives no processor: spans still get ids (X-Trace-ID keeps working) but go nowhere.
  return processors;
}
