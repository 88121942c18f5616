import { context, trace, TraceFlags, type SpanContext } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { OtelkitError, resetDiagRateLimit, setDiagSink, type OtelkitDiagSink } from '@otelkit/core';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeTraceHeaderOptions, setTraceResponseHeaders, traceIdHeader } from './headers.js';
import type { OtelkitTraceHeaderInput, OtelkitTraceHeaderOptions } from './types.js';

const SPAN_CONTEXT: SpanContext = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
};

let server: Server | undefined;
let lines: string[];
let previousSink: OtelkitDiagSink;

beforeEach(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: new InMemorySpanExporter() })] }));
  lines = [];
  previousSink = setDiagSink((_level, line) => lines.push(line));
  resetDiagRateLimit();
});

afterEach(async () => {
  trace.disable();
  context.disable();
  setDiagSink(previousSink);
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

interface Served {
  headers: Headers;
  traceId: string;
  spanId: string;
}

/** Serve one request inside a server span; `prepare` may set headers before ours. */
async function serve(
  input: OtelkitTraceHeaderInput | undefined,
  prepare: (res: ServerResponse) => void = () => {},
  requestHeaders: Record<string, string> = {},
): Promise<Served> {
  const options = normalizeTraceHeaderOptions(input);
  let ids = { traceId: '', spanId: '' };
  server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    trace.getTracer('test').startActiveSpan('GET /', (span) => {
      ids = { traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
      prepare(res);
      setTraceResponseHeaders(res, span.spanContext(), options);
      res.end('ok');
      span.end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/`, { headers: requestHeaders });
  await response.text();
  return { headers: response.headers, ...ids };
}

describe('setTraceResponseHeaders over real HTTP', () => {
  it('sends X-Trace-ID equal to the server span trace id', async () => {
    const { headers, traceId } = await serve(undefined);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(headers.get('x-trace-id')).toBe(traceId);
    expect(headers.get('server-timing')).toBeNull();
    expect(headers.get('access-control-expose-headers')).toBeNull();
  });

  it('never echoes a client-supplied trace id', async () => {
    const { headers, traceId } = await serve(undefined, undefined, { 'x-trace-id': 'attacker-value' });
    expect(headers.get('x-trace-id')).toBe(traceId);
  });

  it('uses a renamed header', async () => {
    const { headers, traceId } = await serve({ headerName: 'Trace-Id' });
    expect(headers.get('trace-id')).toBe(traceId);
    expect(headers.get('x-trace-id')).toBeNull();
  });

  it.each([[''], [false]] as const)('sends no trace header when headerName is %j', async (headerName) => {
    const { headers } = await serve({ headerName });
    expect(headers.get('x-trace-id')).toBeNull();
  });

  it('adds Server-Timing and expose headers', async () => {
    const { headers, traceId, spanId } = await serve({ serverTiming: true });
    expect(headers.get('server-timing')).toBe(`traceparent;desc="00-${traceId}-${spanId}-01"`);
    expect(headers.get('access-control-expose-headers')).toBe('X-Trace-ID, Server-Timing');
  });

  it('merges with existing Server-Timing and Access-Control-Expose-Headers values', async () => {
    const { headers, traceId, spanId } = await serve({ serverTiming: true }, (res) => {
      res.setHeader('Server-Timing', 'db;dur=53');
      res.setHeader('Access-Control-Expose-Headers', 'X-Request-ID, server-timing');
    });
    expect(headers.get('server-timing')).toBe(`db;dur=53, traceparent;desc="00-${traceId}-${spanId}-01"`);
    expect(headers.get('access-control-expose-headers')).toBe('X-Request-ID, server-timing, X-Trace-ID');
  });

  it('merges with array header values', async () => {
    const { headers } = await serve({ serverTiming: true, headerName: false }, (res) => {
      res.setHeader('Server-Timing', ['cache;desc=hit', 'db;dur=2']);
      res.setHeader('Access-Control-Expose-Headers', ['ETag', 'X-Other']);
    });
    expect(headers.get('server-timing')).toMatch(/^cache;desc=hit, db;dur=2, traceparent;desc="00-[0-9a-f]{32}-[0-9a-f]{16}-01"$/);
    expect(headers.get('access-control-expose-headers')).toBe('ETag, X-Other, Server-Timing');
  });

  it('works as connect-style middleware from the active span', async () => {
    const middleware = traceIdHeader({ serverTiming: true });
    let traceId = '';
    server = createServer((req, res) => {
      trace.getTracer('test').startActiveSpan('GET /', (span) => {
        traceId = span.spanContext().traceId;
        middleware(req, res, () => {
          res.end();
          span.end();
        });
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await response.text();
    expect(response.headers.get('x-trace-id')).toBe(traceId);
    expect(response.headers.get('server-timing')).toContain(traceId);
  });
});

describe('setTraceResponseHeaders in memory', () => {
  function fakeResponse(initial: Record<string, unknown> = {}): { headers: Map<string, unknown>; res: Parameters<typeof setTraceResponseHeaders>[0] } {
    const headers = new Map<string, unknown>(Object.entries(initial));
    return {
      headers,
      res: {
        setHeader: (name, value) => headers.set(name, value),
        getHeader: (name) => headers.get(name),
      },
    };
  }
  const on: OtelkitTraceHeaderOptions = normalizeTraceHeaderOptions({ serverTiming: true });

  it('does not throw when setHeader throws, and reports once', () => {
    const res = {
      setHeader: () => {
        throw new Error('boom');
      },
    };
    expect(() => setTraceResponseHeaders(res, SPAN_CONTEXT, on)).not.toThrow();
    expect(() => setTraceResponseHeaders(res, SPAN_CONTEXT, on)).not.toThrow();
    expect(lines.filter((line) => line.includes('boom'))).toHaveLength(1);
  });

  it('does not throw for a real response whose head is already sent', async () => {
    let thrown: unknown = 'not called';
    server = createServer((_req, res) => {
      res.end('done');
      try {
        setTraceResponseHeaders(res, SPAN_CONTEXT, on);
        thrown = undefined;
      } catch (err) {
        thrown = err;
      }
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await response.text();
    expect(thrown).toBeUndefined();
    expect(response.headers.get('x-trace-id')).toBeNull();
    expect(lines.some((line) => line.includes('already sent'))).toBe(true);
  });

  it('writes nothing for an invalid or missing span context', () => {
    const { headers, res } = fakeResponse();
    setTraceResponseHeaders(res, undefined, on);
    setTraceResponseHeaders(res, { traceId: '0'.repeat(32), spanId: 'b7ad6b7169203331', traceFlags: 1 }, on);
    setTraceResponseHeaders(res, { traceId: 'x'.repeat(32), spanId: 'b7ad6b7169203331', traceFlags: 1 }, on);
    expect(headers.size).toBe(0);
  });

  it('lowercases an uppercase id accepted by the api', () => {
    const { headers, res } = fakeResponse();
    setTraceResponseHeaders(res, { ...SPAN_CONTEXT, traceId: SPAN_CONTEXT.traceId.toUpperCase() }, on);
    expect(headers.get('X-Trace-ID')).toBe(SPAN_CONTEXT.traceId);
  });

  it('masks reserved flag bits in Server-Timing', () => {
    const { headers, res } = fakeResponse();
    setTraceResponseHeaders(res, { ...SPAN_CONTEXT, traceFlags: 0xff }, on);
    expect(headers.get('Server-Timing')).toBe(`traceparent;desc="00-${SPAN_CONTEXT.traceId}-${SPAN_CONTEXT.spanId}-03"`);
  });

  it('does not duplicate entries when called twice', () => {
    const { headers, res } = fakeResponse();
    setTraceResponseHeaders(res, SPAN_CONTEXT, on);
    setTraceResponseHeaders(res, SPAN_CONTEXT, on);
    expect(headers.get('Server-Timing')).toBe(`traceparent;desc="00-${SPAN_CONTEXT.traceId}-${SPAN_CONTEXT.spanId}-01"`);
    expect(headers.get('Access-Control-Expose-Headers')).toBe('X-Trace-ID, Server-Timing');
  });

  it('works without getHeader', () => {
    const headers = new Map<string, unknown>();
    setTraceResponseHeaders({ setHeader: (name, value) => headers.set(name, value) }, SPAN_CONTEXT, on);
    expect(headers.get('X-Trace-ID')).toBe(SPAN_CONTEXT.traceId);
    expect(headers.get('Access-Control-Expose-Headers')).toBe('X-Trace-ID, Server-Timing');
  });
});

describe('normalizeTraceHeaderOptions', () => {
  it('applies defaults and freezes', () => {
    const options = normalizeTraceHeaderOptions();
    expect(options).toEqual({ headerName: 'X-Trace-ID', serverTiming: false });
    expect(Object.isFrozen(options)).toBe(true);
    expect(Object.isFrozen(normalizeTraceHeaderOptions({ serverTiming: true }))).toBe(true);
  });

  it('keeps the case of the header name and turns "" into off', () => {
    expect(normalizeTraceHeaderOptions({ headerName: 'x-Request-Trace' }).headerName).toBe('x-Request-Trace');
    expect(normalizeTraceHeaderOptions({ headerName: '' }).headerName).toBe(false);
    expect(normalizeTraceHeaderOptions({ headerName: false }).headerName).toBe(false);
  });

  it.each(['X Trace', 'X-Trace:', 'X-Trace\r\nSet-Cookie: a=b', 'Trace(id)', 'é', 'a"b'])('rejects header name %j', (headerName) => {
    expect(() => normalizeTraceHeaderOptions({ headerName })).toThrow(OtelkitError);
    try {
      normalizeTraceHeaderOptions({ headerName });
    } catch (err) {
      expect((err as OtelkitError).code).toBe('OTELKIT_ERR_INVALID_HEADER_NAME');
    }
  });

  it('rejects wrong types and unknown keys', () => {
    const bad = (input: unknown): string | undefined => {
      try {
        normalizeTraceHeaderOptions(input as OtelkitTraceHeaderInput);
        return undefined;
      } catch (err) {
        return (err as OtelkitError).code;
      }
    };
    expect(bad({ serverTiming: 'yes' })).toBe('OTELKIT_ERR_INVALID_OPTION');
    expect(bad({ headerName: 42 })).toBe('OTELKIT_ERR_INVALID_OPTION');
    expect(bad('X-Trace-ID')).toBe('OTELKIT_ERR_INVALID_OPTION');
    expect(bad({ headername: 'X' })).toBe('OTELKIT_ERR_UNKNOWN_OPTION');
    expect(() => traceIdHeader({ headerName: 'bad name' })).toThrow(OtelkitError);
  });
});
