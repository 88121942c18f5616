import { gzipSync } from 'node:zlib';
import { SpanKind } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver } from './index.js';

let receiver: OtlpReceiver;

beforeEach(async () => {
  receiver = await startOtlpReceiver();
});

afterEach(async () => {
  await receiver.close();
});

/** An OTLP/JSON trace request with one span per `test.seq` value. */
function tracesJson(seqs: number[]): string {
  const spans = seqs.map((seq, i) => ({
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: (i + 1).toString(16).padStart(16, '0'),
    name: `op-${seq}`,
    attributes: [{ key: 'test.seq', value: { intValue: String(seq) } }],
  }));
  return JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
}

function postJson(path: string, body: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${receiver.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    ...init,
  });
}

describe('scripted faults', () => {
  it('answers 503 with Retry-After, records it, and does not keep the refused payload', async () => {
    receiver.setFaults([{ status: 503, retryAfter: '7' }]);
    const refused = await postJson('/v1/traces', tracesJson([1]));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(await refused.json()).toMatchObject({ code: 14 });
    expect(receiver.spans()).toEqual([]);

    // The scripted list is used up: the next request is a normal 200.
    const accepted = await postJson('/v1/traces', tracesJson([1]));
    expect(accepted.status).toBe(200);
    expect(receiver.spans()).toHaveLength(1);
    expect(receiver.requests().map((r) => [r.status, r.fault?.retryAfter])).toEqual([
      [503, '7'],
      [200, undefined],
    ]);
  });

  it('lets the upstream exporter retry after a 503 whose Retry-After is already past', async () => {
    // An HTTP-date in the past means "retry now" (a bare "0" is mishandled by the exporter as -1 ms).
    receiver.setFaults([{ status: 503, retryAfter: new Date(Date.now() - 60_000).toUTCString() }]);
    const provider = new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${receiver.url}/v1/traces` }) })],
    });
    provider.getTracer('retry').startSpan('retried', { kind: SpanKind.PRODUCER }).end();
    await provider.forceFlush();
    await provider.shutdown();
    const spans = await receiver.waitForSpans(1, { timeoutMs: 3000 });
    expect(spans.map((s) => s.name)).toEqual(['retried']);
    expect(receiver.requests().map((r) => r.status)).toEqual([503, 200]);
    expect(receiver.duplicateSeqs()).toBe(0);
  });

  it('hangs: never answers, the client times out, and close() still returns promptly', async () => {
    receiver.setDefaultFault({ hang: true });
    await expect(postJson('/v1/traces', tracesJson([1]), { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    const [request] = receiver.requests();
    expect(request).toMatchObject({ status: null, fault: { hang: true } });
    expect(receiver.spans()).toEqual([]);

    // A second hung request is still open when the receiver closes.
    void postJson('/v1/traces', tracesJson([2])).catch(() => undefined);
    await receiver.waitFor((r) => r.requests().length === 2, { timeoutMs: 2000 });
    const started = Date.now();
    await receiver.close();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('delays the answer by delayMs', async () => {
    receiver.setFaults([{ delayMs: 150 }]);
    const started = Date.now();
    const res = await postJson('/v1/traces', tracesJson([1]));
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(receiver.spans()).toHaveLength(1);
  });

  it('answers a partial success with the rejected count', async () => {
    receiver.setFaults([{ partialSuccess: { rejected: 2, message: 'too old' } }]);
    const res = await postJson('/v1/traces', tracesJson([1, 2, 3]));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ partialSuccess: { rejectedSpans: '2', errorMessage: 'too old' } });
    expect(receiver.spans()).toHaveLength(3);
  });
});

describe('refused requests', () => {
  it('answers 400 to a protobuf body that is not a message, and records why', async () => {
    const res = await fetch(`${receiver.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    const [request] = receiver.requests();
    expect(request).toMatchObject({ status: 400, signal: 'traces', bodySize: 6, itemCount: 0 });
    expect(request!.error).toMatch(/cannot decode protobuf/);
  });

  it('answers 400 to broken JSON, wrong shapes and non-hex ids', async () => {
    const bodies = [
      '{"resourceSpans": [',
      '{"resourceSpans": {"not": "an array"}}',
      '{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "not-hex"}]}]}]}',
    ];
    for (const body of bodies) {
      const res = await postJson('/v1/traces', body);
      expect(res.status, body).toBe(400);
      expect(await res.json()).toMatchObject({ code: 3 });
    }
    expect(receiver.spans()).toEqual([]);
    expect(receiver.requests().map((r) => r.status)).toEqual([400, 400, 400]);
  });

  it('answers 400 to a corrupt gzip body', async () => {
    const res = await postJson('/v1/traces', 'definitely not gzip', { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
    expect(res.status).toBe(400);
  });

  it('answers 404, 405 and 415 where OTLP/HTTP says so', async () => {
    expect((await postJson('/v1/profiles', '{}')).status).toBe(404);
    expect((await fetch(`${receiver.url}/v1/traces`)).status).toBe(405);
    const text = await fetch(`${receiver.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(text.status).toBe(415);
    expect(receiver.requests().map((r) => r.status)).toEqual([404, 405, 415]);
  });

  it('answers 413 past the body cap, on the wire and after gunzip', async () => {
    const small = await startOtlpReceiver({ maxBodyBytes: 1024 });
    try {
      const big = await fetch(`${small.url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: tracesJson(Array.from({ length: 50 }, (_, i) => i)),
      });
      expect(big.status).toBe(413);
      const bomb = await fetch(`${small.url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: gzipSync(Buffer.alloc(100_000, 0x20)),
      });
      expect(bomb.status).toBe(413);
      expect(small.requests().map((r) => r.status)).toEqual([413, 413]);
      expect(small.requests()[1]!.bodySize).toBeLessThan(1024);
    } finally {
      await small.close();
    }
  });
});

describe('bookkeeping', () => {
  it('answers an empty response in the request encoding', async () => {
    const proto = await fetch(`${receiver.url}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: new Uint8Array(0),
    });
    expect(proto.status).toBe(200);
    expect(proto.headers.get('content-type')).toBe('application/x-protobuf');
    expect((await proto.arrayBuffer()).byteLength).toBe(0);
    const json = await postJson('/v1/logs', '{}');
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(await json.text()).toBe('{}');
  });

  it('counts test.seq values received more than once', async () => {
    await postJson('/v1/traces', tracesJson([1, 2, 3]));
    await postJson('/v1/traces', tracesJson([2, 3, 4]));
    await postJson('/v1/traces', tracesJson([3]));
    expect(receiver.spans()).toHaveLength(7);
    expect(receiver.duplicateSeqs()).toBe(2);
  });

  it('waitFor rejects after the timeout with what was received', async () => {
    await postJson('/v1/traces', tracesJson([1]));
    await expect(receiver.waitForSpans(5, { timeoutMs: 100 })).rejects.toThrow(
      /timed out after 100 ms .*received 1 spans, 0 metrics, 0 logs in 1 requests/,
    );
    await expect(
      receiver.waitFor(
        (r) => {
          expect(r.spans()[0]!.name).toBe('other');
          return true;
        },
        { timeoutMs: 60 },
      ),
    ).rejects.toThrow(/last predicate error/);
  });

  it('reset forgets records, requests, sequence counts and faults', async () => {
    receiver.setFaults([{ status: 500 }, { status: 500 }]);
    receiver.setDefaultFault({ status: 502 });
    await postJson('/v1/traces', tracesJson([1]));
    receiver.reset();
    await postJson('/v1/traces', tracesJson([1]));
    expect(receiver.requests().map((r) => r.status)).toEqual([200]);
    expect(receiver.spans()).toHaveLength(1);
    expect(receiver.duplicateSeqs()).toBe(0);
  });
});
