/**
 * The async context otelkit started in, for the work it does on its own behalf.
 *
 * A timer, a socket or a promise keeps the async context it was created in (with async context
 * frames, Node 24: every AsyncLocalStorage store at once). otelkit's exports are set off by
 * whichever request ended the batch's first span or filled it, and the sockets they open live for
 * many exports: made there, they would keep that request's context (its span, its log fields, and
 * the stores of the app's own AsyncLocalStorage instances) for as long as they live. Work created
 * through {@link outsideRequests} gets the context otelkit started in instead.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

type Runner = <R>(fn: () => R) => R;

let startFrame: Runner | undefined;

/**
 * Remember the current async context as the one otelkit starts in. The first call wins: call it
 * while starting (the preload, start(), a pipeline's constructor), not from inside a request.
 * Without `AsyncLocalStorage.snapshot()` nothing is remembered and work runs where it is called.
 */
export function rememberStartFrame(): void {
  if (startFrame !== undefined || typeof AsyncLocalStorage.snapshot !== 'function') return;
  startFrame = AsyncLocalStorage.snapshot();
}

/** Runs `fn` in the remembered start context, or in the current one when none was remembered. */
export function outsideRequests<R>(fn: () => R): R {
  return startFrame === undefined ? fn() : startFrame(fn);
}

/** The runner of the remembered start context, if any (remembering the current one first). */
export function startFrameRunner(): Runner | undefined {
  rememberStartFrame();
  return startFrame;
}
