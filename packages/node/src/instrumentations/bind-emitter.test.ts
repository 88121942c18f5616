import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { createContextKey, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { bindEmitter, setEmitterContextManager } from './bind-emitter.js';

const KEY = createContextKey('test');
const manager = new AsyncLocalStorageContextManager().enable();
const requestContext = ROOT_CONTEXT.setValue(KEY, 'request');
const seen = (): unknown => manager.active().getValue(KEY);

afterEach(() => setEmitterContextManager(undefined));

describe('bindEmitter', () => {
  it('runs listeners added before and after binding in the bound context, wherever the emit comes from', () => {
    setEmitterContextManager(manager);
    const emitter = new EventEmitter();
    const values: unknown[] = [];
    emitter.on('x', () => values.push(seen()));
    bindEmitter(emitter, requestContext);
    emitter.once('x', () => values.push(seen()));
    emitter.prependListener('x', () => values.push(seen()));
    const other = ROOT_CONTEXT.setValue(KEY, 'other');
    manager.with(other, () => emitter.emit('x'));
    expect(values).toEqual(['request', 'request', 'request']);
    // The emitter's caller keeps its own context.
    expect(manager.with(other, () => (emitter.emit('x'), seen()))).toBe('other');
  });

  it('an event without listeners is emitted without entering the context; one with a listener still is', () => {
    let entered = 0;
    const counting = Object.assign(Object.create(manager) as AsyncLocalStorageContextManager, {
      with: (...args: Parameters<AsyncLocalStorageContextManager['with']>) => {
        entered++;
        return manager.with(...args);
      },
    });
    setEmitterContextManager(counting);
    const emitter = new EventEmitter();
    bindEmitter(emitter, requestContext);
    expect(emitter.emit('nobody', 1)).toBe(false);
    expect(entered).toBe(0);
    const values: unknown[] = [];
    emitter.once('x', () => values.push(seen()));
    expect(emitter.emit('x')).toBe(true);
    expect(entered).toBe(1);
    expect(values).toEqual(['request']);
    // The once listener is gone: the next emit of 'x' has nobody to run and no context to enter.
    expect(emitter.emit('x')).toBe(false);
    expect(entered).toBe(1);
  });

  it("keeps the app's listeners its own: listeners(), removeListener() and once() see the original functions", () => {
    setEmitterContextManager(manager);
    const emitter = new EventEmitter();
    bindEmitter(emitter, requestContext);
    const calls: string[] = [];
    const a = (): void => void calls.push('a');
    const b = (): void => void calls.push('b');
    emitter.on('x', a);
    emitter.once('x', b);
    expect(emitter.listeners('x')).toEqual([a, b]);
    emitter.removeListener('x', b);
    expect(emitter.emit('x')).toBe(true);
    emitter.off('x', a);
    expect(emitter.emit('x')).toBe(false);
    expect(calls).toEqual(['a']);
  });

  it('passes the arguments and the return value, and an unhandled error event still throws to the emitter', () => {
    setEmitterContextManager(manager);
    const emitter = new EventEmitter();
    bindEmitter(emitter, requestContext);
    let args: unknown[] = [];
    emitter.on('x', (...received: unknown[]) => (args = received));
    expect(emitter.emit('x', 1, 'two', undefined)).toBe(true);
    expect(args).toEqual([1, 'two', undefined]);
    expect(() => emitter.emit('error', new Error('boom'))).toThrow('boom');
  });

  it('binding again changes the context without wrapping twice', () => {
    setEmitterContextManager(manager);
    const emitter = new EventEmitter();
    bindEmitter(emitter, requestContext);
    const emit = emitter.emit;
    const next: Context = ROOT_CONTEXT.setValue(KEY, 'next');
    bindEmitter(emitter, next);
    expect(emitter.emit).toBe(emit);
    let value: unknown;
    emitter.on('x', () => (value = seen()));
    emitter.emit('x');
    expect(value).toBe('next');
  });

  it("covers a stream's own events ('data', 'end') and what they start", async () => {
    setEmitterContextManager(manager);
    const stream = new PassThrough();
    bindEmitter(stream, requestContext);
    const values: unknown[] = [];
    stream.on('data', () => values.push(seen()));
    const ended = new Promise<void>((resolve) => stream.on('end', () => setImmediate(() => (values.push(seen()), resolve()))));
    stream.end('chunk');
    await ended;
    expect(values).toEqual(['request', 'request']);
  });

  it('without a context manager (otelkit shut down) listeners run as they would unbound', () => {
    const emitter = new EventEmitter();
    bindEmitter(emitter, requestContext);
    let value: unknown = 'unset';
    emitter.on('x', () => (value = seen()));
    emitter.emit('x');
    expect(value).toBeUndefined();
  });
});

describe('bindEmitter with an emit of its own', () => {
  it("keeps a subclass's emit and passes every argument count through", () => {
    setEmitterContextManager(manager);
    const seenEvents: unknown[][] = [];
    class Custom extends EventEmitter {
      override emit(event: string | symbol, ...args: unknown[]): boolean {
        seenEvents.push([event, ...args, seen()]);
        return super.emit(event, ...args);
      }
    }
    const emitter = new Custom();
    bindEmitter(emitter, requestContext);
    const counts: number[] = [];
    emitter.on('x', (...args: unknown[]) => counts.push(args.length));
    const other = ROOT_CONTEXT.setValue(KEY, 'other');
    manager.with(other, () => {
      emitter.emit('x');
      emitter.emit('x', 1);
      emitter.emit('x', 1, 2);
      emitter.emit('x', 1, 2, 3, 4);
    });
    emitter.emit('x', 'a', 'b');
    expect(counts).toEqual([0, 1, 2, 4, 2]);
    expect(seenEvents.map((e) => e.at(-1))).toEqual(['request', 'request', 'request', 'request', 'request']);
  });
});
