/**
 * A flush or shutdown of the pipeline's parts that settles within a bound, whatever an exporter
 * does (RELIABILITY L9): an exporter whose export never calls back, or whose shutdown() never
 * settles, must not hang the app's `await otel.shutdown()`.
 */
import { warnOnce } from '@otelkit/core';

export type SettleOutcome = 'done' | 'timeout';

/** One part of the pipeline and its pending work (undefined: the part is not in use). */
export type SettlePart = readonly [name: string, work: Promise<unknown> | undefined];

/**
 * Wait for every part, at most `ms`. Never rejects: a part's failure is one warning (`failed` and
 * its message). At the bound, one warning names the parts still pending, nothing waits for them
 * any more, and the result is 'timeout' (a part that fails after that was already reported). The
 * timer is not unref'd: the app awaits the result, and a process with nothing else to do would
 * otherwise end with the promise unsettled. It holds the process at most `ms`.
 */
export function settleWithin(what: string, parts: readonly SettlePart[], ms: number, failed: string): Promise<SettleOutcome> {
  const pending = new Set<string>();
  let firstError: unknown;
  let failedAny = false;
  const works: Promise<void>[] = [];
  for (const [name, work] of parts) {
    if (work === undefined) continue;
    pending.add(name);
    works.push(
      work.then(
        () => void pending.delete(name),
        (error: unknown) => {
          pending.delete(name);
          if (!failedAny) firstError = error;
          failedAny = true;
        },
      ),
    );
  }
  let timedOut = false;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timedOut = true;
      warnOnce(`${what}:timeout`, `${what} did not finish within OTELKIT_SHUTDOWN_TIMEOUT (${ms} ms); stopped waiting for ${[...pending].join(', ')}, whose unexported telemetry is abandoned.`);
      resolve('timeout');
    }, ms);
    // Never rejects: each of `works` handles its own rejection above, and this callback cannot throw.
    // eslint-disable-next-line @typescript-eslint/no-floating-promises
    void Promise.all(works).then(() => {
      clearTimeout(timer);
      if (failedAny && !timedOut) warnOnce(what, `${failed}: ${(firstError as Error)?.message ?? String(firstError)}`);
      resolve('done');
    });
  });
}
