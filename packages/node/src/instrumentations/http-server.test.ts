import { AsyncLocalStorage } from 'node:async_hooks';
import { channel } from 'node:diagnostics_channel';
import { createServer, request, type Server } from 'node:http';
import { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { disableHttpServerInstrumentation, enableHttpServerInstrumentation } from './http-server.js';

const original = Socket.prototype.setTimeout;
const servers: Server[] = [];

afterEach(() => {
  disableHttpServerInstrumentation();
  for (const server of servers.splice(0)) server.close();
  Socket.prototype.setTimeout = original;
});

function enable(store: AsyncLocalStorage<Context>): void {
  enableHttpServerInstrumentation({ attach: (ctx) => store.enterWith(ctx), ignorePath: () => false, headers: undefined });
}

async function serveOnce(): Promise<void> {
  const server = createServer((_req, res) => res.end('ok'));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/', headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', resolve);
    })
      .on('error', reject)
      .end();
  });
}

// The wrapper is installed once per process (at the first finished response), so the test that
// leaves another wrapper on top of it runs after the ones that need it in place.
describe('HTTP server instrumentation: the keep-alive timer wrapper', () => {
  it('wraps Socket#setTimeout at the first finished response and restores it when disabled', async () => {
    enable(new AsyncLocalStorage<Context>());
    expect(Socket.prototype.setTimeout).toBe(original);
    await serveOnce();
    expect(Socket.prototype.setTimeout).not.toBe(original);
    disableHttpServerInstrumentation();
    expect(Socket.prototype.setTimeout).toBe(original);
  });

  it('only the idle timer of a just-finished response runs outside the context', async () => {
    const store = new AsyncLocalStorage<Context>();
    enable(store);
    await serveOnce();
    const marked = ROOT_CONTEXT.setValue(Symbol('test'), 2);
    const timeoutContext = (socket: Socket): Promise<Context | undefined> =>
      new Promise((resolve) => store.run(marked, () => socket.setTimeout(5, () => resolve(store.getStore()))));
    const finish = channel('http.server.response.finish');
    // Detached from its response, as Node leaves it when it arms the keep-alive timer.
    const idle = new Socket();
    finish.publish({ socket: idle });
    expect(await timeoutContext(idle)).toBeUndefined();
    // Still carrying a response (the next pipelined one): the app's own timeout keeps its context.
    const busy = new Socket() as Socket & { _httpMessage?: unknown };
    busy._httpMessage = {};
    finish.publish({ socket: busy });
    expect(await timeoutContext(busy)).toBe(marked);
    idle.destroy();
    busy.destroy();
  });

  it('leaves a wrapper installed after its own in place, passing calls through', async () => {
    enable(new AsyncLocalStorage<Context>());
    await serveOnce();
    const ours = Socket.prototype.setTimeout;
    let calls = 0;
    const theirs = function (this: Socket, msecs: number, callback?: () => void): Socket {
      calls++;
      return ours.call(this, msecs, callback);
    };
    Socket.prototype.setTimeout = theirs as Socket['setTimeout'];
    disableHttpServerInstrumentation();
    expect(Socket.prototype.setTimeout).toBe(theirs);
    const socket = new Socket();
    expect(socket.setTimeout(1000)).toBe(socket);
    expect(calls).toBe(1);
    socket.setTimeout(0);
    socket.destroy();
  });

  it('a socket timeout armed inside a request keeps the context it was armed in', async () => {
    const store = new AsyncLocalStorage<Context>();
    enable(store);
    await serveOnce();
    const marked = ROOT_CONTEXT.setValue(Symbol('test'), 1);
    const socket = new Socket();
    const seen = await new Promise<Context | undefined>((resolve) => {
      store.run(marked, () => socket.setTimeout(5, () => resolve(store.getStore())));
    });
    socket.destroy();
    expect(seen).toBe(marked);
  });
});
