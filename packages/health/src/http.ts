/** The node:http adapter: a `(req, res)` handler that answers the four paths and leaves the rest alone. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runDetached, warnOnce } from '@otelkit/core';
import { endpointFor, renderEndpoint, resolveHandlerOptions, type HealthHandlerOptions } from './endpoints.js';
import type { HealthResponse } from './types.js';

/** Handles a request when its path is a health path; returns false (without touching `res`) otherwise. */
export type HealthRequestHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Write a rendered response, unless the response was already sent or the client is gone. */
export function sendHealthResponse(res: ServerResponse, response: HealthResponse, head: boolean): void {
  try {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(response.statusCode, { ...response.headers, 'content-length': String(Buffer.byteLength(response.body)) });
    res.end(head ? undefined : response.body);
  } catch (error) {
    warnOnce('health:send', `health response could not be written: ${(error as Error).message}`);
  }
}

/**
 * A node:http handler for `/health`, `/ready`, `/live` and `/status`.
 * @example
 * const healthHandler = createHealthHandler();
 * http.createServer((req, res) => { if (healthHandler(req, res)) return; app(req, res); });
 */
export function createHealthHandler(options: HealthHandlerOptions = {}): HealthRequestHandler {
  const { registry, byPath } = resolveHandlerOptions(options, 'createHealthHandler()');
  return (req, res) => {
    const endpoint = endpointFor(byPath, req.url);
    if (endpoint === undefined) return false;
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      sendHealthResponse(res, { statusCode: 405, headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }, body: 'method not allowed\n' }, false);
      return true;
    }
    // Neither step throws (each reports its own failure); the handler is there in case one ever does.
    runDetached(renderEndpoint(registry, endpoint).then((response) => sendHealthResponse(res, response, method === 'HEAD')), 'health:request', 'health request failed');
    return true;
  };
}
