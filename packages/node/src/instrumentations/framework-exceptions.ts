/**
 * Where Express and Koa hand a handler's exception to their error handling, for the server span
 * (server-exception.ts). Every hook sits on a path that runs only once something has failed, with
 * one exception: Express's final handler, noted below.
 *
 * Express 4 and 5: a layer's `handle_error` (4) / `handleError` (5, the `router` package) runs for
 * each error middleware an error passes, and `finalhandler` answers an error no middleware took.
 * Between them they see a sync throw, a rejection (Express 5) and `next(err)` alike.
 * Koa: `ctx.onerror` reports every error that leaves the middleware with `app.emit('error', err,
 * ctx)`, which is also how Koa's documentation has error middleware report the errors it answers.
 *
 * These run alongside the instrumentation that names the framework's routes (otelkit's Express
 * one, or upstream's Express or Koa one) and are loaded with it.
 */
import type { ServerResponse } from 'node:http';
import type * as InstrumentationApi from '@opentelemetry/instrumentation';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { OTELKIT_VERSION, warnOnce } from '@otelkit/core';
import { instrumentationApi } from './instrumentation-api.js';
import { exportedPrototype, type Exports, type Fn } from './module-exports.js';
import { ownResponseHeaders } from './http-server.js';
import { noteServerException } from './server-exception.js';


/** Frameworks with hooks here, by instrumentation name. */
const FRAMEWORKS = new Set(['express', 'koa']);

/** What Express routes as an error: anything truthy but its routing signals. */
function isExpressError(error: unknown): boolean {
  return Boolean(error) && error !== 'route' && error !== 'router';
}

/** `Layer#handle_error(error, req, res, next)` (Express 4) and `Layer#handleError` (router 2): runs only for a pending error. */
function wrapHandleError(original: Fn): Fn {
  return function otelkitHandleError(this: unknown, error: unknown, req: unknown) {
    if (isExpressError(error)) noteServerException(req, error);
    // `arguments`: forwards exactly what the caller passed, their count included.
    // eslint-disable-next-line prefer-rest-params
    return original.apply(this, arguments as unknown as unknown[]);
  };
}

let finalhandlerEnabled = false;

/**
 * `finalhandler(req, res, options)` returns the function Express calls when no middleware is left:
 * with the error nobody handled, or with nothing for a 404. It is the only place that sees an
 * unhandled error, so this wrapper is the one cost of a request that does not fail: one call and
 * one closure, 5-10 ns (Express itself makes several closures per request on this same line).
 */
function wrapFinalhandler(original: Fn): Fn {
  return function otelkitFinalhandler(this: unknown, req: unknown, res: unknown, options: unknown) {
    const done = original.call(this, req, res, options) as Fn;
    if (!finalhandlerEnabled || typeof done !== 'function') return done;
    return function otelkitFinalDone(this: unknown, error: unknown) {
      if (isExpressError(error)) noteServerException(req, error);
      // `arguments`: forwards exactly what the caller passed, their count included.
      // eslint-disable-next-line prefer-rest-params
      return done.apply(this, arguments as unknown as unknown[]);
    };
  };
}

/**
 * Koa's error answer (`ctx.onerror`) removes every response header right after this event, then
 * sets the error's own `headers`: otelkit's headers (X-Trace-ID, the request id) go there, so the
 * answers people report, 4xx and 5xx, still name their trace. The app's own entries win.
 */
function keepOwnHeaders(error: unknown, ctx: unknown): void {
  const res = (ctx as { res?: ServerResponse } | undefined)?.res;
  if (res === undefined || res.headersSent || error === null || typeof error !== 'object') return;
  const own = ownResponseHeaders(res);
  if (own === undefined) return;
  try {
    const target = error as { headers?: unknown };
    const existing = target.headers !== null && typeof target.headers === 'object' ? (target.headers as Record<string, unknown>) : {};
    target.headers = { ...own, ...existing };
  } catch {
    // A frozen error keeps its headers; the answer then goes without otelkit's.
  }
}

/** Koa's Application#emit: an `'error'` event carries the error and the request's context. */
function wrapKoaEmit(original: Fn): Fn {
  return function otelkitKoaEmit(this: unknown, event: unknown, error: unknown, ctx: unknown) {
    if (event === 'error') {
      noteServerException((ctx as { req?: unknown } | undefined)?.req, error);
      keepOwnHeaders(error, ctx);
    }
    // `arguments`: forwards exactly what the caller passed, their count included.
    // eslint-disable-next-line prefer-rest-params
    return original.apply(this, arguments as unknown as unknown[]);
  };
}

/**
 * Build the exception hooks of a framework instrumentation (`express`, `koa`), or undefined for
 * the others and, with one warning, when @opentelemetry/instrumentation cannot be loaded.
 */
export function createFrameworkExceptionInstrumentation(framework: string): Instrumentation | undefined {
  if (!FRAMEWORKS.has(framework)) return undefined;
  try {
    const api = instrumentationApi();
    class OtelkitFrameworkExceptions extends api.InstrumentationBase {
      constructor() {
        super(`@otelkit/node/${framework}-exceptions`, OTELKIT_VERSION, {});
      }

      override enable(): void {
        if (framework === 'express') finalhandlerEnabled = true;
        super.enable();
      }

      override disable(): void {
        // Express keeps the wrapped finalhandler it required; the wrapper then only passes through.
        if (framework === 'express') finalhandlerEnabled = false;
        super.disable();
      }

      protected init(): InstrumentationApi.InstrumentationNodeModuleDefinition[] {
        const { InstrumentationNodeModuleDefinition: Definition, InstrumentationNodeModuleFile: File } = api;
        const method = (name: string, wrapper: (original: Fn) => Fn) => ({
          patch: (moduleExports: Exports): Exports => {
            const proto = exportedPrototype(moduleExports);
            if (proto === undefined || typeof proto[name] !== 'function') {
              warnOnce(`exceptions:${framework}:${name}`, `${framework} has an unexpected shape; its handler exceptions are not recorded on server spans.`);
            } else if (!api.isWrapped(proto[name])) {
              this._wrap(proto, name, wrapper as (original: unknown) => unknown);
            }
            return moduleExports;
          },
          unpatch: (moduleExports: Exports): void => {
            const proto = exportedPrototype(moduleExports);
            if (proto !== undefined && api.isWrapped(proto[name])) this._unwrap(proto, name);
          },
        });
        if (framework === 'koa') {
          const emit = method('emit', wrapKoaEmit);
          return [new Definition('koa', ['>=2 <4'], emit.patch, emit.unpatch)];
        }
        const express4 = method('handle_error', wrapHandleError);
        const router2 = method('handleError', wrapHandleError);
        return [
          new Definition('express', ['>=4 <5'], undefined, undefined, [new File('express/lib/router/layer.js', ['>=4 <5'], express4.patch, express4.unpatch)]),
          new Definition('router', ['>=2 <3'], undefined, undefined, [new File('router/lib/layer.js', ['>=2 <3'], router2.patch, router2.unpatch)]),
          new Definition('finalhandler', ['>=1 <3'], (moduleExports: unknown) => (typeof moduleExports === 'function' ? wrapFinalhandler(moduleExports as Fn) : moduleExports)),
        ];
      }
    }
    return new OtelkitFrameworkExceptions();
  } catch (error) {
    warnOnce(`instr:load:${framework}-exceptions`, `${framework} handler exceptions are not recorded on server spans (${(error as Error).message}).`);
    return undefined;
  }
}
