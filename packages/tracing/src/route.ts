/**
 * The route template of the current HTTP request, for plain node:http apps that route by hand.
 * Frameworks (Express, Fastify, Koa) set it themselves. It names the server span (`GET /users/:id`)
 * and becomes `http.route` on the span and on the request-duration metric; the raw path never does.
 *
 * The route lives in the request's RPC metadata, the slot the SDK and the framework
 * instrumentations share; its context key is created by description, so this needs no SDK import.
 */
import { context, createContextKey } from '@opentelemetry/api';
import { warnOnce } from '@otelkit/core';

const RPC_METADATA_KEY = createContextKey('OpenTelemetry SDK Context Key RPC_METADATA');
const MAX_ROUTE = 256;

/**
 * Set the route template (such as `/users/:id`) of the request being handled. Returns false when
 * no instrumented server request is active (no SDK, or called outside a request).
 * @example
 * createServer((req, res) => {
 *   if (req.url?.startsWith('/users/')) setHttpRoute('/users/:id');
 * });
 */
export function setHttpRoute(route: string): boolean {
  if (typeof route !== 'string' || route === '' || route.length > MAX_ROUTE) {
    warnOnce('tracing:route', `setHttpRoute: the route must be a template string of 1-${MAX_ROUTE} characters, such as "/users/:id"; ignored.`);
    return false;
  }
  const metadata = context.active().getValue(RPC_METADATA_KEY) as { type?: string; route?: string } | undefined;
  if (metadata?.type !== 'http') return false;
  metadata.route = route;
  return true;
}
