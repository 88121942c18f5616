/**
 * otelkit's Express instrumentation (4 and 5): the matched route template goes on the server span
 * (`http.route`, span name `GET /users/:id`) and into the RED metrics, and nothing else is made.
 *
 * The upstream instrumentation wraps every middleware and handler call of every request (a context
 * switch and closures per layer) to build the route; that cost more than the request itself on
 * small routes. Express already records the matched route on `req.route`; only the templates of
 * mounted routers (`app.use('/orgs/:org', router)`) are missing, since `req.baseUrl` holds the
 * literal prefix. So this patches `Router#use` once, at registration, and wraps only the layers
 * mounted on a path; a request pays for nothing but the routers it actually enters.
 * Per-middleware spans stay available from the upstream instrumentation (see start.ts).
 */
import type * as InstrumentationApi from '@opentelemetry/instrumentation';
import type { Instrumentation, InstrumentationConfig } from '@opentelemetry/instrumentation';
import { OTELKIT_VERSION, warnOnce } from '@otelkit/core';
import { instrumentationApi } from './instrumentation-api.js';

/** Template prefix of the routers the request is in (set while it is inside them). */
const kMount = Symbol('otelkit.express.mount');
/** Marks a layer already wrapped by markMounted(). */
const kWrapped = Symbol('otelkit.express.wrapped');

interface ExpressRequest {
  route?: { path?: unknown } | null;
  [kMount]?: string;
}
interface Layer {
  handle: (this: unknown, req: ExpressRequest, res: unknown, next: (err?: unknown) => unknown) => unknown;
  [kWrapped]?: true;
}
type Exports = Record<string | symbol, unknown>;
type UseFn = (this: { stack?: Layer[] }, ...args: unknown[]) => unknown;

/** A route or mount path as text: strings as written, arrays joined by commas, RegExps as source. */
function pathText(path: unknown): string | undefined {
  if (typeof path === 'string') return path;
  if (path instanceof RegExp) return path.toString();
  if (Array.isArray(path)) {
    const parts = path.map(pathText);
    return parts.every((p) => p !== undefined) ? parts.join(',') : undefined;
  }
  return undefined;
}

/** Concatenate templates, dropping the root paths a mount adds nothing with, without doubled slashes. */
function join(prefix: string | undefined, path: string): string {
  if (prefix === undefined || prefix === '') return path;
  if (path === '/' || path === '/*' || path === '') return prefix;
  return prefix.endsWith('/') && path.startsWith('/') ? prefix + path.slice(1) : prefix + path;
}

/**
 * The route template Express matched for this request, with the templates of the routers it is
 * mounted under, or undefined when no route matched (404s, middleware-only responses).
 */
export function expressRoute(request: object): string | undefined {
  const route = (request as ExpressRequest).route;
  if (typeof route !== 'object' || route === null) return undefined;
  const path = pathText(route.path);
  if (path === undefined) return undefined;
  return join((request as ExpressRequest)[kMount], path);
}

/** Express's `use(path?, ...fns)` argument rule: the path is the first argument unless it is (an array of) functions. */
function mountPath(args: readonly unknown[]): string | undefined {
  let first = args[0];
  while (Array.isArray(first) && first.length > 0) first = first[0];
  if (typeof first === 'function') return undefined;
  const text = pathText(args[0]);
  return text === '/' || text === '' ? undefined : text;
}

/** Wrap a mounted layer so that requests inside it carry its template (restored when they leave). */
function markMounted(layer: Layer, template: string): void {
  const handle = layer.handle;
  // Express skips layers whose arity is 4 (error handlers) on the normal path; keep the arity.
  if (typeof handle !== 'function' || handle.length > 3 || layer[kWrapped] === true) return;
  layer[kWrapped] = true;
  layer.handle = function otelkitMounted(this: unknown, req, res, next) {
    const outer = req[kMount];
    req[kMount] = join(outer, template);
    return handle.call(this, req, res, (err?: unknown) => {
      req[kMount] = outer;
      return next(err);
    });
  };
}

function wrapUse(original: UseFn): UseFn {
  return function otelkitUse(this: { stack?: Layer[] }, ...args: unknown[]): unknown {
    const before = Array.isArray(this?.stack) ? this.stack.length : -1;
    const result = original.apply(this, args);
    try {
      const template = mountPath(args);
      if (template !== undefined && before >= 0 && Array.isArray(this.stack)) {
        for (const layer of this.stack.slice(before)) markMounted(layer, template);
      }
    } catch (error) {
      warnOnce('express:mount', `an Express mount path is not traced (${(error as Error).message}); routes under it lack the mount template.`);
    }
    return result;
  };
}

/** Express 4 exports the router prototype as `Router` itself; Express 5 exports the router package's class. */
function routerProto(moduleExports: Exports): Record<string, unknown> | undefined {
  const root = (moduleExports[Symbol.toStringTag] === 'Module' ? moduleExports['default'] : moduleExports) as Exports | undefined;
  const Router = root?.['Router'];
  if (typeof Router !== 'function') return undefined;
  const proto = (Router as { prototype?: Record<string, unknown> }).prototype;
  if (typeof proto?.['use'] === 'function') return proto;
  if (typeof (Router as unknown as Record<string, unknown>)['use'] === 'function') return Router as unknown as Record<string, unknown>;
  return undefined;
}

/**
 * Build otelkit's Express instrumentation, or undefined with one warning when
 * @opentelemetry/instrumentation cannot be loaded.
 */
export function createExpressInstrumentation(config: InstrumentationConfig = {}): Instrumentation | undefined {
  try {
    const api = instrumentationApi();
    class OtelkitExpressInstrumentation extends api.InstrumentationBase {
      constructor() {
        super('@otelkit/node/express', OTELKIT_VERSION, config);
      }

      protected init(): InstrumentationApi.InstrumentationNodeModuleDefinition[] {
        const patch = (moduleExports: Exports): Exports => {
          const proto = routerProto(moduleExports);
          if (proto === undefined) {
            warnOnce('express:shape', 'express has an unexpected shape; routes of mounted routers lack their mount template.');
          } else if (!api.isWrapped(proto['use'])) {
            this._wrap(proto, 'use', wrapUse as (original: unknown) => unknown);
          }
          return moduleExports;
        };
        const unpatch = (moduleExports: Exports): void => {
          const proto = routerProto(moduleExports);
          if (proto !== undefined && api.isWrapped(proto['use'])) this._unwrap(proto, 'use');
        };
        return [new api.InstrumentationNodeModuleDefinition('express', ['>=4 <6'], patch, unpatch)];
      }
    }
    return new OtelkitExpressInstrumentation();
  } catch (error) {
    warnOnce('instr:load:express', `instrumentation express could not be loaded (${(error as Error).message}); Express routes are not named.`);
    return undefined;
  }
}
