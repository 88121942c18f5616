import { EventEmitter } from 'node:events';
import { context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { afterAll, describe, expect, it } from 'vitest';
import { createIoredisEventsInstrumentation, emitOutsideRequests } from './client-events.js';
import type { Fn } from './module-exports.js';

const KEY = createContextKey('request');
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
afterAll(() => context.disable());
const request = ROOT_CONTEXT.setValue(KEY, 'request-1');
const seen = (): unknown => context.active().getValue(KEY);

describe('emitOutsideRequests', () => {
  it('runs the chosen events in the root context while on, with the arguments and result of the original', () => {
    let on = true;
    const emitter = new EventEmitter();
    const emit = emitOutsideRequests(EventEmitter.prototype.emit as Fn, (event) => event === 'error', () => on);
    const got: unknown[] = [];
    emitter.on('error', (...args: unknown[]) => got.push(['error', seen(), ...args]));
    emitter.on('data', (...args: unknown[]) => got.push(['data', seen(), ...args]));
    context.with(request, () => {
      expect(emit.call(emitter, 'error', 1, 2)).toBe(true);
      expect(emit.call(emitter, 'data', 3)).toBe(true);
      expect(emit.call(emitter, 'none')).toBe(false);
      expect(seen()).toBe('request-1');
      on = false;
      emit.call(emitter, 'error', 4);
    });
    // Outside any request already: the listeners run as they are.
    on = true;
    expect(emit.call(emitter, 'error', 5)).toBe(true);
    expect(got).toEqual([
      ['error', undefined, 1, 2],
      ['data', 'request-1', 3],
      ['error', 'request-1', 4],
      ['error', undefined, 5],
    ]);
  });
});

describe('ioredis events', () => {
  /** ioredis's shape: `Redis` and `Cluster` with `emit` mixed in as own properties, `module.exports = Redis`. */
  function fakeIoredis(): { Redis: new () => EventEmitter; Cluster: new () => EventEmitter } {
    class Redis {}
    class Cluster {}
    for (const klass of [Redis, Cluster]) {
      Object.setPrototypeOf(klass.prototype, EventEmitter.prototype);
      Object.defineProperty(klass.prototype, 'emit', { value: EventEmitter.prototype.emit, writable: true, configurable: true });
    }
    Object.assign(Redis, { Cluster, default: Redis });
    return { Redis: Redis as unknown as new () => EventEmitter, Cluster: Cluster as unknown as new () => EventEmitter };
  }

  it('runs every event of Redis and Cluster clients in the root context, and comes off cleanly', () => {
    const instrumentation = createIoredisEventsInstrumentation()!;
    const [definition] = (instrumentation as unknown as { init(): InstrumentationNodeModuleDefinition[] }).init();
    const { Redis, Cluster } = fakeIoredis();
    instrumentation.enable();
    definition!.patch!(Redis);
    const got: unknown[] = [];
    for (const client of [new Redis(), new Cluster()]) {
      client.on('ready', () => got.push(seen()));
      client.on('message', () => got.push(seen()));
      context.with(request, () => {
        client.emit('ready');
        client.emit('message', 'channel', 'text');
      });
    }
    expect(got).toEqual([undefined, undefined, undefined, undefined]);

    instrumentation.disable();
    definition!.unpatch!(Redis);
    expect(Redis.prototype.emit).toBe(EventEmitter.prototype.emit);
    expect(Cluster.prototype.emit).toBe(EventEmitter.prototype.emit);
    const client = new Redis();
    client.on('ready', () => got.push(seen()));
    context.with(request, () => client.emit('ready'));
    expect(got.at(-1)).toBe('request-1');
  });
});
