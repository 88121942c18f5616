import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { isTracingSuppressed } from '@opentelemetry/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { NodeHttpExportTransport } from './otlp-node-http-transport.js';

const manager = new AsyncLocalStorageContextManager().enable();
context.setGlobalContextManager(manager);
afterAll(() => context.disable());

const servers: Server[] = [];
const transports: NodeHttpExportTransport[] = [];
afterEach(async () => {
  for (const t of transports.splice(0)) t.shutdown();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

async function server(status = 200): Promise<string> {
  const s = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.statusCode = status;
      res.end('ok');
    });
  });
  servers.push(s);
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  return `http://127.0.0.1:${(s.address() as { port: number }).port}/v1/traces`;
}

const payload = new Uint8Array([1, 2, 3]);

describe('NodeHttpExportTransport', () => {
  it('sends the payload and reads the answer', async () => {
    const t = new NodeHttpExportTransport(await server(), { 'Content-Type': 'application/x-protobuf' }, { keepAlive: true }, 'none');
    transports.push(t);
    const result = await t.send(payload, 2000);
    expect(result.status).toBe('success');
    expect(Buffer.from((result as { data: Uint8Array }).data).toString()).toBe('ok');
    expect((await t.send(payload, 2000)).status).toBe('success');
  });

  it('makes its requests, kept sockets and timers outside the request that set the export off, tracing suppressed', async () => {
    // An app's own store stands for the request's context: a kept socket would hold it for its life.
    const als = new AsyncLocalStorage<string>();
    const t = new NodeHttpExportTransport(await server(), {}, { keepAlive: true }, 'none');
    transports.push(t);
    const seen: Record<string, unknown> = {};
    const onStart = (): void => {
      seen['request store'] = als.getStore();
      seen['suppressed'] = isTracingSuppressed(context.active());
    };
    subscribe('http.client.request.start', onStart);
    try {
      // The caller's context: the app's store and an OpenTelemetry context without suppression.
      const result = await als.run('request', () => context.with(ROOT_CONTEXT, () => t.send(payload, 2000)));
      expect(result.status).toBe('success');
      // The caller gets its own context back after the await.
      expect(als.getStore()).toBeUndefined();
    } finally {
      unsubscribe('http.client.request.start', onStart);
    }
    expect(seen).toEqual({ 'request store': undefined, suppressed: true });

    // The agent's kept socket: its later callbacks run in the context it was made in.
    const agent = (t as unknown as { agent: { freeSockets: Record<string, Socket[]> } }).agent;
    const kept = Object.values(agent.freeSockets).flat()[0]!;
    expect(kept).toBeDefined();
    const closed = once(kept, 'close').then(() => als.getStore());
    kept.destroy();
    expect(await closed).toBeUndefined();
  });

  it('answers a timeout as retryable, its timer outside the request', async () => {
    const s = createServer(() => undefined); // never answers
    servers.push(s);
    s.listen(0, '127.0.0.1');
    await once(s, 'listening');
    const als = new AsyncLocalStorage<string>();
    const t = new NodeHttpExportTransport(`http://127.0.0.1:${(s.address() as { port: number }).port}/v1/traces`, {}, { keepAlive: true }, 'none');
    transports.push(t);
    let storeAtDestroy: string | undefined = 'not called';
    const onStart = (message: unknown): void => {
      const { request } = message as { request: { destroy(error?: Error): unknown } };
      const destroy = request.destroy.bind(request);
      request.destroy = (error?: Error) => {
        storeAtDestroy = als.getStore();
        return destroy(error);
      };
    };
    subscribe('http.client.request.start', onStart);
    try {
      const result = await als.run('request', () => t.send(payload, 100));
      expect(result.status).toBe('retryable');
    } finally {
      unsubscribe('http.client.request.start', onStart);
    }
    expect(storeAtDestroy).toBeUndefined();
  });
});
