/**
 * Process-wide state shared by every copy of @otelkit/logs (the one bundled into @otelkit/node and
 * the one an app imports): the request-scoped field store and the settings the distro sets at start.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { OtelkitLogFields, OtelkitLogsSettings } from './types.js';

interface LogsState {
  readonly fields: AsyncLocalStorage<OtelkitLogFields>;
  settings: OtelkitLogsSettings;
}

const STATE_KEY = Symbol.for('otelkit.logs.v1');
const holder = globalThis as unknown as Record<symbol, LogsState | undefined>;

/** The shared state, created by whichever copy loads first. */
export const state: LogsState = (holder[STATE_KEY] ??= { fields: new AsyncLocalStorage(), settings: { sendToOtel: false } });
