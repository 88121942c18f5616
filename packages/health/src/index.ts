export { HEALTH_DEFAULTS, HealthRegistry, health } from './registry.js';
export { DEFAULT_HEALTH_PATHS, renderEndpoint, type HealthHandlerOptions } from './endpoints.js';
export { createHealthHandler, type HealthRequestHandler } from './http.js';
export { healthMiddleware, type HealthMiddleware } from './express.js';
export { healthPlugin, type FastifyInstanceLike, type FastifyReplyLike } from './fastify.js';
export { startHealthServer, type HealthServer, type HealthServerOptions } from './server.js';
export type {
  CheckResult,
  CheckStatus,
  HealthCheckFn,
  HealthCheckOptions,
  HealthCheckReturn,
  HealthEndpoint,
  HealthPaths,
  HealthRegistryOptions,
  HealthReport,
  HealthResponse,
  HealthStatus,
  LiveReport,
  ReadyReport,
  StatusSource,
} from './types.js';
