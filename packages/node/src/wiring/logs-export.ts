/**
 * The OTLP log pipeline (OTEL_LOGS_EXPORTER=otlp or console): upstream Logs SDK and exporters,
 * loaded only when asked for. A counting wrapper around the batch processor reports queue, drops,
 * exports and failures to the pipeline stats (self-metrics and /status).
 */
import { logs, type Context } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type * as SdkLogs from '@opentelemetry/sdk-logs';
import { diagLog, getEnvNumber, warnOnce } from '@otelkit/core';
import { createRequire } from 'node:module';
import { signalOtlpOptions } from '../config.js';
import type { OtelkitResolvedConfig } from '../types.js';
import { consoleExporterType, CountedQueue, exportErrorType, grpcExporter, otlpExporterType, otlpHttpSignalExporter, recordDelivered, recordDropped, recordFailed, signalStats, type OtlpExportResult } from '@otelkit/otlp';

/** Where and how log records are sent (the shape the span and metric exporters use). */
type LogsOtlpOptions = OtelkitResolvedConfig['otlp'];

type Exporter = SdkLogs.LogRecordExporter;
type Record_ = SdkLogs.ReadableLogRecord;

function otlpExporter(o: LogsOtlpOptions): Exporter {
  // HTTP goes through the same delegate as spans and metrics, configured only from otelkit's settings.
  if (o.protocol !== 'grpc') return otlpHttpSignalExporter<Record_[]>(o, 'logs') as Exporter;
  return grpcExporter<Exporter>('logs', o);
}

/** Counts what the batch processor hands to the exporter, and how each export ends. */
class CountingExporter implements Exporter {
  constructor(
    private readonly inner: Exporter,
    private readonly queue: CountedQueue,
    private readonly componentType: string,
  ) {}

  export(records: Record_[], done: (result: ExportResult) => void): void {
    this.queue.take(records.length);
    try {
      this.inner.export(records, (result) => {
        if (result.code === 0) recordDelivered('logs', records.length, this.componentType, (result as OtlpExportResult).rejected, (result as OtlpExportResult).rejectedMessage);
        else recordFailed('logs', records.length, this.componentType, exportErrorType(result.error), result.error?.message);
        done(result);
      });
    } catch (error) {
      recordFailed('logs', records.length, this.componentType, exportErrorType(error), (error as Error).message);
      done({ code: 1, error: error as Error });
    }
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** The upstream BatchLogRecordProcessor behind a CountedQueue: drops at its bound are counted. */
class CountingProcessor implements SdkLogs.LogRecordProcessor {
  constructor(
    private readonly inner: SdkLogs.LogRecordProcessor,
    readonly queue: CountedQueue,
  ) {}

  onEmit(record: SdkLogs.ReadWriteLogRecord, ctx?: Context): void {
    if (!this.queue.hasRoom()) {
      dropped(this.queue.capacity);
      return;
    }
    this.queue.accept();
    this.inner.onEmit(record, ctx);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

function dropped(capacity: number): void {
  recordDropped('logs', 1, 'queue_full');
  warnOnce('logs:queue-full', `log record queue is full (OTEL_BLRP_MAX_QUEUE_SIZE=${capacity}); records are dropped and counted until the exporter catches up.`);
}

/** One line at shutdown when records were lost, so a burst's drops are never silent. */
function summarize(): void {
  const s = signalStats('logs');
  const dropped = Object.values(s.dropped).reduce((a, b) => a + b, 0);
  const failed = Object.values(s.failed).reduce((a, b) => a + b, 0);
  const line = `logs: ${s.exported} log records exported, ${dropped} dropped (queue full), ${failed} failed to export`;
  diagLog(dropped > 0 || failed > 0 ? 'warn' : 'debug', line);
}

/** A running log pipeline. */
export interface LogsExport {
  /** False (and the drop counted) when no processor has room: the record is then never built. Needs no `this`. */
  readonly admit: () => boolean;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Build the LoggerProvider for the configured exporters and register it globally. Returns
 * undefined when no exporter is configured or the SDK cannot be loaded (one warning).
 */
export function startLogsExport(exporters: readonly string[], resource: Resource): LogsExport | undefined {
  try {
    const req = createRequire(__filename);
    const sdk = req('@opentelemetry/sdk-logs') as typeof SdkLogs;
    const queue = getEnvNumber('OTEL_BLRP_MAX_QUEUE_SIZE') as number;
    const batch = {
      maxQueueSize: queue,
      maxExportBatchSize: Math.min(getEnvNumber('OTEL_BLRP_MAX_EXPORT_BATCH_SIZE') as number, queue),
      scheduledDelayMillis: getEnvNumber('OTEL_BLRP_SCHEDULE_DELAY') as number,
      exportTimeoutMillis: getEnvNumber('OTEL_BLRP_EXPORT_TIMEOUT') as number,
    };
    const processors: CountingProcessor[] = [];
    for (const name of exporters) {
      const otlp = name === 'otlp' ? signalOtlpOptions('LOGS') : undefined;
      const inner = otlp !== undefined ? otlpExporter(otlp) : name === 'console' ? new sdk.ConsoleLogRecordExporter() : undefined;
      if (inner === undefined) continue;
      const counted = new CountedQueue('logs', queue);
      const exporter = new CountingExporter(inner, counted, otlp !== undefined ? otlpExporterType('log', otlp.protocol) : consoleExporterType('log'));
      processors.push(new CountingProcessor(new sdk.BatchLogRecordProcessor({ exporter, ...batch }), counted));
    }
    if (processors.length === 0) return undefined;
    const attributeLimit = getEnvNumber('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT') as number;
    const countLimit = getEnvNumber('OTEL_ATTRIBUTE_COUNT_LIMIT') as number;
    const provider = new sdk.LoggerProvider({
      resource: resource as unknown as SdkLogs.LoggerProviderOptions['resource'],
      processors,
      logRecordLimits: {
        attributeValueLengthLimit: getEnvNumber('OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT') ?? attributeLimit,
        attributeCountLimit: getEnvNumber('OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT') ?? countLimit,
      },
    });
    logs.setGlobalLoggerProvider(provider);
    return {
      admit: () => {
        if (processors.some((p) => p.queue.hasRoom())) return true;
        dropped(queue);
        return false;
      },
      forceFlush: async () => {
        try {
          await provider.forceFlush();
        } catch (error) {
          warnOnce('logs:flush', `log flush failed: ${(error as Error).message}`);
        }
      },
      shutdown: async () => {
        try {
          await provider.shutdown();
        } catch (error) {
          warnOnce('logs:shutdown', `shutdown could not export every log record: ${(error as Error).message}`);
        } finally {
          logs.disable();
          summarize();
        }
      },
    };
  } catch (error) {
    warnOnce('logs:start', `log export could not start (${(error as Error).message}); log lines are still written and correlated.`);
    return undefined;
  }
}
