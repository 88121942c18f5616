import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Tracer } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { EncodingSpanProcessor } from './encoding-processor.js';

/** The request EncodingSpanProcessor sends for these spans (they share one resource). */
async function encode(spans: ReadableSpan[]): Promise<Buffer> {
  const batches: Buffer[] = [];
  const processor = new EncodingSpanProcessor(
    { export: (batch, cb) => { batches.push(Buffer.from(batch.bytes)); cb({ code: 0 }); }, shutdown: async () => {} },
    { scheduledDelayMillis: 60_000, exportTimeoutMillis: 5_000, maxQueueSize: 100_000, maxExportBatchSize: 100_000 },
  );
  for (const span of spans) processor.onEnd(span);
  await processor.forceFlush();
  expect(batches).toHaveLength(1);
  return batches[0]!;
}

function record(resourceAttrs: Record<string, string>, body: (tracer: Tracer, other: Tracer) => void): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ resource: resourceFromAttributes(resourceAttrs), spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  body(provider.getTracer('enc-test', '1.2.3'), provider.getTracer('other-scope'));
  return exporter.getFinishedSpans();
}

const same = async (spans: ReadableSpan[]): Promise<void> => {
  const ours = await encode(spans);
  const upstream = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array);
  expect(ours.equals(upstream), `ours ${ours.length} bytes, upstream ${upstream.length}`).toBe(true);
};

describe('OTLP/protobuf encoding', () => {
  it('matches the upstream serializer byte for byte on a varied batch', async () => {
    const spans = record({ 'service.name': 'enc', 'deployment.environment.name': 'prod', long: 'x'.repeat(300) }, (tracer, other) => {
      const remote = trace.setSpanContext(ROOT_CONTEXT, {
        traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED, isRemote: true,
        traceState: new TraceState('vendor=a,other=b'),
      });
      const parent = tracer.startSpan('GET /orders/:id', {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': 'GET', 'http.response.status_code': 200, 'neg.int': -42, 'big.int': 2 ** 40, ratio: 0.25,
          ok: true, tags: ['a', 'b', 'ünïcödé ✓', 'é first', '', 'c'.repeat(63), 'd'.repeat(64)], nums: [1, 2.5, -3], bools: [true, false], 'long.value': 'y'.repeat(200),
        },
      }, remote);
      parent.addEvent('cache miss', { key: 'user:42', size: 12 });
      parent.addEvent('plain');
      parent.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
      const child = tracer.startSpan('db query', {
        kind: SpanKind.CLIENT,
        links: [{ context: { traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: 0, traceState: new TraceState('k=v') }, attributes: { why: 'fan-in' } }],
      }, trace.setSpan(ROOT_CONTEXT, parent));
      child.end();
      other.startSpan('internal').end();
      parent.end();
    });
    expect(spans).toHaveLength(3);
    await same(spans);
  });

  it('handles batches whose lengths need three-byte prefixes', async () => {
    const spans = record({ 'service.name': 'big' }, (tracer) => {
      for (let i = 0; i < 600; i++) tracer.startSpan(`span ${i}`, { attributes: { i, text: 'z'.repeat(i % 50) } }).end();
    });
    await same(spans);
    expect((await encode(spans)).length).toBeGreaterThan(16_384);
  });

  it('writes start and end times as the upstream serializer does, at the edges of the arithmetic', async () => {
    // Nanoseconds past 2^53 are split by hand (see Writer.hrTime): seconds around 2^16 and 2^32,
    // nanoseconds near 1e9, and a present-day time.
    const times: Array<[number, number]> = [[0, 0], [1, 999_999_999], [65_535, 999_999_999], [65_536, 0], [1_764_921_600, 123_456_789], [4_294_967_295, 999_999_999]];
    const spans = record({ 'service.name': 'times' }, (tracer) => {
      for (const [i, time] of times.entries()) tracer.startSpan(`t${i}`, { startTime: time }).end([time[0] + 1, time[1]]);
    });
    expect(spans.map((s) => s.startTime)).toEqual(times);
    await same(spans);
  });
});
