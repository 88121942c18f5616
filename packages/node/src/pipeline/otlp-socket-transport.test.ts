import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { createServer as createNetServer, Socket, type Server as NetServer } from 'node:net';
import { once } from 'node:events';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OTLPExporterError } from '@opentelemetry/otlp-exporter-base';
import { createTestCertificates, type TestCertificates } from '@otelkit/testing';
import { abandonExports, inFlightSockets, resetExportState } from './export-state.js';
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
    // Socket#setTimeout is what the app's server calls on every response it sends (bench/README item 38).
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
      expect(streamTimeout.mock.calls.filter((c, i) => streamTimeout.mock.contexts[i] instanceof Socket && !(streamTimeout.mock.contexts[i] as Socket).server)).toEqual([]);
    } finally {
      streamTimeout.mockRestore();
    }
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
    expect(await t.send(payload, 2000)).toEqual({ status: 'retryable', retryInMillis: 2000 });
    status = 429;
    expect(await t.send(payload, 2000)).toEqual({ status: 'retryable', retryInMillis: undefined });
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
    servers.push(server as unknown as Server);
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
