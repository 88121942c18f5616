/** The Fastify adapter: a plugin that adds GET routes (Fastify adds HEAD) for the four paths. */
import { renderEndpoint, resolveHandlerOptions, type HealthHandlerOptions } from './endpoints.js';

/** The part of a Fastify reply the plugin uses. */
export interface FastifyReplyLike {
  code(statusCode: number): FastifyReplyLike;
  headers(values: Record<string, string>): FastifyReplyLike;
  send(payload?: unknown): FastifyReplyLike;
}

/** The part of a Fastify instance the plugin uses. */
export interface FastifyInstanceLike {
  route(options: { method: string | string[]; url: string; handler: (request: unknown, reply: FastifyReplyLike) => Promise<unknown> }): unknown;
}

/**
 * A Fastify plugin for the health endpoints. Register it with a `prefix` to move them.
 * @example
 * await fastify.register(healthPlugin);
 * await fastify.register(healthPlugin, { paths: { status: '/internal/status' } });
 */
export function healthPlugin(fastify: FastifyInstanceLike, options: HealthHandlerOptions & Record<string, unknown>, done: (error?: Error) => void): void {
  try {
    // Fastify passes its own register options (prefix, logLevel, ...) along; only ours are checked.
    const { registry, byPath } = resolveHandlerOptions({ registry: options.registry, paths: options.paths }, 'healthPlugin');
    for (const [path, endpoint] of byPath) {
      fastify.route({
        method: 'GET',
        url: path,
        handler: async (_request, reply) => {
          const response = await renderEndpoint(registry, endpoint);
          return reply.code(response.statusCode).headers(response.headers).send(response.body);
        },
      });
    }
    done();
  } catch (error) {
    done(error as Error);
  }
}
