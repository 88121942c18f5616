/**
 * Process-wide state of the OTLP exports that the lifecycle changes at exit. It lives on globalThis
 * under Symbol.for keys: the retrying transport (export-retry.ts) reads the no-retry flag, and a second copy of otelkit in the process sees the same state.
 */
import type { Socket } from 'node:net';

const NO_RETRY = Symbol.for('otelkit.export.no-retry');
const ABANDONED = Symbol.for('otelkit.export.abandoned');
const IN_FLIGHT = Symbol.for('otelkit.export.in-flight');

type Shared = { [NO_RETRY]?: boolean; [ABANDONED]?: boolean; [IN_FLIGHT]?: Set<Socket> };
const shared = globalThis as unknown as Shared;

/**
 * From now on, OTLP/HTTP exports make one attempt each: a failure is final (warned about and
 * counted) instead of being retried with backoff. For a process that is exiting on its own, where
 * a retry would only hold it open.
 */
export function stopExportRetries(): void {
  shared[NO_RETRY] = true;
}

/** True once stopExportRetries() ran. */
export function retriesStopped(): boolean {
  return shared[NO_RETRY] === true;
}

/** Sockets with an export in flight on otelkit's transport. */
export function inFlightSockets(): Set<Socket> {
  return (shared[IN_FLIGHT] ??= new Set());
}

/** True once abandonExports() ran: no export starts any more. */
export function exportsAbandoned(): boolean {
  return shared[ABANDONED] === true;
}

/**
 * End the exports in flight on otelkit's sockets, and start none after (they fail, and are counted
 * as failed): at a natural exit whose flush ran out of time, so that nothing of otelkit's keeps the
 * process alive while the app finishes its own work.
 */
export function abandonExports(): void {
  shared[ABANDONED] = true;
  const sockets = shared[IN_FLIGHT];
  if (sockets === undefined) return;
  for (const socket of [...sockets]) socket.destroy(abandonedError());
}

export function abandonedError(): Error {
  return new Error('export abandoned: the exit flush ran out of time (OTELKIT_SHUTDOWN_TIMEOUT)');
}

/** For tests: exports retry and run again. */
export function resetExportState(): void {
  shared[NO_RETRY] = false;
  shared[ABANDONED] = false;
}
