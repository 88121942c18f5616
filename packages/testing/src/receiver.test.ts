import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as HttpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './index.js';

let receiver: OtlpReceiver;

beforeEach(async () => {
  receiver = await startOtlpReceiver();
});

afterEach(async () => {
  await receiver.close();
});

const EXPORTERS = {
  protobuf: ProtoTraceExporter,
  json: HttpJsonTraceExporter,
} as const;

type Encoding = keyof typeof EXPORTERS;

function hrTimeToNanos([seconds, nanos]: [number, number]): string {
  return (BigInt(seconds) * 1_000_000_000n + BigInt(nanos)).toString();
}

/** Export a small parent/child trace through an upstream exporter; returns what the SDK ended. */
async function exportTrace(encoding: Encoding, compression: 'gzip' | 'none'): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const exporter = new EXPORTERS[encoding]({
    url: `${receiver.url}/v1/traces`,
    compression,
    headers: { 'x-test-token': 'secret-1' },
  } as ConstructorParameters<typeof ProtoTraceExporter>[0]);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'receiver-test', 'deployment.environment.name': 'ci' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter }), new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer('receiver-test-scope', '1.2.3');
  const parent = tracer.startSpan('GET /orders', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET' } });
  const child = tracer.startSpan(
    'SELECT orders',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system.name': 'postgresql',
        'test.int': 42,
        'test.double': 1.5,
        'test.bool': true,
        'test.strings': ['a', 'b'],
        'test.numbers': [1, 2, 3],
      },
    },
    trace.setSpan(ROOT_CONTEXT, parent),
  );
  child.addEvent('rows fetched', { 'rows.count': 7 });
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'deadlock' });
  child.end();
  parent.end();
  await provider.forceFlush();
  await provider.shutdown();
  return memory.getFinishedSpans();
}

function expectSameSpan(received: ReceivedSpan, sent: ReadableSpan): void {
  const context = sent.spanContext();
  expect(received.traceId).toBe(context.traceId);
  expect(received.spanId).toBe(context.spanId);
  expect(received.parentSpanId).toBe(sent.parentSpanContext?.spanId ?? '');
  expect(received.name).toBe(sent.name);
  // The API counts kinds from INTERNAL = 0; the proto reserves 0 for UNSPECIFIED.
  expect(received.kind).toBe(sent.kind + 1);
  expect(received.attributes).toEqual(sent.attributes);
  expect(received.startTimeUnixNano).toBe(hrTimeToNanos(sent.startTime));
  expect(received.endTimeUnixNano).toBe(hrTimeToNanos(sent.endTime));
  expect(received.status).toEqual({ code: sent.status.code, message: sent.status.message ?? '' });
  expect(received.resource).toEqual(sent.resource.attributes);
  expect(received.scope).toMatchObject({ name: 'receiver-test-scope', version: '1.2.3' });
}

describe('startOtlpReceiver with the upstream exporters', () => {
  describe.each([
    ['protobuf', 'none'],
    ['protobuf', 'gzip'],
    ['json', 'none'],
    ['json', 'gzip'],
  ] as const)('%s, compression %s', (encoding, compression) => {
    it('gets back exactly the spans the SDK ended', async () => {
      const sent = await exportTrace(encoding, compression);
      const spans = await receiver.waitForSpans(2, { timeoutMs: 3000 });
      expect(spans).toHaveLength(2);
      for (const s of sent) {
        const match = spans.find((r) => r.spanId === s.spanContext().spanId);
        expect(match, `span ${s.name}`).toBeDefined();
        expectSameSpan(match!, s);
      }
      const child = spans.find((s) => s.name === 'SELECT orders')!;
      const parent = spans.find((s) => s.name === 'GET /orders')!;
      expect(child.parentSpanId).toBe(parent.spanId);
      expect(parent.parentSpanId).toBe('');
      expect(child.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(child.attributes).toEqual({
        'db.system.name': 'postgresql',
        'test.int': 42,
        'test.double': 1.5,
        'test.bool': true,
        'test.strings': ['a', 'b'],
        'test.numbers': [1, 2, 3],
      });
      expect(child.events).toMatchObject([{ name: 'rows fetched', attributes: { 'rows.count': 7 } }]);
      expect(child.status).toEqual({ code: 2, message: 'deadlock' });
      expect(child.resource).toMatchObject({ 'service.name': 'receiver-test', 'deployment.environment.name': 'ci' });

      const requests = receiver.requests();
      expect(requests.length).toBeGreaterThan(0);
      for (const request of requests) {
        expect(request).toMatchObject({
          method: 'POST',
          path: '/v1/traces',
          signal: 'traces',
          status: 200,
          contentType: encoding === 'json' ? 'application/json' : 'application/x-protobuf',
          contentEncoding: compression === 'gzip' ? 'gzip' : '',
        });
        expect(request.headers['x-test-token']).toBe('secret-1');
        expect(request.bodySize).toBeGreaterThan(0);
      }
      expect(requests.reduce((n, r) => n + r.itemCount, 0)).toBe(2);
    });
  });
});
