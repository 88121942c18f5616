import { EventEmitter } from 'node:events';
import { context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { Instrumentation, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { afterAll, describe, expect, it } from 'vitest';
import { createPgPoolTracker } from './pg-pool-tracker.js';

const KEY = createContextKey('request');
const manager = new AsyncLocalStorageContextManager().enable();
context.setGlobalContextManager(manager);
afterAll(() => context.disable());

/** pg-pool's shape: a class extending EventEmitter with `connect`. */
function fakePgPool(): { Pool: new () => EventEmitter; proto: Record<string, unknown> } {
  class Pool extends EventEmitter {
    connect(): string {
      return 'connected';
    }
  }
  return { Pool, proto: Pool.prototype as unknown as Record<string, unknown> };
}

describe('pg-pool tracker: the pool emit wrapper', () => {
  const tracker = createPgPoolTracker()!;
  // The module definition the instrumentation base would patch pg-pool with.
  const [definition] = (tracker as unknown as { init(): InstrumentationNodeModuleDefinition[] }).init();

  it("runs 'error' listeners in the root context, other events in the emitter's, and comes off cleanly", () => {
    tracker.enable();
    const { Pool, proto } = fakePgPool();
    definition!.patch!(Pool);
    expect(Object.prototype.hasOwnProperty.call(proto, 'emit')).toBe(true);
    const pool = new Pool();
    const seen: Array<[string, unknown]> = [];
    pool.on('error', () => seen.push(['error', context.active().getValue(KEY)]));
    pool.on('connect', () => seen.push(['connect', context.active().getValue(KEY)]));
    const request = ROOT_CONTEXT.setValue(KEY, 'request-1');
    context.with(request, () => {
      expect(pool.emit('error', new Error('idle client closed'))).toBe(true);
      expect(pool.emit('connect', {})).toBe(true);
      // The caller keeps its context after the emit.
      expect(context.active().getValue(KEY)).toBe('request-1');
    });
    expect(seen).toEqual([
      ['error', undefined],
      ['connect', 'request-1'],
    ]);
    // Patching twice wraps once.
    const wrapped = proto['emit'];
    definition!.patch!(Pool);
    expect(proto['emit']).toBe(wrapped);

    // Disabled: passes through; unpatched: EventEmitter's own emit again.
    tracker.disable();
    seen.length = 0;
    context.with(request, () => pool.emit('error', new Error('x')));
    expect(seen).toEqual([['error', 'request-1']]);
    definition!.unpatch!(Pool);
    expect(Object.prototype.hasOwnProperty.call(proto, 'emit')).toBe(false);
    expect(pool.emit).toBe(EventEmitter.prototype.emit);
  });
});

describe('pg-pool tracker: the pg client emit wrapper', () => {
  const tracker = createPgPoolTracker()!;
  // The second module definition: pg itself.
  const definition = (tracker as unknown as { init(): InstrumentationNodeModuleDefinition[] }).init().find((d) => d.name === 'pg')!;

  /** pg's shape: `module.exports` is an object whose `Client` class extends EventEmitter. */
  function fakePg(): { pg: { Client: new () => EventEmitter }; proto: Record<string, unknown> } {
    class Client extends EventEmitter {}
    return { pg: { Client }, proto: Client.prototype as unknown as Record<string, unknown> };
  }

  it("runs 'notification', 'error' and 'end' in the root context, 'notice' and the rest in the emitter's, and comes off cleanly", () => {
    tracker.enable();
    const { pg, proto } = fakePg();
    definition.patch!(pg);
    const client = new pg.Client();
    const seen: Array<[string, unknown]> = [];
    for (const event of ['notification', 'error', 'end', 'notice', 'drain']) client.on(event, () => seen.push([event, context.active().getValue(KEY)]));
    const request = ROOT_CONTEXT.setValue(KEY, 'request-1');
    context.with(request, () => {
      for (const event of ['notification', 'error', 'end', 'notice', 'drain']) expect(client.emit(event, {})).toBe(true);
      expect(context.active().getValue(KEY)).toBe('request-1');
    });
    expect(seen).toEqual([
      ['notification', undefined],
      ['error', undefined],
      ['end', undefined],
      ['notice', 'request-1'],
      ['drain', 'request-1'],
    ]);

    // The same wrapper under an ES module namespace (import pg from 'pg').
    const esm = fakePg();
    definition.patch!({ [Symbol.toStringTag]: 'Module', default: esm.pg });
    expect(Object.prototype.hasOwnProperty.call(esm.proto, 'emit')).toBe(true);

    tracker.disable();
    seen.length = 0;
    context.with(request, () => client.emit('notification', {}));
    expect(seen).toEqual([['notification', 'request-1']]);
    definition.unpatch!(pg);
    expect(Object.prototype.hasOwnProperty.call(proto, 'emit')).toBe(false);
    expect(client.emit).toBe(EventEmitter.prototype.emit);
  });

  it('leaves a module without a Client class alone', () => {
    const odd = { Client: 'not a class' };
    expect(definition.patch!(odd)).toBe(odd);
    expect(odd.Client).toBe('not a class');
  });
});

describe('pg-pool tracker: connect spans only when the caller waits', () => {
  /** The pg instrumentation as the tracker sees it: `getConfig()`, read by upstream's connect patch at each call. */
  const instrumentationWith = (config: Record<string, unknown>): Instrumentation => ({ getConfig: () => config }) as unknown as Instrumentation;

  /** A pool whose `connect` reports the `ignoreConnectSpans` it saw while it ran, as upstream's patch reads it. */
  function poolReading(config: Record<string, unknown>): {
    Pool: new (idle: number, waiting: number) => { connect(): unknown; inner: { connect(): unknown } | undefined };
    patchWith: (tracker: Instrumentation) => void;
  } {
    class Pool extends EventEmitter {
      constructor(
        readonly idleCount: number,
        readonly waitingCount: number,
      ) {
        super();
      }
      inner: { connect(): unknown } | undefined;
      connect(): unknown {
        if (this.idleCount < 0) throw new Error('connect failed');
        const seen = config['ignoreConnectSpans'];
        return this.inner === undefined ? seen : [seen, this.inner.connect(), config['ignoreConnectSpans']];
      }
    }
    const patchWith = (tracker: Instrumentation): void => {
      tracker.enable();
      const [definition] = (tracker as unknown as { init(): InstrumentationNodeModuleDefinition[] }).init();
      definition!.patch!(Pool);
    };
    return { Pool, patchWith };
  }

  it('skips the span for an idle client handed over at once, keeps it otherwise, and puts the flag back', () => {
    const config: Record<string, unknown> = {};
    const { Pool, patchWith } = poolReading(config);
    const tracker = createPgPoolTracker(instrumentationWith(config), true)!;
    patchWith(tracker);
    expect(new Pool(1, 0).connect()).toBe(true); // an idle client, nobody queued: no span
    expect(new Pool(3, 2).connect()).toBe(true);
    expect(new Pool(0, 0).connect()).toBe(false); // a new connection
    expect(new Pool(1, 1).connect()).toBe(false); // one idle client, one caller ahead
    expect(new Pool(2, 5).connect()).toBe(false);
    expect(config['ignoreConnectSpans']).toBe(false);
    // A connect made during another one's call decides for itself; the outer one's flag comes back.
    const outer = new Pool(1, 0);
    outer.inner = new Pool(0, 0);
    expect(outer.connect()).toEqual([true, false, true]);
    const waiting = new Pool(0, 0);
    waiting.inner = new Pool(2, 0);
    expect(waiting.connect()).toEqual([false, true, false]);
    expect(config['ignoreConnectSpans']).toBe(false);
    // A connect that throws leaves the flag as it was.
    expect(() => new Pool(-1, -2).connect()).toThrow('connect failed');
    expect(config['ignoreConnectSpans']).toBe(false);
    // Disabled: upstream decides alone.
    tracker.disable();
    expect(new Pool(1, 0).connect()).toBe(false);
  });

  it("leaves the app's own ignoreConnectSpans alone, and a config that can't take it", () => {
    const own: Record<string, unknown> = { ignoreConnectSpans: false };
    const first = poolReading(own);
    first.patchWith(createPgPoolTracker(instrumentationWith(own), false)!);
    expect(new first.Pool(1, 0).connect()).toBe(false);

    const frozen = Object.freeze({}) as Record<string, unknown>;
    const second = poolReading(frozen);
    second.patchWith(createPgPoolTracker(instrumentationWith(frozen), true)!);
    expect(new second.Pool(1, 0).connect()).toBeUndefined();
    expect(new second.Pool(0, 0).connect()).toBeUndefined();
  });
});
