import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { AlwaysOffSampler, TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CountingBatchSpanProcessor } from './counting-batch-processor.js';
import { pipelineStats, queueLength, registerQueue, resetPipelineStats, signalStats } from './stats.js';

/** Takes batches and answers only when told to. */
class HeldExporter implements SpanExporter {
  batches: ReadableSpan[][] = [];
  private callbacks: Array<(r: ExportResult) => void> = [];
  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    this.batches.push(spans);
    this.callbacks.push(done);
  }
  answer(result: ExportResult): void {
    for (const done of this.callbacks.splice(0)) done(result);
  }
  async shutdown(): Promise<void> {}
}

const settings = { maxQueueSize: 4, maxExportBatchSize: 2, scheduledDelayMillis: 60_000, exportTimeoutMillis: 5_000 };
const providers: TracerProvider[] = [];
const exporters: HeldExporter[] = [];
beforeEach(() => resetPipelineStats());
afterEach(async () => {
  // Answer what is held, or shutdown would wait for the export timeout.
  const stopping = Promise.all(providers.splice(0).map((p) => p.shutdown().catch(() => undefined)));
  const answering = setInterval(() => exporters.forEach((e) => e.answer({ code: ExportResultCode.SUCCESS })), 1);
  await stopping;
  clearInterval(answering);
  exporters.length = 0;
  resetPipelineStats();
});

function setup(countAs?: string, sampler?: AlwaysOffSampler) {
  const exporter = new HeldExporter();
  const processor = new CountingBatchSpanProcessor(exporter, settings, countAs);
  const provider = new TracerProvider({ spanProcessors: [processor], ...(sampler ? { sampler } : {}) });
  providers.push(provider);
  exporters.push(exporter);
  return { exporter, processor, tracer: provider.getTracer('t') };
}

describe('CountingBatchSpanProcessor', () => {
  it('counts the spans a full queue drops and reports the queue length', () => {
    const { exporter, processor, tracer } = setup();
    for (let i = 0; i < 10; i++) tracer.startSpan(`s${i}`).end();
    // The first two left as a batch (held by the exporter), four wait, four were dropped.
    expect(exporter.batches.map((b) => b.length)).toEqual([2]);
    expect(processor.droppedSpans).toBe(4);
    expect(signalStats('traces').dropped).toEqual({ queue_full: 4 });
    expect(queueLength('traces')).toBe(4);
    expect(pipelineStats().traces).toMatchObject({ queued: 4, queueCapacity: 4 });
  });

  it('takes spans again once the exporter has taken the queue', async () => {
    const { exporter, processor, tracer } = setup();
    for (let i = 0; i < 6; i++) tracer.startSpan(`s${i}`).end();
    exporter.answer({ code: ExportResultCode.SUCCESS });
    // The processor sends its next batch after the answer (promise callbacks).
    await new Promise((r) => setTimeout(r, 10));
    expect(exporter.batches.map((b) => b.length)).toEqual([2, 2]);
    expect(queueLength('traces')).toBe(2);
    tracer.startSpan('more').end();
    tracer.startSpan('more').end();
    expect(processor.droppedSpans).toBe(0);
    tracer.startSpan('one too many').end();
    expect(processor.droppedSpans).toBe(1);
  });

  it('does not count unsampled spans', () => {
    const { exporter, processor, tracer } = setup(undefined, new AlwaysOffSampler());
    for (let i = 0; i < 10; i++) tracer.startSpan(`s${i}`).end();
    expect(exporter.batches).toEqual([]);
    expect(processor.droppedSpans).toBe(0);
    expect(queueLength('traces')).toBe(0);
  });

  it('records export results only when asked to', async () => {
    const plain = setup();
    plain.tracer.startSpan('a').end();
    plain.tracer.startSpan('b').end();
    plain.exporter.answer({ code: ExportResultCode.SUCCESS });
    expect(signalStats('traces').exported).toBe(0);

    const counted = setup('ConsoleSpanExporter');
    counted.tracer.startSpan('a').end();
    counted.tracer.startSpan('b').end();
    counted.exporter.answer({ code: ExportResultCode.SUCCESS });
    expect(signalStats('traces').exported).toBe(2);
    await new Promise((r) => setTimeout(r, 10));
    counted.tracer.startSpan('c').end();
    counted.tracer.startSpan('d').end();
    counted.exporter.answer({ code: ExportResultCode.FAILED, error: Object.assign(new Error('unavailable'), { code: 14 }) });
    expect(signalStats('traces').failed).toEqual({ '14': 2 });
    expect(signalStats('traces').byExporter).toEqual({ ConsoleSpanExporter: { exported: 2, failed: { '14': 2 } } });
  });

  it('sums the queues of two processors of one signal', () => {
    registerQueue('traces', () => 3, 10);
    const { tracer } = setup();
    for (let i = 0; i < 5; i++) tracer.startSpan(`s${i}`).end();
    expect(queueLength('traces')).toBe(3 + 3);
    expect(signalStats('traces').queueCapacity).toBe(10 + 4);
  });
});
