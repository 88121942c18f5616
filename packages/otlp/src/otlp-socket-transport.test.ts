import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { createServer as createNetServer, Socket, type Server as NetServer } from 'node:net';
import { once } from 'node:events';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OTLPExporterError } from '@opentelemetry/otlp-exporter-base';
import { createTestCertificates, type TestCertificates } from '@otelkit/testing';
import { abandonExports, inFlightSockets, resetExportState } from './export-state.js';
import { decodeTraceExportResponse } from './otlp-response.js';
import { SocketExportTransport, socketTransportApplies, type SocketExportResponse } from './otlp-socket-transport.js';

const servers: Array<Server | NetServer> = [];
const transports: SocketExportTransport[] = [];
const rawSockets: Socket[] = [];
afterEach(async () => {
  for (const t of transports.splice(0)) t.shutdown();
  for (const socket of rawSockets.splice(0)) socket.destroy();
  for (const s of servers.splice(0)) {
    (s as Server).closeAllConnections?.();
    await new Promise((resolve) => s.close(resolve));
  }
});

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  port: number;
}

async function httpServer(handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body, port: req.socket.remotePort! });
      handler(req, res, body);
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/v1/traces`, received };
}

async function rawServer(onConnection: (socket: Socket, index: number) => void): Promise<string> {
  let n = 0;
  const server = createNetServer((socket) => {
    rawSockets.push(socket);
    onConnection(socket, n++);
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/v1/traces`;
}

function transport(url: string, headers: Record<string, string> = { 'Content-Type': 'application/x-protobuf' }, compression?: string, idleMillis?: number): SocketExportTransport {
  const t = new SocketExportTransport(url, headers, { compression, idleMillis });
  transports.push(t);
  return t;
}

const payload = Uint8Array.from({ length: 3000 }, (_, i) => i % 251);

describe('SocketExportTransport', () => {
  it('POSTs the bytes with the headers and returns the answer body; keeps the connection for the next export', async () => {
    const { url, received } = await httpServer((_req, res) => res.end(Buffer.from([1, 2, 3])));
    const t = transport(url, { 'Content-Type': 'application/x-protobuf', 'User-Agent': 'otelkit/test', 'x-api-key': 'k' });
    const first = await t.send(payload, 2000);
    expect(first).toEqual({ status: 'success', data: Buffer.from([1, 2, 3]) });
    expect(await t.send(payload, 2000)).toMatchObject({ status: 'success' });
    expect(received).toHaveLength(2);
    expect(received[0]).toMatchObject({ method: 'POST', url: '/v1/traces' });
    expect(received[0]!.headers).toMatchObject({ 'content-type': 'application/x-protobuf', 'user-agent': 'otelkit/test', 'x-api-key': 'k', 'content-length': '3000' });
    expect(received[0]!.headers.host).toBe(new URL(url).host);
    expect(Buffer.compare(received[0]!.body, Buffer.from(payload))).toBe(0);
    expect(received[1]!.port).toBe(received[0]!.port);
  });

  it('closes a kept connection after the idle time with a timer of its own, never through the stream timeout', async () => {
    const closed = new Set<number>();
    const { url, received } = await httpServer((req, res) => {
      const port = req.socket.remotePort!;
      req.socket.once('close', () => closed.add(port));
      res.end();
    });
    // Socket#setTimeout is what the app's server calls on every response it sends
    // (docs/performance.md, "No stream timeout on the export's sockets").
    const streamTimeout = vi.spyOn(Socket.prototype, 'setTimeout');
    try {
      const t = transport(url, undefined, undefined, 100);
      expect(await t.send(payload, 2000)).toMatchObject({ status: 'success' });
      expect(await t.send(payload, 2000)).toMatchObject({ status: 'success' });
      expect(received[1]!.port).toBe(received[0]!.port);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect([...closed]).toEqual([received[0]!.port]);
      expect(await t.send(payload, 2000)).toMatchObject({ status: 'success' });
      expect(received).toHaveLength(3);
      expect(received[2]!.port).not.toBe(received[0]!.port);
      expect(streamTimeout.mock.calls.filter((c, i) => streamTimeout.mock.contexts[i] instanceof Socket && !streamTimeout.mock.contexts[i].server)).toEqual([]);
    } finally {
      streamTimeout.mockRestore();
    }
  });

  it('makes its connections and idle timers outside the request that set the export off', async () => {
    // An app's own store stands for the request's context: a kept socket would hold it for its life.
    const als = new AsyncLocalStorage<string>();
    const { url } = await httpServer((_req, res) => res.end());
    const t = transport(url, undefined, undefined, 50);
    expect(await als.run('request', () => t.send(payload, 2000))).toMatchObject({ status: 'success' });
    const kept = (t as unknown as { idle: Array<{ socket: Socket }> }).idle[0]!.socket;
    const seen: Record<string, string | undefined> = {};
    // The idle timer destroys the socket: destroy() runs in the timer's context, 'close' in the socket's.
    const destroy = kept.destroy.bind(kept);
    kept.destroy = (error?: Error) => {
      seen['idle timer'] ??= als.getStore();
      return destroy(error);
    };
    kept.once('close', () => (seen['socket'] = als.getStore()));
    await once(kept, 'close');
    expect(seen).toEqual({ 'idle timer': undefined, socket: undefined });
  });

  it('gzip: sends the compressed bytes with Content-Encoding and their length, on every attempt', async () => {
    let calls = 0;
    const { url, received } = await httpServer((_req, res) => {
      res.statusCode = ++calls === 1 ? 503 : 200;
      res.end();
    });
    const t = transport(url, { 'Content-Type': 'application/x-protobuf' }, 'gzip');
    expect(await t.send(payload, 2000)).toMatchObject({ status: 'retryable' });
    expect(await t.send(payload, 2000)).toMatchObject({ status: 'success' });
    expect(received).toHaveLength(2);
    for (const r of received) {
      expect(r.headers['content-encoding']).toBe('gzip');
      expect(Number(r.headers['content-length'])).toBe(r.body.length);
      expect(Buffer.compare(gunzipSync(r.body), Buffer.from(payload))).toBe(0);
    }
  });

  it('opens a new connection after an answer with Connection: close', async () => {
    const { url, received } = await httpServer((_req, res) => {
      res.setHeader('Connection', 'close');
      res.end('x');
    });
    const t = transport(url);
    expect(await t.send(payload, 2000)).toMatchObject({ status: 'success' });
    expect(await t.send(payload, 2000)).toMatchObject({ status: 'success' });
    expect(received).toHaveLength(2);
    expect(received[1]!.port).not.toBe(received[0]!.port);
  });

  it('reads a chunked answer', async () => {
    const { url } = await httpServer((_req, res) => {
      res.write('ab');
      res.end('cde');
    });
    const result = await transport(url).send(payload, 2000);
    expect(result.status).toBe('success');
    expect(Buffer.from((result as { data: Uint8Array }).data).toString()).toBe('abcde');
  });

  it('answers 429/502/503/504 as retryable with Retry-After, other statuses as failures with the body', async () => {
    let status = 503;
    const { url } = await httpServer((_req, res) => {
      res.writeHead(status, status === 503 ? { 'Retry-After': '2' } : {});
      res.end(status === 400 ? 'bad batch' : '');
    });
    const t = transport(url);
    expect(await t.send(payload, 2000)).toMatchObject({ status: 'retryable', retryInMillis: 2000, error: { code: 503 } });
    status = 429;
    expect(await t.send(payload, 2000)).toMatchObject({ status: 'retryable', retryInMillis: undefined, error: { code: 429 } });
    status = 400;
    const failed = (await t.send(payload, 2000)) as Extract<SocketExportResponse, { status: 'failure' }>;
    expect(failed.status).toBe('failure');
    expect(failed.error).toBeInstanceOf(OTLPExporterError);
    expect((failed.error as OTLPExporterError).code).toBe(400);
    expect((failed.error as OTLPExporterError).data).toBe('bad batch');
  });

  it('sends again on a new connection when the collector closed the kept one unanswered', async () => {
    const seen: number[] = [];
    const url = await rawServer((socket, index) => {
      let requests = 0;
      socket.on('data', () => {
        requests++;
        seen.push(index);
        // The first connection answers once, then drops the second request without a word.
        if (index === 0 && requests === 2) socket.destroy();
        else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
      });
    });
    const t = transport(url);
    expect(await t.send(payload.subarray(0, 10), 2000)).toMatchObject({ status: 'success' });
    expect(await t.send(payload.subarray(0, 10), 2000)).toMatchObject({ status: 'success' });
    expect(seen).toEqual([0, 0, 1]);
  });

  it('abandoned at exit: the export in flight on a kept connection fails without a new connection, and no later one starts', async () => {
    const seen: number[] = [];
    const url = await rawServer((socket, index) => {
      let requests = 0;
      socket.on('data', () => {
        seen.push(index);
        // The first request is answered; the second one hangs, as on a collector that stalled.
        if (++requests === 1) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
      });
    });
    const t = transport(url);
    try {
      expect(await t.send(payload.subarray(0, 10), 2000)).toMatchObject({ status: 'success' });
      const hanging = t.send(payload.subarray(0, 10), 10_000);
      await new Promise((r) => setTimeout(r, 50));
      expect(inFlightSockets().size).toBe(1);
      abandonExports();
      const result = (await hanging) as { status: string; error?: Error };
      expect(result.status).toBe('failure');
      expect(result.error?.message).toMatch(/abandoned/);
      expect(await t.send(payload.subarray(0, 10), 2000)).toMatchObject({ status: 'failure' });
      expect(seen).toEqual([0, 0]);
      expect(inFlightSockets().size).toBe(0);
    } finally {
      resetExportState();
    }
  });

  it('reports a refused connection as retryable with its code, and a silent collector as a timeout', async () => {
    const closed = await rawServer((socket) => socket.destroy());
    const port = new URL(closed).port;
    const refused = (await new Promise<SocketExportResponse>((resolve) => {
      // Close the listener first so that the port refuses.
      servers.pop()!.close(() => resolve(transport(`http://127.0.0.1:${port}/v1/traces`).send(payload, 2000)));
    })) as { status: string; error?: NodeJS.ErrnoException };
    expect(refused.status).toBe('retryable');
    expect(refused.error?.code).toBe('ECONNREFUSED');

    const silent = await rawServer(() => {});
    const started = Date.now();
    const result = (await transport(silent).send(payload, 150)) as { status: string; error?: Error };
    expect(result.status).toBe('retryable');
    expect(result.error?.message).toBe('Request timed out');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('fails an answer over 4 MiB instead of buffering it', async () => {
    const url = await rawServer((socket) => {
      socket.once('data', () => socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n`));
    });
    const result = (await transport(url).send(payload, 2000)) as { status: string; error?: Error };
    expect(result.status).toBe('failure');
    expect(result.error?.message).toMatch(/exceeded size limit/);
  });
});

/**
 * A raw server that answers every complete request (head + Content-Length body) with the exact
 * bytes of `reply`, each piece in its own write a few ms apart, so that the transport also sees
 * answers split across reads. `seen` is the connection index of each request, in order.
 */
async function scriptedServer(reply: (request: number) => { pieces: Array<string | Buffer>; end?: boolean }): Promise<{ url: string; seen: number[] }> {
  const seen: number[] = [];
  let requests = 0;
  const url = await rawServer((socket, index) => {
    socket.setNoDelay(true);
    let pending = Buffer.alloc(0);
    const onData = async (chunk: Buffer): Promise<void> => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const headEnd = pending.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(pending.toString('latin1', 0, headEnd))?.[1] ?? 0);
        if (pending.length < headEnd + 4 + length) return;
        pending = pending.subarray(headEnd + 4 + length);
        seen.push(index);
        const { pieces, end } = reply(requests++);
        for (const [i, piece] of pieces.entries()) {
          if (i > 0) await new Promise((r) => setTimeout(r, 5));
          if (!socket.destroyed) socket.write(piece);
        }
        if (end === true) socket.end();
      }
    };
    // A failing reply() ends the connection: the transport then sees a broken answer.
    socket.on('data', (chunk: Buffer) => {
      onData(chunk).catch((error: unknown) => socket.destroy(error instanceof Error ? error : new Error(String(error))));
    });
  });
  return { url, seen };
}

// An ExportTraceServiceResponse with partial_success { rejected_spans: 3, error_message: "x" }.
const partial = Buffer.from([0x0a, 0x05, 0x08, 0x03, 0x12, 0x01, 0x78]);
const partialGzip = gzipSync(partial);

/** `data` cut into pieces of `size` bytes. */
function pieces(data: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size));
  return out;
}

/** A chunked body of `body` in chunks of `size` bytes, each chunk line with an extension. */
function chunked(body: Buffer, size: number, trailer = ''): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < body.length; i += size) {
    const chunk = body.subarray(i, i + size);
    parts.push(Buffer.from(`${chunk.length.toString(16).toUpperCase()};ext="a b"\r\n`, 'latin1'), chunk, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`0\r\n${trailer}\r\n`, 'latin1'));
  return Buffer.concat(parts);
}

describe('SocketExportTransport: response framing (RFC 9112 section 6.3)', () => {
  // Generous, so that a slow machine passes; an answer that waits for it fails the 1/3 bound.
  const TIMEOUT = 4500;
  const small = payload.subarray(0, 10);

  interface Shape {
    name: string;
    pieces: Array<string | Buffer>;
    /** The server closes the connection after the answer. */
    end?: boolean;
    /** The body the export hands to the deserializer. */
    data: Buffer | undefined;
    reused: boolean;
    /** Only 2xx is a success (as upstream); a 304 is a failure, but a prompt one. Default 200. */
    status?: number;
  }
  const shapes: Shape[] = [
    { name: '204 without any length', pieces: ['HTTP/1.1 204 No Content\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\n\r\n'], data: Buffer.alloc(0), reused: true },
    { name: '204 with a stray Transfer-Encoding: chunked (no body regardless)', pieces: ['HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n'], data: Buffer.alloc(0), reused: true },
    { name: '304 with the Content-Length of the representation (no body regardless)', pieces: ['HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n'], data: Buffer.alloc(0), reused: true, status: 304 },
    { name: '200 with Content-Length: 0', pieces: ['HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'], data: Buffer.alloc(0), reused: true },
    { name: '100 Continue, then 200, in one write', pieces: ['HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'], data: Buffer.from('ok'), reused: true },
    { name: '100 and 103 with headers, then 204, in separate writes', pieces: ['HTTP/1.1 100 Continue\r\n\r\n', 'HTTP/1.1 103 Early Hints\r\nLink: </a>; rel=preload\r\n\r\n', 'HTTP/1.1 204 No Content\r\n\r\n'], data: Buffer.alloc(0), reused: true },
    { name: 'Content-Length body split across writes', pieces: [`HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: ${partial.length}\r\n\r\n`, partial.subarray(0, 3), partial.subarray(3)], data: partial, reused: true },
    { name: 'Content-Length repeated with the same value', pieces: ['HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\ncontent-length: 2\r\n\r\nok'], data: Buffer.from('ok'), reused: true },
    { name: 'chunked: several chunks with extensions and a trailer, across writes', pieces: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', chunked(Buffer.from('abcdefghijklmnopq'), 5, 'X-Checksum: 1\r\n').subarray(0, 20), chunked(Buffer.from('abcdefghijklmnopq'), 5, 'X-Checksum: 1\r\n').subarray(20)], data: Buffer.from('abcdefghijklmnopq'), reused: true },
    { name: 'chunked: split every 3 bytes (in size lines, data and CRLFs)', pieces: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', ...pieces(chunked(Buffer.from('abcdefghijklmnopq'), 5), 3)], data: Buffer.from('abcdefghijklmnopq'), reused: true },
    { name: 'chunked: the last chunk in its own write', pieces: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n', '0\r\n\r\n'], data: Buffer.from('0123456789'), reused: true },
    { name: 'close-delimited body', pieces: ['HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n', 'until the ', 'end'], end: true, data: Buffer.from('until the end'), reused: false },
    { name: 'HTTP/1.0 with Content-Length and no keep-alive', pieces: ['HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok'], data: Buffer.from('ok'), reused: false },
    { name: 'Connection: close among other tokens', pieces: ['HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 2\r\n\r\nok'], data: Buffer.from('ok'), reused: false },
    { name: 'gzip body with Content-Length', pieces: [`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${partialGzip.length}\r\n\r\n`, partialGzip], data: partial, reused: true },
    { name: 'gzip body, chunked', pieces: ['HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n', chunked(partialGzip, 7)], data: partial, reused: true },
    { name: 'gzip as a transfer coding before chunked', pieces: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n', chunked(partialGzip, 9)], data: partial, reused: true },
    { name: '204 with Content-Encoding: gzip and no body', pieces: ['HTTP/1.1 204 No Content\r\nContent-Encoding: gzip\r\n\r\n'], data: Buffer.alloc(0), reused: true },
  ];

  it.each(shapes)('$name: answered promptly with the body, and the connection is reused as the rules say', async (shape) => {
    const { url, seen } = await scriptedServer(() => ({ pieces: shape.pieces, end: shape.end }));
    const t = transport(url);
    const started = Date.now();
    const first = await t.send(small, TIMEOUT);
    expect(Date.now() - started).toBeLessThan(TIMEOUT / 3);
    if (shape.status === undefined) {
      expect(first.status).toBe('success');
      const data = (first as { data?: Uint8Array }).data;
      expect(data === undefined ? undefined : Buffer.from(data)).toEqual(shape.data);
    } else {
      expect(first.status).toBe('failure');
      const error = (first as { error: OTLPExporterError }).error;
      expect(error).toBeInstanceOf(OTLPExporterError);
      expect([error.code, error.data]).toEqual([shape.status, shape.data!.toString()]);
    }
    const second = await t.send(small, TIMEOUT);
    expect(second.status).toBe(shape.status === undefined ? 'success' : 'failure');
    expect(Date.now() - started).toBeLessThan(TIMEOUT / 3);
    expect(seen).toEqual(shape.reused ? [0, 0] : [0, 1]);
  }, 3 * TIMEOUT);

  it('hands a gzip-encoded answer to the trace response decoder as protobuf', async () => {
    const { url } = await scriptedServer(() => ({ pieces: [`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${partialGzip.length}\r\n\r\n`, partialGzip] }));
    const result = (await transport(url).send(small, TIMEOUT)) as { data?: Uint8Array };
    expect(decodeTraceExportResponse(result.data)).toEqual({ partialSuccess: { rejectedSpans: 3, errorMessage: 'x' } });
  });

  it('a 2xx whose gzip body is unreadable is still a success, without a body, on a reusable connection', async () => {
    const { url, seen } = await scriptedServer(() => ({ pieces: ['HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\nnope'] }));
    const t = transport(url);
    expect(await t.send(small, TIMEOUT)).toEqual({ status: 'success', data: undefined });
    expect(await t.send(small, TIMEOUT)).toMatchObject({ status: 'success' });
    expect(seen).toEqual([0, 0]);
  });

  it('decodes a gzip body of an error answer for the error it reports', async () => {
    const text = gzipSync('bad batch');
    const { url } = await scriptedServer(() => ({ pieces: [`HTTP/1.1 400 Bad Request\r\nContent-Encoding: gzip\r\nContent-Length: ${text.length}\r\n\r\n`, text] }));
    const failed = (await transport(url).send(small, TIMEOUT)) as { status: string; error?: OTLPExporterError };
    expect(failed.status).toBe('failure');
    expect(failed.error?.code).toBe(400);
    expect(failed.error?.data).toBe('bad batch');
  });

  const malformed: Array<{ name: string; pieces: string[]; message: RegExp }> = [
    { name: 'a Content-Length that is not a number', pieces: ['HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\nok'], message: /malformed.*Content-Length/ },
    { name: 'a Content-Length in hexadecimal', pieces: ['HTTP/1.1 200 OK\r\nContent-Length: 0x2\r\n\r\nok'], message: /malformed.*Content-Length/ },
    { name: 'conflicting Content-Length values in one field', pieces: ['HTTP/1.1 200 OK\r\nContent-Length: 2, 3\r\n\r\nok'], message: /malformed.*Content-Length/ },
    { name: 'conflicting Content-Length fields', pieces: ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok'], message: /malformed.*Content-Length/ },
    { name: 'both Transfer-Encoding and Content-Length', pieces: ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n'], message: /malformed.*Transfer-Encoding/ },
    { name: 'a chunk size that is not hexadecimal', pieces: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n'], message: /malformed.*chunk/ },
    { name: 'a chunk size with a 0x prefix', pieces: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x2\r\nok\r\n0\r\n\r\n'], message: /malformed.*chunk/ },
    { name: 'a chunk longer than its size', pieces: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokay\r\n0\r\n\r\n'], message: /malformed.*chunk/ },
    { name: 'a status line that is not HTTP', pieces: ['SSH-2.0-OpenSSH_9.6\r\n\r\n'], message: /malformed/ },
    { name: '101 Switching Protocols, never asked for', pieces: ['HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n'], message: /malformed.*101/ },
  ];

  it.each(malformed)('$name: a prompt failure that names the problem, and the connection is not reused', async ({ pieces, message }) => {
    let n = 0;
    const { url, seen } = await scriptedServer(() => (n++ === 0 ? { pieces } : { pieces: ['HTTP/1.1 204 No Content\r\n\r\n'] }));
    const t = transport(url);
    const started = Date.now();
    const result = (await t.send(small, TIMEOUT)) as { status: string; error?: Error };
    expect(Date.now() - started).toBeLessThan(TIMEOUT / 3);
    expect(result.status).toBe('failure');
    expect(result.error?.message).toMatch(message);
    expect(await t.send(small, TIMEOUT)).toMatchObject({ status: 'success' });
    expect(seen).toEqual([0, 1]);
  }, 3 * TIMEOUT);

  it('an answer cut short by the end of the connection is retryable, whatever its framing', async () => {
    for (const pieces of [['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nok'], ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab'], ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-Trailer: 1\r\n'], ['HTTP/1.1 100 Continue\r\n\r\n']]) {
      const { url } = await scriptedServer(() => ({ pieces, end: true }));
      const started = Date.now();
      const result = (await transport(url).send(small, TIMEOUT)) as { status: string; error?: Error };
      expect(Date.now() - started).toBeLessThan(TIMEOUT / 3);
      expect(result).toMatchObject({ status: 'retryable' });
    }
  }, 3 * TIMEOUT);
});

describe('SocketExportTransport over TLS', () => {
  // A CA and a certificate for 127.0.0.1 and localhost, made by openssl for this run.
  let certs: TestCertificates;
  beforeAll(() => {
    certs = createTestCertificates();
  });
  afterAll(() => certs?.remove());

  async function httpsServer(): Promise<{ port: number; seen: Array<{ body: Buffer; servername: string | false; reused: boolean; port: number }> }> {
    const seen: Array<{ body: Buffer; servername: string | false; reused: boolean; port: number }> = [];
    const server = createHttpsServer({ key: readFileSync(certs.serverKeyFile), cert: readFileSync(certs.serverCertFile) }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const socket = req.socket as TLSSocket;
        seen.push({ body: Buffer.concat(chunks), servername: (socket as TLSSocket & { servername: string | false }).servername, reused: socket.isSessionReused(), port: socket.remotePort! });
        res.end(Buffer.from([9]));
      });
    });
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return { port: (server.address() as { port: number }).port, seen };
  }

  it('sends to an https receiver the CA vouches for, keeps the connection, and resumes the TLS session on a new one', async () => {
    const { port, seen } = await httpsServer();
    const t = new SocketExportTransport(`https://127.0.0.1:${port}/v1/traces`, { 'Content-Type': 'application/x-protobuf' }, { tls: { ca: readFileSync(certs.caFile) }, idleMillis: 100 });
    transports.push(t);
    expect(await t.send(payload, 2000)).toEqual({ status: 'success', data: Buffer.from([9]) });
    expect(await t.send(payload, 2000)).toMatchObject({ status: 'success' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await t.send(payload, 2000)).toMatchObject({ status: 'success' });
    expect(seen.map((s) => Buffer.compare(s.body, Buffer.from(payload)))).toEqual([0, 0, 0]);
    expect(seen[1]!.port).toBe(seen[0]!.port);
    expect(seen[2]!.port).not.toBe(seen[0]!.port);
    // No SNI for an address (RFC 6066); the session of the first connection is offered again.
    expect(seen.map((s) => [s.servername, s.reused])).toEqual([[false, false], [false, false], [false, true]]);
  });

  it('names the host in SNI and checks the certificate against it', async () => {
    const { port, seen } = await httpsServer();
    const t = new SocketExportTransport(`https://localhost:${port}/v1/traces`, {}, { tls: { ca: readFileSync(certs.caFile) } });
    transports.push(t);
    expect(await t.send(payload, 2000)).toMatchObject({ status: 'success' });
    expect(seen[0]!.servername).toBe('localhost');
  });

  it('fails without retrying when the receiver\'s certificate is not trusted', async () => {
    const { port, seen } = await httpsServer();
    const t = new SocketExportTransport(`https://127.0.0.1:${port}/v1/traces`, {}, {});
    transports.push(t);
    const result = (await t.send(payload, 2000)) as { status: string; error?: NodeJS.ErrnoException };
    expect(result.status).toBe('failure');
    expect(result.error?.code).toMatch(/CERT|SIGNATURE/);
    expect(seen).toEqual([]);
  });
});

describe('socketTransportApplies', () => {
  const h = { 'Content-Type': 'application/x-protobuf' };
  it('takes http and https, without compression or with gzip, and leaves proxies, credentials in the URL and odd headers to the upstream transport', () => {
    expect(socketTransportApplies('http://collector:4318/v1/traces', undefined, h, {})).toBe(true);
    expect(socketTransportApplies('http://collector:4318/v1/traces', 'none', h, {})).toBe(true);
    expect(socketTransportApplies('https://collector:4318/v1/traces', undefined, h, {})).toBe(true);
    expect(socketTransportApplies('ftp://collector:4318/v1/traces', undefined, h, {})).toBe(false);
    expect(socketTransportApplies('http://collector:4318/v1/traces', 'gzip', h, {})).toBe(true);
    expect(socketTransportApplies('http://collector:4318/v1/traces', 'br', h, {})).toBe(false);
    expect(socketTransportApplies('http://collector:4318/v1/traces', undefined, h, { NODE_USE_ENV_PROXY: '1' })).toBe(false);
    expect(socketTransportApplies('http://u:p@collector:4318/v1/traces', undefined, h, {})).toBe(false);
    expect(socketTransportApplies('http://collector:4318/v1/traces', undefined, { ...h, 'x-key': 'a\r\nx: y' }, {})).toBe(false);
    expect(socketTransportApplies('http://collector:4318/v1/traces', undefined, { ...h, 'bad name': 'v' }, {})).toBe(false);
    expect(socketTransportApplies('not a url', undefined, h, {})).toBe(false);
  });
});
