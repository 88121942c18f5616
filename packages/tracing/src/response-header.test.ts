import { once } from 'node:events';
import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { setIdHeader } from './response-header.js';

/** Serve one request with `handle`, and return the client's view of the response. */
async function serveOnce(handle: (res: ServerResponse) => void): Promise<IncomingMessage & { body: string }> {
  const server = createServer((_req, res) => handle(res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    const response = await new Promise<IncomingMessage>((resolve, reject) => get({ host: '127.0.0.1', port, path: '/' }, resolve).on('error', reject));
    let body = '';
    for await (const chunk of response) body += String(chunk);
    return Object.assign(response, { body });
  } finally {
    server.close();
  }
}

describe('setIdHeader', () => {
  it('stores the header in Node\'s own table: setHeader is not called, and every header API and the wire see it', async () => {
    const seen: Record<string, unknown> = {};
    const response = await serveOnce((res) => {
      const setHeader = vi.spyOn(res, 'setHeader');
      setIdHeader(res, 'X-Trace-ID', '0af7651916cd43dd8448eb211c80319c');
      setIdHeader(res, 'X-Request-ID', 'req-1');
      seen.setHeaderCalls = setHeader.mock.calls.length;
      setHeader.mockRestore();
      seen.get = res.getHeader('x-trace-id');
      seen.has = res.hasHeader('X-Request-ID');
      seen.names = res.getHeaderNames();
      seen.raw = res.getRawHeaderNames();
      res.setHeader('X-Request-ID', 'req-2'); // the app's own value replaces it, as with setHeader
      res.setHeader('Content-Type', 'text/plain');
      res.end('ok');
    });
    expect(seen).toEqual({ setHeaderCalls: 0, get: '0af7651916cd43dd8448eb211c80319c', has: true, names: ['x-trace-id', 'x-request-id'], raw: ['X-Trace-ID', 'X-Request-ID'] });
    expect(response.body).toBe('ok');
    expect(response.headers['x-trace-id']).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(response.headers['x-request-id']).toBe('req-2');
    // The name goes on the wire as given.
    expect(response.rawHeaders).toContain('X-Trace-ID');
  });

  it('more names than it remembers at once: each still gets its own entry and case', async () => {
    const names = ['X-One', 'x-two', 'X-THREE', 'X-One', 'X-Four', 'x-two'];
    const response = await serveOnce((res) => {
      names.forEach((name, i) => setIdHeader(res, name, `v${i}`));
      res.end();
    });
    expect(response.headers).toMatchObject({ 'x-one': 'v3', 'x-two': 'v5', 'x-three': 'v2', 'x-four': 'v4' });
    const raw = response.rawHeaders.filter((_, i) => i % 2 === 0);
    expect(raw).toEqual(expect.arrayContaining(['X-One', 'x-two', 'X-THREE', 'X-Four']));
  });

  it('a removed header stays removed, and writeHead() headers merge with it', async () => {
    const response = await serveOnce((res) => {
      setIdHeader(res, 'X-Trace-ID', 'abc');
      setIdHeader(res, 'X-Request-ID', 'r');
      res.removeHeader('X-Request-ID');
      res.writeHead(200, { 'X-Other': '1' });
      res.end();
    });
    expect(response.headers['x-trace-id']).toBe('abc');
    expect(response.headers['x-other']).toBe('1');
    expect(response.headers).not.toHaveProperty('x-request-id');
  });

  it('after the head was sent it throws what setHeader throws', async () => {
    let error: unknown;
    await serveOnce((res) => {
      res.end('done');
      try {
        setIdHeader(res, 'X-Trace-ID', 'abc');
      } catch (err) {
        error = err;
      }
    });
    expect(error).toMatchObject({ code: 'ERR_HTTP_HEADERS_SENT' });
  });

  it('a name that is not an HTTP token goes to setHeader, which refuses it', async () => {
    let error: unknown;
    await serveOnce((res) => {
      try {
        setIdHeader(res, 'X Trace', 'abc');
      } catch (err) {
        error = err;
      }
      res.end();
    });
    expect(error).toMatchObject({ code: 'ERR_INVALID_HTTP_TOKEN' });
  });

  it('a mock response first, then Node\'s own: the mock gets setHeader(), Node\'s response its table', async () => {
    const calls: string[] = [];
    setIdHeader({ setHeader: (name: string) => calls.push(name) }, 'X-Mock-First', 'abc');
    let nodeCalls = -1;
    const response = await serveOnce((res) => {
      const setHeader = vi.spyOn(res, 'setHeader');
      setIdHeader(res, 'X-Mock-First', 'def');
      nodeCalls = setHeader.mock.calls.length;
      setHeader.mockRestore();
      res.end();
    });
    expect(calls).toEqual(['X-Mock-First']);
    expect(nodeCalls).toBe(0);
    expect(response.headers['x-mock-first']).toBe('def');
  });

  it('any other response object gets setHeader()', () => {
    const calls: Array<[string, unknown]> = [];
    setIdHeader({ setHeader: (name: string, value: unknown) => calls.push([name, value]) }, 'X-Trace-ID', 'abc');
    expect(calls).toEqual([['X-Trace-ID', 'abc']]);
  });
});
