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
import type { EventEmitter } from 'node:events';
import type { Context, ContextManager } from '@opentelemetry/api';

const kContext = Symbol('otelkit.emitter.context');
const kEmit = Symbol('otelkit.emitter.emit');

type BoundEmitter = EventEmitter & { [kContext]?: Context; [kEmit]?: EventEmitter['emit'] };
type Emit = (this: BoundEmitter, ...args: unknown[]) => boolean;

let manager: ContextManager | undefined;

function applyEmit(target: BoundEmitter, emit: Emit, args: IArguments): boolean {
  return Reflect.apply(emit, target, args) as boolean;
}

function emitInContext(this: BoundEmitter): boolean {
  const emit = this[kEmit] as Emit;
  const ctx = this[kContext];
  const m = manager;
  // eslint-disable-next-line prefer-rest-params -- arguments avoids an array per emit
  if (m === undefined || ctx === undefined || m.active() === ctx) return Reflect.apply(emit, this, arguments) as boolean;
  // eslint-disable-next-line prefer-rest-params
  return m.with(ctx, applyEmit, undefined, this, emit, arguments);
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
  if (target.emit === (emitInContext as EventEmitter['emit'])) return;
  target[kEmit] = target.emit;
  target.emit = emitInContext as EventEmitter['emit'];
}
