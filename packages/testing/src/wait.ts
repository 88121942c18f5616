/** Polling used by the receiver's `waitFor` family. */

/** How long and how often `waitFor` checks its predicate. */
export interface WaitOptions {
  /** Give up after this many milliseconds. Default 10000. */
  timeoutMs?: number;
  /** Check this often. Default 20. */
  intervalMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_INTERVAL_MS = 20;

/**
 * Resolve once `check()` returns true. A throwing check counts as "not yet", so assertions can be
 * used as predicates; the last error is quoted if time runs out. `describe()` is called only on
 * timeout, to say what was seen.
 */
export function pollUntil(check: () => boolean, describe: () => string, options: WaitOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      try {
        if (check()) {
          resolve();
          return;
        }
        lastError = undefined;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() >= deadline) {
        const cause = lastError instanceof Error ? `; last predicate error: ${lastError.message}` : '';
        reject(new Error(`waitFor timed out after ${timeoutMs} ms (${describe()})${cause}`));
        return;
      }
      setTimeout(attempt, Math.min(intervalMs, Math.max(0, deadline - Date.now())));
    };
    attempt();
  });
}
