/** Turning the registry's reports into HTTP responses; shared by every adapter. */
import { OtelkitError, warnOnce } from '@otelkit/core';
import { checkKnown } from './options.js';
import { health as defaultRegistry, type HealthRegistry } from './registry.js';
import type { HealthEndpoint, HealthPaths, HealthResponse } from './types.js';

/** Default request paths, which are also in the default `OTELKIT_IGNORE_PATHS` (probes are not traced). */
export const DEFAULT_HEALTH_PATHS: HealthPaths = Object.freeze({ health: '/health', ready: '/ready', live: '/live', status: '/status' });

/** Options shared by every adapter. */
export interface HealthHandlerOptions {
  /** The registry to answer from. @default the process-wide {@link health} */
  registry?: HealthRegistry;
  /** Override some request paths; the others keep their defaults. */
  paths?: Partial<Record<HealthEndpoint, string>>;
}

export interface ResolvedHandlerOptions {
  registry: HealthRegistry;
  byPath: ReadonlyMap<string, HealthEndpoint>;
}

export function resolveHandlerOptions(options: HealthHandlerOptions, where: string, extra: readonly string[] = []): ResolvedHandlerOptions {
  checkKnown(where, options, ['registry', 'paths', ...extra]);
  const paths = { ...DEFAULT_HEALTH_PATHS, ...options.paths };
  checkKnown('paths', paths, Object.keys(DEFAULT_HEALTH_PATHS));
  const byPath = new Map<string, HealthEndpoint>();
  for (const [endpoint, path] of Object.entries(paths) as [HealthEndpoint, string][]) {
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw new OtelkitError('OTELKIT_ERR_INVALID_OPTION', `option "paths.${endpoint}" must be a path starting with "/", got ${JSON.stringify(path)}`);
    }
    byPath.set(path, endpoint);
  }
  return { registry: options.registry ?? defaultRegistry, byPath };
}

const HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } as const;

function json(statusCode: number, body: unknown): HealthResponse {
  return { statusCode, headers: { ...HEADERS }, body: `${JSON.stringify(body, null, 2)}\n` };
}

/** Build the response of one endpoint. Never rejects: a failure answers 500 and warns once. */
export async function renderEndpoint(registry: HealthRegistry, endpoint: HealthEndpoint): Promise<HealthResponse> {
  try {
    switch (endpoint) {
      case 'live': {
        const report = registry.live();
        return json(report.status === 'ok' ? 200 : 503, report);
      }
      case 'ready': {
        const report = await registry.ready();
        return json(report.status === 'ready' ? 200 : 503, report);
      }
      case 'health': {
        const report = await registry.health();
        return json(report.status === 'unhealthy' ? 503 : 200, report);
      }
      case 'status': {
        const report = await registry.status();
        return json(200, report);
      }
    }
  } catch (error) {
    warnOnce(`health:render:${endpoint}`, `health endpoint /${endpoint} failed: ${(error as Error)?.message ?? String(error)}`);
    return json(500, { status: 'error' });
  }
}

/** The endpoint a request path maps to (query string ignored), or undefined. */
export function endpointFor(byPath: ReadonlyMap<string, HealthEndpoint>, url: string | undefined): HealthEndpoint | undefined {
  if (url === undefined) return undefined;
  const q = url.indexOf('?');
  return byPath.get(q < 0 ? url : url.slice(0, q));
}
