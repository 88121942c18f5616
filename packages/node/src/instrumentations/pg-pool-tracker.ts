/**
 * pg-pool and pg, loaded with the pg instrumentation. Two wrappers on `Pool.prototype`:
 * - `connect` finds the pools for the connection metrics read at collection (wiring/pg-pool-metrics.ts),
 *   and, unless the app set `instrumentationConfig.pg.ignoreConnectSpans`, lets the pg instrumentation
 *   record its `pg-pool.connect` span only when the caller waits: for a new connection, or behind
 *   other callers for a busy one. Handing over an idle client takes a tick and said nothing, yet its
 *   span doubled the spans of every `pool.query()` and, under load, the young generation (see
 *   docs/performance.md, "pg-pool.connect spans only when the caller waits");
 * - `emit` runs the pool's 'error' listeners outside any request (client-events.ts). pg-pool emits
 *   'error' only for an idle client (the server closed it, a proxy timed it out), from that
 *   client's socket callbacks, which run in the context of the request that opened the connection.
 * And one on pg's `Client.prototype`: `emit` runs 'notification' (LISTEN/NOTIFY), 'error' and 'end'
 * outside any request. A client made on first use (a lazily connected singleton, a LISTEN client)
 * opens its connection inside a request, and those events come later from the socket's callbacks,
 * belonging to no request. 'notice' stays as it is: the server sends it during a query.
 */
import type * as InstrumentationApi from '@opentelemetry/instrumentation';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { OTELKIT_VERSION, warnOnce } from '@otelkit/core';
import { trackPool } from '../wiring/pg-pool-metrics.js';
import { emitOutsideRequests } from './client-events.js';
import { instrumentationApi } from './instrumentation-api.js';
import { exportedPrototype, type Exports, type Fn } from './module-exports.js';

/** Marks otelkit's wrapper: upstream's instrumentation wraps the same method, before or after it. */
const TRACKER = Symbol('otelkit.pg-pool-tracker');
let tracking = false;

/** The parts of the pg instrumentation's config the connect wrapper sets; upstream reads it on each call. */
interface ConnectSpansConfig {
  ignoreConnectSpans?: boolean;
}
/** The pg instrumentation's live config while otelkit decides when a pool's connect gets a span. */
let waitOnly: (() => ConnectSpansConfig) | undefined;

/** An idle client serves this connect at once: more of them than callers queued before it (pg-pool's public counts). */
function servedAtOnce(pool: unknown): boolean {
  const { idleCount, waitingCount } = pool as { idleCount?: unknown; waitingCount?: unknown };
  return typeof idleCount === 'number' && typeof waitingCount === 'number' && idleCount > waitingCount;
}

/**
 * The pg instrumentation's config, if its `ignoreConnectSpans` can be set per call: upstream's
 * connect patch reads `getConfig()` at each call, synchronously. A config that cannot take it (a
 * frozen object in some later release) leaves upstream's default: a span for every connect.
 */
function settableConfig(pg: Instrumentation): (() => ConnectSpansConfig) | undefined {
  try {
    const config = pg.getConfig() as ConnectSpansConfig;
    config.ignoreConnectSpans = false;
    if (config.ignoreConnectSpans === false) return () => pg.getConfig() as ConnectSpansConfig;
  } catch {
    // a read-only config: handled below
  }
  warnOnce('pg-pool-connect-spans', 'the pg instrumentation config cannot be set per call; every pool connect gets its pg-pool.connect span.', 'debug');
  return undefined;
}

type Wrapped = Fn & { [TRACKER]?: true; __original?: unknown };

function hasTracker(fn: unknown): boolean {
  let f = fn as Wrapped | undefined;
  for (let depth = 0; typeof f === 'function' && depth < 16; depth++, f = f.__original as Wrapped | undefined) {
    if (f[TRACKER] === true) return true;
  }
  return false;
}

function define(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { configurable: true, enumerable: false, writable: true, value });
}

/**
 * Wraps `proto.connect` on top of whatever wraps it now. Not with the instrumentation base's
 * `_wrap`, which takes another instrumentation's wrapper off first. The wrapper carries the usual
 * `__original`/`__unwrap`/`__wrapped` marks, so an instrumentation that re-patches later can take
 * it off cleanly; `patch` below then puts it back.
 */
function wrapConnect(proto: Record<string, unknown>): void {
  const original = proto['connect'];
  if (typeof original !== 'function' || hasTracker(original)) return;
  const wrapper = function otelkitPoolConnect(this: unknown) {
    if (!tracking) {
      // `arguments`: forwards exactly what the caller passed, a callback or none.
      // eslint-disable-next-line prefer-rest-params
      return (original as Fn).apply(this, arguments as unknown as unknown[]);
    }
    trackPool(this);
    const config = waitOnly?.();
    const previous = config?.ignoreConnectSpans === true;
    const skip = config !== undefined && servedAtOnce(this);
    if (config === undefined || skip === previous) {
      // eslint-disable-next-line prefer-rest-params
      return (original as Fn).apply(this, arguments as unknown as unknown[]);
    }
    // Upstream's connect patch reads the flag once, synchronously, before anything else runs. Set
    // both ways and put back: a connect made inside another one's call (a pool's own hook) decides
    // for itself.
    config.ignoreConnectSpans = skip;
    try {
      // eslint-disable-next-line prefer-rest-params
      return (original as Fn).apply(this, arguments as unknown as unknown[]);
    } finally {
      config.ignoreConnectSpans = previous;
    }
  };
  define(wrapper, TRACKER as unknown as string, true);
  define(wrapper, '__original', original);
  define(wrapper, '__unwrap', () => {
    if (proto['connect'] === wrapper) define(proto, 'connect', original);
  });
  define(wrapper, '__wrapped', true);
  define(proto, 'connect', wrapper);
}

/** Takes the wrapper off while it is the outermost one; inside another's, it stays and only passes through. */
function unwrapConnect(proto: Record<string, unknown>): void {
  const current = proto['connect'] as (Wrapped & { __unwrap?: () => void }) | undefined;
  if (typeof current === 'function' && current[TRACKER] === true) current.__unwrap?.();
}

const EMIT = Symbol('otelkit.pg-pool-emit');
type EmitWrapper = Fn & { [EMIT]?: { own: boolean; original: Fn } };

const POOL_EVENTS = (event: unknown): boolean => event === 'error';
const CLIENT_EVENTS = (event: unknown): boolean => event === 'notification' || event === 'error' || event === 'end';

/**
 * Own `emit` on a prototype that inherits EventEmitter's (Pool, Client), running the events `outside`
 * picks in the root context. Not `_wrap`: see wrapConnect.
 */
function wrapEmit(proto: Record<string, unknown>, outside: (event: unknown) => boolean): void {
  const current = proto['emit'] as EmitWrapper | undefined;
  if (typeof current !== 'function' || current[EMIT] !== undefined) return;
  const original = current as Fn;
  const wrapper: EmitWrapper = emitOutsideRequests(original, outside, () => tracking);
  define(wrapper, EMIT as unknown as string, { own: Object.prototype.hasOwnProperty.call(proto, 'emit'), original });
  define(proto, 'emit', wrapper);
}

function unwrapEmit(proto: Record<string, unknown>): void {
  const current = proto['emit'] as EmitWrapper | undefined;
  const mark = typeof current === 'function' ? current[EMIT] : undefined;
  if (mark === undefined) return;
  if (mark.own) define(proto, 'emit', mark.original);
  else delete proto['emit'];
}

/** pg's `Client.prototype` (`module.exports.Client`, or the default export's for an ES module namespace). */
function pgClientPrototype(moduleExports: Exports): Record<string, unknown> | undefined {
  const pg = (moduleExports[Symbol.toStringTag] === 'Module' ? moduleExports['default'] : moduleExports) as Exports | undefined;
  const client: unknown = pg?.['Client'];
  const proto: unknown = typeof client === 'function' ? (client as { prototype?: unknown }).prototype : undefined;
  return typeof proto === 'object' && proto !== null && typeof (proto as Record<string, unknown>)['emit'] === 'function' ? (proto as Record<string, unknown>) : undefined;
}

/**
 * The tracker, or undefined, with one warning, when @opentelemetry/instrumentation cannot be loaded.
 * `pg` is the pg instrumentation loaded beside it; with `connectSpansWhenWaiting`, its pool connect
 * spans are recorded only for callers that wait (the default unless the app set `ignoreConnectSpans`).
 */
export function createPgPoolTracker(pg?: Instrumentation, connectSpansWhenWaiting = false): Instrumentation | undefined {
  try {
    const api = instrumentationApi();
    class OtelkitPgPoolTracker extends api.InstrumentationBase {
      constructor() {
        super('@otelkit/node/pg-pool-metrics', OTELKIT_VERSION, {});
      }

      override enable(): void {
        tracking = true;
        waitOnly = pg !== undefined && connectSpansWhenWaiting ? settableConfig(pg) : undefined;
        super.enable();
      }

      override disable(): void {
        // A wrapper another wrapper now sits on stays in place and only passes through.
        tracking = false;
        super.disable();
      }

      protected init(): InstrumentationApi.InstrumentationNodeModuleDefinition[] {
        const patch = (moduleExports: Exports): Exports => {
          const proto = exportedPrototype(moduleExports);
          if (proto === undefined || typeof proto['connect'] !== 'function') {
            warnOnce('pg-pool-metrics:shape', 'pg-pool has an unexpected shape; db.client.connection.count is not reported.');
            return moduleExports;
          }
          wrapConnect(proto);
          wrapEmit(proto, POOL_EVENTS);
          // The pg instrumentation patches the same require before or after this hook, and takes
          // off whatever wraps `connect` first; once the require is done, wrap again if it did.
          queueMicrotask(() => {
            if (tracking) wrapConnect(proto);
          });
          return moduleExports;
        };
        const unpatch = (moduleExports: Exports): void => {
          const proto = exportedPrototype(moduleExports);
          if (proto !== undefined) {
            unwrapConnect(proto);
            unwrapEmit(proto);
          }
        };
        const patchClient = (moduleExports: Exports): Exports => {
          const proto = pgClientPrototype(moduleExports);
          // Debug only: the pg instrumentation itself warns about the same module once (RELIABILITY C8).
          if (proto === undefined) warnOnce('pg-client-events:shape', 'pg has an unexpected shape; its client events run in the context the connection was opened in.', 'debug');
          else wrapEmit(proto, CLIENT_EVENTS);
          return moduleExports;
        };
        const unpatchClient = (moduleExports: Exports): void => {
          const proto = pgClientPrototype(moduleExports);
          if (proto !== undefined) unwrapEmit(proto);
        };
        return [
          new api.InstrumentationNodeModuleDefinition('pg-pool', ['>=2 <4'], patch, unpatch),
          new api.InstrumentationNodeModuleDefinition('pg', ['>=8 <9'], patchClient, unpatchClient),
        ];
      }
    }
    return new OtelkitPgPoolTracker();
  } catch (error) {
    warnOnce('instr:load:pg-pool-metrics', `db.client.connection.count is not reported (${(error as Error).message}).`);
    return undefined;
  }
}
