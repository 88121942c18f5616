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
import { exportErrorType, recordDropped, recordExported, recordFailed, registerQueue } from './stats.js';

/** The batch settings (OTEL_BSP_*), as the upstream processor takes them. */
export interface BatchSettings {
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMillis: number;
  exportTimeoutMillis: number;
}

/**
 * Knows the queue length as spans accepted minus spans handed to the exporter, and drops (and
 * counts) at the same bound as the processor would. A batch waiting for a resource's async
 * attributes has left the processor's queue but is still counted here: the bound is met a little
 * early then, never late.
 */
export class CountingBatchSpanProcessor implements SpanProcessor {
  private accepted = 0;
  private taken = 0;
  private readonly inner: BatchSpanProcessor;
  private readonly capacity: number;
  /** Spans dropped because the queue was full. */
  droppedSpans = 0;

  /**
   * @param recordResults count exported and failed spans too: for an exporter that does not report
   *   to the pipeline stats itself (an app's own `spanExporter`).
   */
  constructor(exporter: SpanExporter, settings: BatchSettings, recordResults = false) {
    this.capacity = settings.maxQueueSize;
    const counted: SpanExporter = {
      export: (spans: ReadableSpan[], done: (result: ExportResult) => void) => {
        this.taken += spans.length;
        if (!recordResults) {
          exporter.export(spans, done);
          return;
        }
        exporter.export(spans, (result) => {
          if (result.code === ExportResultCode.SUCCESS) recordExported('traces', spans.length);
          else recordFailed('traces', spans.length, exportErrorType(result.error), result.error?.message);
          done(result);
        });
      },
      shutdown: () => exporter.shutdown(),
      forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
    };
    this.inner = new BatchSpanProcessor({ exporter: counted, ...settings });
    registerQueue('traces', () => this.accepted - this.taken, this.capacity);
  }

  onStart(span: Span, parentContext: Context): void {
    this.inner.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    // The processor ignores unsampled spans; they are not queued, so not counted either.
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.accepted - this.taken >= this.capacity) {
      this.droppedSpans++;
      recordDropped('traces', 1, 'queue_full');
      warnOnce('export:queue-full', `span queue full (${this.capacity} spans, OTEL_BSP_MAX_QUEUE_SIZE): spans are dropped until the exporter catches up; ${this.droppedSpans} dropped so far.`);
      return;
    }
    this.accepted++;
    this.inner.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
