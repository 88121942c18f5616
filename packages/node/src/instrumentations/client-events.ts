/**
 * Events of clients that requests share (a pg pool, an ioredis client) run outside any request.
 *
 * A socket runs its later callbacks in the async context it was opened in. Pools, and clients that
 * connect lazily or are made on first use, open their connections inside the first request that
 * needs one. The events they emit from those callbacks afterwards (an idle connection's error, a
 * reconnect, a pub/sub message) then ran in the context of that request, maybe hours old: the
 * app's listener logged its trace id, and a span it started joined that trace. Such an event
 * belongs to no request, so its listeners run in the root context.
 *
 * pg: `Pool#emit` for 'error', the only event pg-pool emits from an idle client's callbacks, and
 * `Client#emit` for 'notification', 'error' and 'end' (pg-pool-tracker.ts). ioredis: every event of
 * `Redis` and `Cluster`; command results reach the caller through its own promise or callback,
 * never through an event.
 */
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import type * as InstrumentationApi from '@opentelemetry/instrumentation';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { OTELKIT_VERSION, warnOnce } from '@otelkit/core';
import { instrumentationApi } from './instrumentation-api.js';
import { exportedPrototype, type Exports, type Fn } from './module-exports.js';

/**
 * An `emit` that runs the listeners of the events `outside` picks in the root context while `on()`
 * is true, and passes every other call through.
 */
export function emitOutsideRequests(original: Fn, outside: (event: unknown) => boolean, on: () => boolean): Fn {
  return function otelkitClientEmit(this: unknown, event: unknown) {
    // `arguments`: forwards exactly what the caller passed.
    // eslint-disable-next-line prefer-rest-params
    const args = arguments as unknown as unknown[];
    // Already outside (a client made at startup): no context switch, which costs more than the check.
    if (on() && outside(event) && context.active() !== ROOT_CONTEXT) return context.with(ROOT_CONTEXT, () => original.apply(this, args));
    return original.apply(this, args);
  };
}

const EVERY_EVENT = (): boolean => true;

/** ioredis's `Redis` and `Cluster` prototypes (each has `emit` of its own, mixed in from EventEmitter). */
function ioredisPrototypes(moduleExports: Exports): Record<string, unknown>[] {
  const cluster = (moduleExports['Cluster'] ?? (moduleExports['default'] as Exports | undefined)?.['Cluster']) as { prototype?: Record<string, unknown> } | undefined;
  return [exportedPrototype(moduleExports), cluster?.prototype].filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null && typeof p['emit'] === 'function');
}

/** The ioredis events wrapper, or undefined, with one warning, when @opentelemetry/instrumentation cannot be loaded. */
export function createIoredisEventsInstrumentation(): Instrumentation | undefined {
  try {
    const api = instrumentationApi();
    let enabled = false;
    class OtelkitIoredisEvents extends api.InstrumentationBase {
      constructor() {
        super('@otelkit/node/ioredis-events', OTELKIT_VERSION, {});
      }

      override enable(): void {
        enabled = true;
        super.enable();
      }

      override disable(): void {
        enabled = false;
        super.disable();
      }

      protected init(): InstrumentationApi.InstrumentationNodeModuleDefinition[] {
        const patch = (moduleExports: Exports): Exports => {
          const prototypes = ioredisPrototypes(moduleExports);
          // Debug only: the ioredis instrumentation itself warns about the same module once (RELIABILITY C8).
          if (prototypes.length === 0) warnOnce('ioredis-events:shape', 'ioredis has an unexpected shape; its events run in the context its connection was opened in.', 'debug');
          for (const proto of prototypes) {
            if (!api.isWrapped(proto['emit'])) this._wrap(proto, 'emit', ((original: Fn) => emitOutsideRequests(original, EVERY_EVENT, () => enabled)) as (original: unknown) => unknown);
          }
          return moduleExports;
        };
        const unpatch = (moduleExports: Exports): void => {
          for (const proto of ioredisPrototypes(moduleExports)) if (api.isWrapped(proto['emit'])) this._unwrap(proto, 'emit');
        };
        return [new api.InstrumentationNodeModuleDefinition('ioredis', ['>=4 <6'], patch, unpatch)];
      }
    }
    return new OtelkitIoredisEvents();
  } catch (error) {
    warnOnce('instr:load:ioredis-events', `ioredis events run in the context their connection was opened in (${(error as Error).message}).`);
    return undefined;
  }
}
