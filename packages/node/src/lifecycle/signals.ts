/**
 * Flush on SIGTERM, SIGINT and natural exit, within a bounded time.
 *
 * - The app has no handler for the signal: otelkit flushes (bounded), then re-raises the signal with
 *   the default action restored, so the exit status stays 143/130 as without otelkit.
 * - The app has its own handler: otelkit starts a flush and does nothing else. It neither exits nor
 *   delays the app's own shutdown.
 * - Natural exit ('beforeExit'): one bounded flush in which each export makes one attempt. At the
 *   bound, otelkit ends its exports in flight and stops waiting; the app's own pending work (a logger
 *   flushing its buffer in its 'beforeExit' handler) still finishes. Only a process that is still
 *   alive another bound later is ended with process.exit().
 */
import { diagLog, runDetached, warnOnce } from '@otelkit/core';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
type HandledSignal = (typeof SIGNALS)[number];

/** What the lifecycle needs from the pipeline. */
export interface LifecycleTarget {
  /** Flush and stop the pipeline. Must not reject; resolves 'timeout' when it gave up at its own bound. */
  shutdown(): Promise<unknown>;
  /** Export what is queued. Must not reject. */
  forceFlush(): Promise<void>;
  /** How many spans have ended so far (tells whether a flush round let new spans in). */
  endedSpans(): number;
  /** Called first on SIGTERM/SIGINT, synchronously, before the app's own handlers (`/ready` turns 503). */
  beginShutdown?(): void;
  /**
   * Called when the process exits on its own, before the last flush: exports stop retrying. A
   * signalled shutdown keeps its retries (a collector restarting alongside the app may be back
   * within the bound), a script that has finished its work should not wait on a collector that is
   * not there.
   */
  beginExit?(): void;
  /** Called when the exit flush ran out of time: end otelkit's exports in flight. */
  abandon?(): void;
}

/**
 * Resolve after `ms`, with an unref'd timer so the wait itself never holds the process open; or
 * when `work` settles ('timeout' if it gave up at a bound of its own).
 */
function bounded(work: Promise<unknown>, ms: number): Promise<'done' | 'timeout'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref();
    work.then(
      (outcome) => {
        clearTimeout(timer);
        resolve(outcome === 'timeout' ? 'timeout' : 'done');
      },
      () => {
        clearTimeout(timer);
        resolve('done');
      },
    );
  });
}

async function flushUntilQuiet(target: LifecycleTarget): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const before = target.endedSpans();
    await target.forceFlush();
    if (target.endedSpans() === before) return;
  }
}

/**
 * Install the handlers. Returns a function that removes them.
 */
export function installLifecycle(target: LifecycleTarget, timeoutMs: number): () => void {
  const handlers = new Map<HandledSignal, () => void>();
  let exiting = false;

  for (const signal of SIGNALS) {
    const handler = (): void => {
      target.beginShutdown?.();
      const appHandlers = process.listenerCount(signal) - 1;
      if (appHandlers > 0) {
        // The app owns shutdown: push the data out now, without holding anything up.
        runDetached(target.forceFlush(), 'lifecycle:flush', `${signal}: flush failed`);
        return;
      }
      if (exiting) {
        // A second signal while flushing: stop waiting, as an impatient operator expects.
        remove();
        process.kill(process.pid, signal);
        return;
      }
      exiting = true;
      diagLog('debug', `${signal} received: flushing telemetry (at most ${timeoutMs} ms) before exiting`);
      // Keep the process alive while flushing: the signal handler alone does not.
      const keepAlive = setInterval(() => undefined, 1000);
      // Requests in flight when the signal came keep finishing while we flush: flush again until a
      // round ends no new span, so every span that ended before the process dies is exported.
      const flushed = bounded(flushUntilQuiet(target), timeoutMs).then((outcome) => {
        clearInterval(keepAlive);
        if (outcome === 'timeout') warnOnce('lifecycle:timeout', `${signal}: the flush did not finish within OTELKIT_SHUTDOWN_TIMEOUT (${timeoutMs} ms); telemetry not yet exported is abandoned.`);
        remove();
        // Default action restored: the process ends exactly as an uninstrumented one would.
        process.kill(process.pid, signal);
      });
      runDetached(flushed, 'lifecycle:signal', `${signal}: exit after the flush failed`);
    };
    handlers.set(signal, handler);
    // First in line, so an app listener added with once() is still counted when we look.
    process.prependListener(signal, handler);
  }

  const onBeforeExit = (): void => {
    if (exiting) return;
    exiting = true;
    target.beginExit?.();
    const keepAlive = setTimeout(() => undefined, timeoutMs);
    const shutDown = bounded(target.shutdown(), timeoutMs).then((outcome) => {
      clearTimeout(keepAlive);
      if (outcome !== 'timeout') return;
      // The app was already exiting: a hung export must not hold it open past the bound. Its sockets
      // are ended; what still runs is the app's (or an exporter's otelkit cannot reach, such as https
      // through Node's client), and an unref'd timer ends the process only if it is still alive then.
      target.abandon?.();
      setTimeout(() => process.exit(), timeoutMs).unref();
    });
    runDetached(shutDown, 'lifecycle:exit', 'shutdown at exit failed');
  };
  process.once('beforeExit', onBeforeExit);

  function remove(): void {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
    handlers.clear();
    process.removeListener('beforeExit', onBeforeExit);
  }
  return remove;
}
