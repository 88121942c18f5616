/**
 * The upstream batch span processor, for the exporters that take span objects (OTLP over grpc or
 * http/json, console), with its queue reported and its drops counted. Left alone it drops spans
 * at a full queue with one debug line and nothing in otelkit's pipeline stats, so `/status`, the
 * `otel.sdk.*` self-metrics and the exit summary would not show them.
 */
import { TraceFlags, type Context } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import { BatchSpanProcessor, type ReadableSpan, type Span, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { ExportResultCode } from '@opentelemetry/core';
import { warnOnce } from '@otelkit/core';
import { CountedQueue, exportErrorType, recordDropped, recordExported, recordFailed } from './stats.js';

/** The batch settings (OTEL_BSP_*), as the upstream processor takes them. */
export interface BatchSettings {
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMillis: number;
  exportTimeoutMillis: number;
}

/**
 * Calls `exporter.export` so that nothing it does reaches the app or stalls the processor: a throw
 * or a rejected promise (an `async export()` that fails) becomes a failed result with the real
 * error, and only the first callback counts (a second one would have the batch counted twice).
 */
export function containedExport(exporter: SpanExporter, spans: ReadableSpan[], done: (result: ExportResult) => void): void {
  let called = false;
  const once = (result: ExportResult): void => {
    if (called) return;
    called = true;
    done(result);
  };
  const failed = (error: unknown): void => once({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
  try {
    const returned = exporter.export(spans, once) as unknown;
    if (typeof (returned as PromiseLike<unknown> | undefined)?.then === 'function') (returned as PromiseLike<unknown>).then(undefined, failed);
  } catch (error) {
    failed(error);
  }
}

/** The upstream BatchSpanProcessor behind a CountedQueue: drops at its bound are counted. */
export class CountingBatchSpanProcessor implements SpanProcessor {
  private readonly inner: BatchSpanProcessor;
  private readonly queue: CountedQueue;
  /** Spans dropped because the queue was full. */
  droppedSpans = 0;

  /**
   * @param countAs count exported and failed spans too, under this `otel.component.type`: for an
   *   exporter that does not report to the pipeline stats itself (console, an app's own `spanExporter`).
   */
  constructor(exporter: SpanExporter, settings: BatchSettings, countAs?: string) {
    const queue = (this.queue = new CountedQueue('traces', settings.maxQueueSize));
    const counted: SpanExporter = {
      export: (spans: ReadableSpan[], done: (result: ExportResult) => void) => {
        queue.take(spans.length);
        containedExport(exporter, spans, (result) => {
          if (countAs !== undefined) {
            if (result.code === ExportResultCode.SUCCESS) recordExported('traces', spans.length, countAs);
            else {
              recordFailed('traces', spans.length, countAs, exportErrorType(result.error), result.error?.message);
              const reason = result.error?.message ?? 'unknown error';
              warnOnce(`export:failed:${reason.slice(0, 80)}`, `export of ${spans.length} spans failed: ${reason.slice(0, 300)}`);
            }
          }
          done(result);
        });
      },
      shutdown: () => exporter.shutdown(),
      forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
    };
    this.inner = new BatchSpanProcessor({ exporter: counted, ...settings });
  }

  onStart(span: Span, parentContext: Context): void {
    this.inner.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    // The processor ignores unsampled spans; they are not queued, so not counted either.
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (!this.queue.hasRoom()) {
      this.droppedSpans++;
      recordDropped('traces', 1, 'queue_full');
      warnOnce('export:queue-full', `span queue full (${this.queue.capacity} spans, OTEL_BSP_MAX_QUEUE_SIZE): spans are dropped until the exporter catches up; ${this.droppedSpans} dropped so far.`);
      return;
    }
    this.queue.accept();
    this.inner.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
