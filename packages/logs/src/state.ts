/**
 * Process-wide state shared by every copy of @otelkit/logs (the one bundled into @otelkit/node and
 * the one an app imports): the request-scoped field store and the settings the distro sets at start.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { context, type Context } from '@opentelemetry/api';
import type { OtelkitLogFields, OtelkitLogsSettings } from './types.js';

interface LogsState {
  readonly fields: AsyncLocalStorage<OtelkitLogFields>;
  settings: OtelkitLogsSettings;
  /**
   * False until a log scope is first entered: until then a line need not ask the store (one
   * lookup per line saved). Absent when an older copy made the state: then always ask.
   */
  scopes?: boolean;
}

/**
 * The store of log scopes. It raises the state's flag itself when a scope is entered, so a copy of
 * this package that predates the flag and calls `run()` or `enterWith()` on it raises it too.
 */
class ScopeStore extends AsyncLocalStorage<OtelkitLogFields> {
  constructor(private readonly owner: { scopes?: boolean }) {
    super();
  }

  override run<R, TArgs extends unknown[]>(store: OtelkitLogFields, callback: (...args: TArgs) => R, ...args: TArgs): R {
    this.owner.scopes = true;
    return super.run(store, callback, ...args);
  }

  override enterWith(store: OtelkitLogFields): void {
    this.owner.scopes = true;
    super.enterWith(store);
  }
}

function createState(): LogsState {
  const owner: { scopes?: boolean } = { scopes: false };
  return Object.assign(owner, { fields: new ScopeStore(owner), settings: { sendToOtel: false } });
}

const STATE_KEY = Symbol.for('otelkit.logs.v1');
const holder = globalThis as unknown as Record<symbol, LogsState | undefined>;

/** The shared state, created by whichever copy loads first. */
export const state: LogsState = (holder[STATE_KEY] ??= createState());

/** The store of log scopes, for entering one (which makes every later line look it up). */
export function scopeStore(): AsyncLocalStorage<OtelkitLogFields> {
  // Also raised by the store itself; set here for a store an older copy made (a plain one).
  state.scopes = true;
  return state.fields;
}

/** The fields of the log scope entered here, if any (not the request's; see {@link scopedFields}). */
export function ownScope(): OtelkitLogFields | undefined {
  return state.scopes === false ? undefined : state.fields.getStore();
}

/**
 * Context key under which the distro's HTTP server instrumentation puts a request's log fields
 * (`request_id`), in the same context object as the server span: one context switch per request
 * instead of a second AsyncLocalStorage entry.
 */
export const LOG_FIELDS_CONTEXT_KEY: symbol = Symbol.for('otelkit.logs.fields');

/**
 * The request-scoped fields active here: the scope's own, else the request's from the OpenTelemetry
 * context (`active`, when the caller already has it).
 */
export function scopedFields(active?: Context): OtelkitLogFields | undefined {
  return ownScope() ?? ((active ?? context.active()).getValue(LOG_FIELDS_CONTEXT_KEY) as OtelkitLogFields | undefined);
}
