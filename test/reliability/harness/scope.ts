/**
 * Per-test resources for scenarios that run side by side (`it.concurrent`): what a test starts is
 * closed when that test ends, not by a shared afterEach that would close its neighbours' too.
 */
import { startHarnessApp } from './app.js';
import { startFaultReceiver } from './receiver.js';

export interface Scope {
  receiver: typeof startFaultReceiver;
  app: typeof startHarnessApp;
  /** Run `dispose` when the test ends (last registered, first run). */
  defer(dispose: () => unknown): void;
}

/** Run `body` with a scope; everything it started is closed afterwards, pass or fail. */
export async function scoped(body: (scope: Scope) => Promise<void>): Promise<void> {
  const disposers: Array<() => unknown> = [];
  const scope: Scope = {
    async receiver(...args) {
      const r = await startFaultReceiver(...args);
      disposers.push(() => r.close());
      return r;
    },
    async app(...args) {
      const a = await startHarnessApp(...args);
      disposers.push(() => a[Symbol.asyncDispose]());
      return a;
    },
    defer: (dispose) => disposers.push(dispose),
  };
  try {
    await body(scope);
  } finally {
    for (const dispose of disposers.reverse()) await Promise.resolve().then(dispose).catch(() => undefined);
  }
}
