/**
 * The request's context for the request's own later events.
 *
 * The server span's context is made active where Node announces the request, and that lasts for the
 * turn that emits 'request'. The request's later events ('data', 'end', 'readable', the response's
 * 'finish' and 'close', ...) come from later parser and socket callbacks. With AsyncLocalStorage on
 * AsyncContextFrame (Node 24's default) those callbacks run in the frame the connection was accepted
 * in, outside any request, so a listener the app added in its handler would see no span at all; on
 * async_hooks (Node 22, `--no-async-context-frame`) they happen to see the last store entered on the
 * connection.
 *
 * Each of the request's two emitters therefore gets an `emit` of its own that runs the listeners in
 * the request's context. This is cheaper and more faithful than wrapping every listener as it is
 * added (the context manager's `bind()`): nothing is allocated per listener, `listeners()`,
 * `removeListener()` and `once()` see the app's own functions, and when the event already runs in
 * the request's context (the common case on async_hooks, and for events emitted by the handler
 * itself) it costs one comparison. Streams the app pipes the request into are covered too: their
 * writes, `end()` and callbacks start from the request's 'data' and 'end' listeners.
 */
import { EventEmitter } from 'node:events';
import type { Context, ContextManager } from '@opentelemetry/api';

const kContext = Symbol('otelkit.emitter.context');
const kEmit = Symbol('otelkit.emitter.emit');

type Emit = (this: EventEmitter, ...args: unknown[]) => boolean;
type BoundEmitter = EventEmitter & { [kContext]?: Context; [kEmit]?: Emit };

// Requests and responses use EventEmitter's own emit; only another one is kept on the emitter, so
// binding is two property writes per emitter, and an event costs ~30 ns more (a wrapper call and
// the context check; measured in a loop on Node 24).
// eslint-disable-next-line @typescript-eslint/unbound-method -- always called with .call/.apply on an emitter
const EE_EMIT = EventEmitter.prototype.emit as Emit;

let manager: ContextManager | undefined;

function applyEmit(target: BoundEmitter, emit: Emit, args: IArguments): boolean {
  return Reflect.apply(emit, target, args) as boolean;
}

/** The emit with the same number of values it was called with: no array, no arguments object. */
function callEmit(target: BoundEmitter, emit: Emit, count: number, event: string | symbol, a: unknown, b: unknown): boolean {
  switch (count) {
    case 0:
      return emit.call(target);
    case 1:
      return emit.call(target, event);
    case 2:
      return emit.call(target, event, a);
    default:
      return emit.call(target, event, a, b);
  }
}

/** Node's own events carry 0-2 values: these go by name, in `ctx` unless it is already active. */
function emitIn(target: BoundEmitter, emit: Emit, count: number, event: string | symbol, a: unknown, b: unknown): boolean {
  const ctx = target[kContext];
  const m = manager;
  if (m === undefined || ctx === undefined || m.active() === ctx) return callEmit(target, emit, count, event, a, b);
  return m.with(ctx, callEmit, undefined, target, emit, count, event, a, b);
}

/** More values than that: the arguments object as it is. */
function emitMany(target: BoundEmitter, emit: Emit, args: IArguments): boolean {
  const ctx = target[kContext];
  const m = manager;
  if (m === undefined || ctx === undefined || m.active() === ctx) return applyEmit(target, emit, args);
  return m.with(ctx, applyEmit, undefined, target, emit, args);
}

// eslint-disable-next-line @typescript-eslint/unbound-method -- always called with .call on an emitter
const EE_LISTENER_COUNT = EventEmitter.prototype.listenerCount;

// Two wrappers, so the common emitter (EventEmitter's own emit) needs no lookup of a saved one.
function emitInContext(this: BoundEmitter, event: string | symbol, a?: unknown, b?: unknown): boolean {
  // EventEmitter's emit runs listeners and nothing else: an event nobody listens to (most of a
  // response's 'prefinish', 'finish', a request's 'end', ...) needs no context switch.
  // Why: docs/performance.md, "Request events without listeners emitted as they are".
  // eslint-disable-next-line prefer-rest-params
  if (arguments.length > 3) return emitMany(this, EE_EMIT, arguments);
  if (EE_LISTENER_COUNT.call(this, event) === 0) return callEmit(this, EE_EMIT, arguments.length, event, a, b);
  return emitIn(this, EE_EMIT, arguments.length, event, a, b);
}

function emitOwnInContext(this: BoundEmitter, event: string | symbol, a?: unknown, b?: unknown): boolean {
  const emit = this[kEmit] ?? EE_EMIT;
  // eslint-disable-next-line prefer-rest-params
  if (arguments.length > 3) return emitMany(this, emit, arguments);
  return emitIn(this, emit, arguments.length, event, a, b);
}

/** Sets the context manager whose `with()` runs the listeners (undefined: emitters call through). */
export function setEmitterContextManager(contextManager: ContextManager | undefined): void {
  manager = contextManager;
}

/**
 * Every listener of `emitter`, whenever it was added, runs in `ctx` from now on. Binding the same
 * emitter again only changes the context.
 */
export function bindEmitter(emitter: EventEmitter, ctx: Context): void {
  const target = emitter as BoundEmitter;
  target[kContext] = ctx;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called on this emitter
  const current = target.emit as Emit;
  if (current === (emitInContext as Emit) || current === (emitOwnInContext as Emit)) return;
  if (current === EE_EMIT) {
    target.emit = emitInContext as EventEmitter['emit'];
  } else {
    target[kEmit] = current;
    target.emit = emitOwnInContext as EventEmitter['emit'];
  }
}
