/**
 * A standalone server for the four endpoints, on its own port, bound to 127.0.0.1 unless told
 * otherwise. A port that cannot be bound gives one warning; the app keeps running without it.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { diagLog, invalidOption, UNTRACED_SERVER, warnOnce } from '@otelkit/core';
import type { HealthHandlerOptions } from './endpoints.js';
import { createHealthHandler, sendHealthResponse } from './http.js';
import { checkKnown } from './options.js';

/** Options of {@link startHealthServer}. */
export interface HealthServerOptions extends HealthHandlerOptions {
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** Let the process exit even while the server listens: the health server never holds a process open. @default true */
  unref?: boolean;
}

/** A running (or failed) standalone health server. */
export interface HealthServer {
  /** Resolves with the bound address once listening, or undefined when listening failed (after one warning). */
  readonly listening: Promise<{ host: string; port: number } | undefined>;
  /** The bound address, once listening. */
  address(): { host: string; port: number } | undefined;
  /** Stop accepting connections and close the open ones. Never rejects. */
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 1000;

function validate(options: HealthServerOptions): void {
  if (typeof options !== 'object' || options === null) throw invalidOption('options', 'an object', options);
  const { port, host } = options;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65_535) throw invalidOption('port', 'an integer from 0 to 65535', port);
  if (host !== undefined && (typeof host !== 'string' || host === '')) throw invalidOption('host', 'a non-empty string', host);
  if (options.unref !== undefined && typeof options.unref !== 'boolean') throw invalidOption('unref', 'a boolean', options.unref);
}

/**
 * Serve `/health`, `/ready`, `/live` and `/status` on their own port.
 * @example
 * const server = startHealthServer({ port: 9090 });
 * await server.listening;
 */
export function startHealthServer(options: HealthServerOptions): HealthServer {
  validate(options);
  const host = options.host ?? '127.0.0.1';
  checkKnown('startHealthServer()', options, ['registry', 'paths', 'port', 'host', 'unref']);
  const handle = createHealthHandler({ registry: options.registry, paths: options.paths });

  // node:http is loaded here, not at startup: a script that serves nothing never pays for it.
  const server: Server = process.getBuiltinModule('node:http').createServer((req, res) => {
    try {
      if (handle(req, res)) return;
      sendHealthResponse(res, { statusCode: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'not found\n' }, req.method === 'HEAD');
    } catch {
      res.destroy();
    }
  });
  // Probes are short: slow or idle clients must not hold sockets for long.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  server.keepAliveTimeout = 5_000;
  server.on('clientError', (_error, socket) => socket.destroy());
  // Marks otelkit's own listener, so server instrumentation can leave all of its traffic alone.
  Object.defineProperty(server, UNTRACED_SERVER, { value: true });
  if (options.unref ?? true) server.unref();

  let bound: { host: string; port: number } | undefined;
  const listening = new Promise<{ host: string; port: number } | undefined>((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      warnOnce(
        `health:listen:${host}:${options.port}`,
        `health server could not listen on ${host}:${options.port} (${error.code ?? error.message}); the health endpoints are off and the app keeps running.`,
      );
      resolve(undefined);
    });
    server.listen(options.port, host, () => {
      const address = server.address() as AddressInfo;
      bound = { host: address.address, port: address.port };
      // Later socket errors are reported, never thrown.
      server.on('error', (error) => warnOnce('health:server', `health server error: ${error.message}`));
      diagLog('info', `health endpoints on http://${host.includes(':') ? `[${host}]` : host}:${address.port} (/health /ready /live /status)`);
      resolve(bound);
    });
  });

  let closing: Promise<void> | undefined;
  return {
    listening,
    address: () => bound,
    close: () => {
      // Wait for listen to settle first, so a close right after start cannot leave a listener behind.
      closing ??= listening.then(
        () =>
          new Promise<void>((resolve) => {
            if (!server.listening) {
              resolve();
              return;
            }
            const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
            force.unref();
            server.close(() => {
              clearTimeout(force);
              resolve();
            });
            server.closeIdleConnections();
          }),
      );
      return closing;
    },
  };
}
