/** The Express (and connect) adapter: a middleware that answers the four paths and calls next() otherwise. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HealthHandlerOptions } from './endpoints.js';
import { createHealthHandler } from './http.js';

/** An Express/connect middleware; typed structurally so Express is not a dependency. */
export type HealthMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * Express middleware for the health endpoints. Mount it before authentication and body parsing,
 * so probes never depend on them. Paths are relative to where it is mounted.
 * @example
 * app.use(healthMiddleware());
 */
export function healthMiddleware(options: HealthHandlerOptions = {}): HealthMiddleware {
  const handle = createHealthHandler(options);
  return (req, res, next) => {
    if (!handle(req, res)) next();
  };
}
