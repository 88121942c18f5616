import { AsyncLocalStorage } from 'node:async_hooks';
import { SpanKind, trace, ROOT_CONTEXT } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOffSampler, InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { EncodingSpanProcessor, type EncodedSpanBatch } from './encoding-processor.js';

class CapturingExporter {
  batches: EncodedSpanBatch[] = [];
  shutdowns = 0;
  result: ExportResult = { code: ExportResultCode.SUCCESS };
  export(batch: EncodedSpanBatch, cb: (r: ExportResult) => void): void {
    this.batches.push({ length: batch.length, bytes: Buffer.from(batch.bytes) });
    setImmediate(() => cb(this.result));
  }
  async shutdown(): Promise<void> {
    this.shutdowns++;
  }
}

const providers: TracerProvider[] = [];
afterEach(async () => {
  await Promise.all(providers.splice(0).map((p) => p.shutdown()));
});

function setup(limits: Partial<{ maxQueueSize: number; maxExportBatchSize: number; scheduledDelayMillis: number }> = {}) {
  const capture = new CapturingExporter();
  const processor = new EncodingSpanProcessor(capture, { scheduledDelayMillis: 60_000, exportTimeoutMillis: 5_000, maxQueueSize: 2048, maxExportBatchSize: 512, ...limits });
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'enc-proc' }), spanProcessors: [processor, new SimpleSpanProcessor({ exporter: memory })] });
  providers.push(provider);
  return { capture, processor, memory, provider };
}

describe('EncodingSpanProcessor', () => {
  it('sends exactly the bytes the upstream serializer makes for the same spans', async () => {
    const { capture, processor, memory, provider } = setup();
    const a = provider.getTracer('scope-a', '1.0.0');
    const b = provider.getTracer('scope-b');
    const parent = a.startSpan('parent', { kind: SpanKind.SERVER, attributes: { 'http.route': '/x', n: 3 } });
    b.startSpan('child', {}, trace.setSpan(ROOT_CONTEXT, parent)).end();
    a.startSpan('sibling').end();
    parent.end();
    await processor.forceFlush();
    expect(capture.batches).toHaveLength(1);
    expect(capture.batches[0]!.length).toBe(3);
    // Upstream groups by scope in first-seen order, as the processor does.
    const expected = Buffer.from(ProtobufTraceSerializer.serializeRequest(memory.getFinishedSpans()) as Uint8Array);
    expect(Buffer.from(capture.batches[0]!.bytes).equals(expected)).toBe(true);
  });

  it('reuses a request buffer only after the exporter reported on it', async () => {
    // Holds the bytes it was given (no copy) and answers only when told to.
    const held: { batch: EncodedSpanBatch; cb: (r: ExportResult) => void }[] = [];
    const exporter = { export: (batch: EncodedSpanBatch, cb: (r: ExportResult) => void) => void held.push({ batch, cb }), shutdown: async () => undefined };
    const processor = new EncodingSpanProcessor(exporter, { scheduledDelayMillis: 60_000, exportTimeoutMillis: 60_000, maxQueueSize: 100, maxExportBatchSize: 2 });
    const memory = new InMemorySpanExporter();
    const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'reuse' }), spanProcessors: [processor, new SimpleSpanProcessor({ exporter: memory })] });
    const tracer = provider.getTracer('t');
    const serialized = (from: number, to: number): Buffer => Buffer.from(ProtobufTraceSerializer.serializeRequest(memory.getFinishedSpans().slice(from, to)) as Uint8Array);
    const turn = () => new Promise((r) => setImmediate(r));
    // Small buffers are slices of Node's shared pool: the same memory is the same buffer and offset.
    const sameMemory = (a: Uint8Array, b: Uint8Array): boolean => a.buffer === b.buffer && a.byteOffset === b.byteOffset;

    tracer.startSpan('a1', { attributes: { k: 'x'.repeat(40) } }).end();
    tracer.startSpan('a2').end();
    await turn();
    tracer.startSpan('b1').end();
    tracer.startSpan('b2').end();
    await turn();
    expect(held).toHaveLength(2);
    const [first, second] = held;
    // The first batch is still in flight: the second was written elsewhere.
    expect(sameMemory(first!.batch.bytes, second!.batch.bytes)).toBe(false);
    expect(Buffer.from(first!.batch.bytes).equals(serialized(0, 2))).toBe(true);
    expect(Buffer.from(second!.batch.bytes).equals(serialized(2, 4))).toBe(true);

    first!.cb({ code: ExportResultCode.SUCCESS });
    await turn();
    tracer.startSpan('c1').end();
    tracer.startSpan('c2').end();
    await turn();
    expect(held).toHaveLength(3);
    expect(sameMemory(held[2]!.batch.bytes, first!.batch.bytes)).toBe(true);
    expect(Buffer.from(held[2]!.batch.bytes).equals(serialized(4, 6))).toBe(true);
    // The second batch, still unanswered, was not touched.
    expect(Buffer.from(second!.batch.bytes).equals(serialized(2, 4))).toBe(true);
    for (const h of held.slice(1)) h.cb({ code: ExportResultCode.SUCCESS });
    await provider.shutdown();
  });

  it('sets its exports off outside the request that ended their spans (batch full, and timer)', async () => {
    // An app's own store stands for the request's context: what the export creates must not keep it.
    const als = new AsyncLocalStorage<string>();
    const seen: Array<string | undefined> = [];
    const exporter = {
      export: (_batch: EncodedSpanBatch, cb: (r: ExportResult) => void) => {
        seen.push(als.getStore());
        setImmediate(() => cb({ code: ExportResultCode.SUCCESS }));
      },
      shutdown: async () => undefined,
    };
    const processor = new EncodingSpanProcessor(exporter, { scheduledDelayMillis: 20, exportTimeoutMillis: 5_000, maxQueueSize: 100, maxExportBatchSize: 2 });
    const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'detached' }), spanProcessors: [processor] });
    providers.push(provider);
    const tracer = provider.getTracer('t');
    als.run('request-filling-the-batch', () => {
      tracer.startSpan('a').end();
      tracer.startSpan('b').end();
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    als.run('request-arming-the-timer', () => tracer.startSpan('c').end());
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(seen).toEqual([undefined, undefined]);
    // The request itself still sees its store.
    expect(als.run('request', () => als.getStore())).toBe('request');
  });

  it('sends a batch when maxExportBatchSize spans are queued, without waiting for the timer', async () => {
    const { capture, provider } = setup({ maxExportBatchSize: 10 });
    const tracer = provider.getTracer('t');
    for (let i = 0; i < 10; i++) tracer.startSpan(`s${i}`).end();
    expect(capture.batches).toHaveLength(0); // not inside end(): on the next turn of the loop
    await new Promise((r) => setImmediate(r));
    expect(capture.batches.map((b) => b.length)).toEqual([10]);
  });

  it('drops and counts spans beyond maxQueueSize', async () => {
    const { capture, processor, provider } = setup({ maxQueueSize: 5, maxExportBatchSize: 100 });
    const tracer = provider.getTracer('t');
    for (let i = 0; i < 8; i++) tracer.startSpan(`s${i}`).end();
    expect(processor.droppedSpans).toBe(3);
    await processor.forceFlush();
    expect(capture.batches.map((b) => b.length)).toEqual([5]);
  });

  it('skips unsampled spans, and shutdown flushes once and shuts the exporter down once', async () => {
    const capture = new CapturingExporter();
    const processor = new EncodingSpanProcessor(capture, { scheduledDelayMillis: 60_000, exportTimeoutMillis: 5_000, maxQueueSize: 10, maxExportBatchSize: 10 });
    const off = new TracerProvider({ sampler: new AlwaysOffSampler(), spanProcessors: [processor] });
    off.getTracer('t').startSpan('unsampled').end();
    await Promise.all([processor.shutdown(), processor.shutdown()]);
    expect(capture.batches).toHaveLength(0);
    expect(capture.shutdowns).toBe(1);
  });

  it('never throws into end() when the exporter throws', async () => {
    const { capture, processor, provider } = setup();
    capture.export = () => {
      throw new Error('exporter broke');
    };
    provider.getTracer('t').startSpan('s').end();
    await expect(processor.forceFlush()).resolves.toBeUndefined();
  });

  it('encodes ended spans in runs of eight, and what is left when the batch leaves', async () => {
    const { processor, memory, provider } = setup();
    const tracer = provider.getTracer('t');
    tracer.startSpan('template').end();
    await processor.forceFlush();
    const [template] = memory.getFinishedSpans();
    // A span that throws once its encoding begins shows when the processor encodes it.
    const broken = () => {
      let calls = 0;
      return Object.assign(Object.create(template!), {
        spanContext: () => {
          if (++calls > 1) throw new Error('broken span');
          return template!.spanContext();
        },
      });
    };
    processor.onEnd(broken());
    for (let i = 0; i < 6; i++) tracer.startSpan(`s${i}`).end();
    expect(processor.droppedSpans).toBe(0); // seven waiting
    tracer.startSpan('eighth').end();
    expect(processor.droppedSpans).toBe(1); // encoded inside the eighth span's end()
    processor.onEnd(broken());
    expect(processor.droppedSpans).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(processor.droppedSpans).toBe(1); // a short run waits for the next span or the batch
    await processor.forceFlush();
    expect(processor.droppedSpans).toBe(2); // encoded as the batch left
  });

  it('drops a span that fails to encode without corrupting the batch', async () => {
    const { capture, processor, memory, provider } = setup();
    const tracer = provider.getTracer('t');
    tracer.startSpan('good-1').end();
    const [good] = memory.getFinishedSpans();
    let calls = 0;
    // Passes the sampled check, then throws once encoding has begun.
    const broken = Object.assign(Object.create(good!), {
      spanContext: () => {
        if (++calls > 1) throw new Error('broken span');
        return good!.spanContext();
      },
    });
    processor.onEnd(broken);
    tracer.startSpan('good-2').end();
    await processor.forceFlush();
    expect(processor.droppedSpans).toBe(1);
    const expected = Buffer.from(ProtobufTraceSerializer.serializeRequest(memory.getFinishedSpans()) as Uint8Array);
    expect(capture.batches.map((b) => b.length)).toEqual([2]);
    expect(Buffer.from(capture.batches[0]!.bytes).equals(expected)).toBe(true);
  });
});
