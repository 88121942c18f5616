/**
 * Cooperative time slicing for the scrape path (RELIABILITY M3). A large `/metrics` is megabytes of
 * text built and written on the app's event loop; done in one go it stalls every request of the app
 * for as long. Long loops call `pauseIfDue()` between small steps: once the current slice has run
 * for `SLICE_MS`, it returns a promise settled on the next turn (setImmediate), so timers, I/O and
 * the app's own requests run in between.
 *
 * The slice is shared by every task of the process: fifty responses being written at once share
 * one budget per turn instead of taking one each.
 */

/** Work done on the event loop before the scrape path lets the app run (ms): short, as an app request that arrives meanwhile waits for it. */
export const SLICE_MS = 0.5;

let sliceStart: number | undefined;

function endSlice(): void {
  sliceStart = undefined;
}

function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * `undefined` while the current slice has time left (no await needed: a tight loop stays cheap),
 * otherwise a promise to await before the next step.
 */
export function pauseIfDue(budgetMs: number = SLICE_MS): Promise<void> | undefined {
  const now = performance.now();
  if (sliceStart === undefined) {
    // The first step of a slice. The slice ends at the next check phase, before any task that
    // yielded to it resumes (their immediates are queued after this one).
    sliceStart = now;
    setImmediate(endSlice);
    return undefined;
  }
  return now - sliceStart < budgetMs ? undefined : nextTurn();
}
