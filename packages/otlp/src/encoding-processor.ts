/**
 * Batch processor for OTLP/protobuf that encodes ended spans as they come, a few at a time.
 *
 * The upstream batch processor keeps every ended span object until its batch is exported, then
 * encodes 512 of them in one go. Here spans are encoded in short runs (see ENCODE_RUN), so the
 * cost is spread evenly over requests (a flatter latency tail) and a span object becomes garbage
 * soon after it ends instead of surviving scavenges into the old generation (less heap growth
 * under load). What waits for export is bytes; the limits keep their meaning: at most `maxQueueSize`
 * spans wait, beyond that they are dropped and counted, a batch leaves at `maxExportBatchSize`
 * spans or after `scheduledDelayMillis`.
 */
import { context, TraceFlags } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { outsideRequests, rememberStartFrame, runDetached, warnOnce } from '@otelkit/core';
import { resourceSpans, span as encodeSpan, Writer, type EncoderResource, type EncoderScope } from './otlp-encoder.js';
import { recordDropped, registerQueue } from './stats.js';

/** An ExportTraceServiceRequest already encoded; `length` is its span count. */
export interface EncodedSpanBatch {
  readonly length: number;
  readonly bytes: Uint8Array;
}

// Ended spans are encoded eight at a time: one loop over several spans runs the encoder warm, about
// 5 % less CPU per request than encoding each span alone inside its end()
// (docs/performance.md, "Spans encoded in runs of eight").
// At most seven wait; a batch that leaves encodes them first. Encoding those at the end of every
// event-loop turn instead (a setImmediate per turn under load) cost ~2 % of a request's CPU
// (docs/performance.md, "Cheaper encoding and no immediate per turn").
const ENCODE_RUN = 8;
// Request buffers kept for the next batches once the exporter reported on theirs (see takeBatch).
const SPARE_BUFFERS = 2;

/**
 * Sends encoded batches (the upstream OTLP/HTTP delegate with a pass-through serializer). A batch's
 * bytes are the exporter's until it calls `resultCallback`; after that they are overwritten.
 */
export interface EncodedBatchExporter {
  export(batch: EncodedSpanBatch, resultCallback: (result: ExportResult) => void): void;
  forceFlush?(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Batching limits, as in OTEL_BSP_*. */
export interface EncodingProcessorOptions {
  scheduledDelayMillis: number;
  exportTimeoutMillis: number;
  maxQueueSize: number;
  maxExportBatchSize: number;
}

export class EncodingSpanProcessor implements SpanProcessor {
  private readonly scopes = new Map<EncoderScope, Writer>();
  private resource: EncoderResource | undefined;
  private pending = 0;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private readonly inflight = new Set<Promise<void>>();
  private readonly spare: Buffer[] = [];
  /** Spans ended since the last encoding (see encodeEnded). */
  private ended: ReadableSpan[] = [];
  private shutdownPromise: Promise<void> | undefined;
  /** Spans dropped because the queue was full or a span could not be encoded. */
  droppedSpans = 0;

  constructor(
    private readonly exporter: EncodedBatchExporter,
    private readonly options: EncodingProcessorOptions,
  ) {
    registerQueue('traces', () => this.pending, options.maxQueueSize);
    rememberStartFrame();
  }

  onStart(_span: Span): void {}

  onEnd(span: ReadableSpan): void {
    if (this.shutdownPromise !== undefined || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.pending >= this.options.maxQueueSize) {
      this.droppedSpans++;
      recordDropped('traces', 1, 'queue_full');
      warnOnce('export:queue-full', `span queue full (${this.options.maxQueueSize} spans, OTEL_BSP_MAX_QUEUE_SIZE): spans are dropped until the exporter catches up; ${this.droppedSpans} dropped so far.`);
      return;
    }
    // A processor belongs to one TracerProvider, whose resource never changes.
    this.resource ??= span.resource;
    this.ended.push(span);
    this.pending++;
    if (this.ended.length >= ENCODE_RUN) this.encodeEnded();
    // The export is armed in the context otelkit started in, not in the request that happened to end
    // this span: what the export creates (its sockets, timers, retries) would otherwise keep that
    // request's context alive (@otelkit/core, start-frame.ts).
    if (this.pending >= this.options.maxExportBatchSize) {
      // Send from the event loop, not from inside the request that happened to end the batch.
      this.immediate ??= outsideRequests(() => setImmediate(this.flushNow));
    } else if (this.timer === undefined) {
      const timer = outsideRequests(() => setTimeout(this.flushLater, this.options.scheduledDelayMillis));
      timer.unref();
      this.timer = timer;
    }
  }

  private readonly flushNow = (): void => {
    this.immediate = undefined;
    runDetached(this.flush(), 'export:flush', 'span export failed');
  };

  private readonly flushLater = (): void => {
    this.timer = undefined;
    runDetached(this.flush(), 'export:flush', 'span export failed');
  };

  /** Encode the spans ended since the last run, one after the other. */
  private encodeEnded(): void {
    const spans = this.ended;
    if (spans.length === 0) return;
    this.ended = [];
    for (const span of spans) this.encode(span);
  }

  private encode(span: ReadableSpan): void {
    const scope = span.instrumentationScope as EncoderScope;
    let writer = this.scopes.get(scope);
    if (writer === undefined) this.scopes.set(scope, (writer = new Writer(16 * 1024)));
    const mark = writer.pos;
    try {
      writer.tag(2, 2);
      encodeSpan(writer, span);
    } catch (error) {
      // Cut the half-written message so the batch stays well-formed.
      writer.pos = mark;
      this.pending--;
      this.droppedSpans++;
      recordDropped('traces', 1, 'encode_error');
      warnOnce('export:encode', `a span could not be encoded and was dropped (${(error as Error).message}).`);
    }
  }

  /**
   * Encode what is queued into one request, or undefined when nothing is queued.
   *
   * The request's buffer (tens of kB, outside the JS heap) is reused once the exporter has reported
   * on the batch that used it. A new one per batch is often still in flight at the next scavenge, so
   * its small JS object is promoted, and what it holds outside the heap stays until the next full
   * GC: under load that grew RSS by about 1.4 MB a second (15 MB in the bench's Express run).
   */
  private takeBatch(): (EncodedSpanBatch & { buffer: Buffer }) | undefined {
    const resource = this.resource;
    this.encodeEnded();
    if (this.pending === 0 || resource === undefined) return undefined;
    let size = 256;
    for (const writer of this.scopes.values()) size += writer.pos + 256;
    const spare = this.spare.pop();
    // A quarter more than needed, so that a slightly larger next batch still fits.
    const w = spare !== undefined && spare.length >= size ? new Writer(spare) : new Writer(size + (size >> 2));
    const scopes = [...this.scopes].filter(([, writer]) => writer.pos > 0);
    resourceSpans(w, resource, scopes.map(([scope, writer]) => [scope, () => {
      // The span messages were encoded when each span ended: copy them in.
      w.ensure(writer.pos);
      writer.buf.copy(w.buf, w.pos, 0, writer.pos);
      w.pos += writer.pos;
      writer.pos = 0;
    }] as const));
    const length = this.pending;
    this.pending = 0;
    return { length, bytes: w.buf.subarray(0, w.pos), buffer: w.buf };
  }

  /** Send what is queued now. Never rejects. */
  private async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    // Some detectors fill in attributes asynchronously (host.id); wait for them, as upstream does.
    const resource = this.resource;
    if (resource?.asyncAttributesPending === true) {
      try {
        await resource.waitForAsyncAttributes?.();
      } catch {
        // A failed detector leaves its attributes out; the spans still go.
      }
    }
    const batch = this.takeBatch();
    if (batch === undefined) return Promise.resolve();
    const done = new Promise<void>((resolve) => {
      const timeout = setTimeout(() => {
        warnOnce('export:timeout', `an export of ${batch.length} spans took longer than ${this.options.exportTimeoutMillis} ms (OTEL_BSP_EXPORT_TIMEOUT); not waiting for it.`);
        resolve();
      }, this.options.exportTimeoutMillis);
      timeout.unref();
      const finish = (result: ExportResult): void => {
        clearTimeout(timeout);
        // The exporter is done with the bytes (retries included): the buffer serves a later batch.
        if (this.spare.length < SPARE_BUFFERS) this.spare.push(batch.buffer);
        if (result.code !== ExportResultCode.SUCCESS) {
          const reason = result.error?.message ?? 'unknown error';
          warnOnce(`export:failed:${reason.slice(0, 80)}`, `export of ${batch.length} spans failed: ${reason.slice(0, 300)}`);
        }
        resolve();
      };
      // The exporter's own HTTP request must never be traced.
      context.with(suppressTracing(context.active()), () => {
        try {
          this.exporter.export({ length: batch.length, bytes: batch.bytes }, finish);
        } catch (error) {
          finish({ code: ExportResultCode.FAILED, error: error as Error });
        }
      });
    });
    this.inflight.add(done);
    // `done` only ever resolves (see finish above), and Set#delete cannot throw.
    // eslint-disable-next-line @typescript-eslint/no-floating-promises
    void done.then(() => this.inflight.delete(done));
    await done;
  }

  async forceFlush(): Promise<void> {
    if (this.immediate !== undefined) {
      clearImmediate(this.immediate);
      this.immediate = undefined;
    }
    await this.flush();
    await Promise.all([...this.inflight]);
    await this.exporter.forceFlush?.();
  }

  shutdown(): Promise<void> {
    this.shutdownPromise ??= (async () => {
      await this.forceFlush();
      await this.exporter.shutdown();
    })();
    return this.shutdownPromise;
  }
}
