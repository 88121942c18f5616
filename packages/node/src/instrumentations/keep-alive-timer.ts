/**
 * Node prototype patch: the keep-alive timer Node arms when a response finishes is created outside
 * the request's async context. One module, so that it can be found and removed
 * (docs/performance.md, "Keep-alive timers armed outside the request, again").
 *
 * The server span becomes active with `enterWith()`, and a response's 'finish' runs in the
 * request's context, so that the app's own 'finish' listeners see it. Node arms the connection's
 * keep-alive timer there (`socket.setTimeout(keepAliveTimeout + 1 s)`), and with async context
 * frames (Node 24) a timer keeps the frame it was created in: every keep-alive connection then
 * holds its last request's context until its next request. Under load those contexts survive
 * scavenges, and V8 grows the young generation with what survives: on the Express route the new
 * space of a server under sustained load grew to 128 MB (RSS +100 MB over the same app without
 * otelkit) where the app alone stays at 32 MB.
 *
 * Node announces the finish on `http.server.response.finish` just before it arms that timer. The
 * wrapper of `Socket#setTimeout` creates that one timer in the frame otelkit started in, when the
 * call is the keep-alive one (the finished response's socket, the server's keep-alive timeout plus
 * Node's 1 s margin or without it, no callback); every other call passes through untouched, so the
 * timeouts an app arms keep the request's context. Fallback: without the prototype method, the
 * channel or `AsyncLocalStorage.snapshot()`, nothing is patched and the contexts stay reachable
 * as before. Node 22 (and 24 with `--no-async-context-frame`) keeps the context on the connection's
 * own async resource as well; this does not change that.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { Socket } from 'node:net';
import { startFrameRunner } from '@otelkit/core';

type SetTimeout = (this: Socket, msecs: number, callback?: () => void) => Socket;

/** What Node adds to `server.keepAliveTimeout` when it arms the timer. */
const KEEP_ALIVE_MARGIN_MS = 1000;

let enabled = false;
let original: SetTimeout | undefined;
let wrapper: SetTimeout | undefined;
let inStartFrame: (<R>(fn: () => R) => R) | undefined;
/** The socket of the response that just finished, and its server's keep-alive timeout. */
let finishedSocket: unknown;
let keepAliveMs = 0;

function onResponseFinish(message: unknown): void {
  const { socket, server } = message as { socket?: unknown; server?: { keepAliveTimeout?: unknown } };
  const timeout = server?.keepAliveTimeout;
  if (socket === undefined || typeof timeout !== 'number' || !(timeout > 0)) return;
  finishedSocket = socket;
  keepAliveMs = timeout;
}

function makeWrapper(setTimeoutOf: SetTimeout): SetTimeout {
  return function otelkitSetTimeout(this: Socket, msecs: number, callback?: () => void): Socket {
    if (finishedSocket === this) {
      finishedSocket = undefined;
      if (enabled && callback === undefined && arguments.length === 1 && (msecs === keepAliveMs + KEEP_ALIVE_MARGIN_MS || msecs === keepAliveMs)) {
        return inStartFrame!(() => setTimeoutOf.call(this, msecs));
      }
    }
    // `arguments`: forwards exactly what the caller passed.
    // eslint-disable-next-line prefer-rest-params
    return setTimeoutOf.apply(this, arguments as unknown as [number, (() => void)?]);
  };
}

/** Start creating keep-alive timers outside requests (idempotent). Call it from the context otelkit starts in. */
export function enableKeepAliveTimers(): void {
  if (enabled) return;
  const runner = typeof Socket.prototype.setTimeout === 'function' ? startFrameRunner() : undefined;
  if (runner === undefined) return;
  inStartFrame = runner;
  if (wrapper === undefined || Socket.prototype.setTimeout !== wrapper) {
    // Kept unbound on purpose: the wrapper calls it with the socket as `this`.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    original = Socket.prototype.setTimeout;
    wrapper = makeWrapper(original);
    Socket.prototype.setTimeout = wrapper;
  }
  subscribe('http.server.response.finish', onResponseFinish);
  enabled = true;
}

/** Stop; the prototype gets its method back unless something wrapped it after otelkit. */
export function disableKeepAliveTimers(): void {
  if (!enabled) return;
  enabled = false;
  unsubscribe('http.server.response.finish', onResponseFinish);
  finishedSocket = undefined;
  if (Socket.prototype.setTimeout === wrapper && original !== undefined) {
    Socket.prototype.setTimeout = original;
    wrapper = undefined;
    original = undefined;
  }
}
