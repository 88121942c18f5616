import { afterEach, describe, expect, it, vi } from 'vitest';

const STATE_KEY = Symbol.for('otelkit.logs.v1');
const holder = globalThis as unknown as Record<symbol, unknown>;

// Each test loads state.ts afresh into a process-wide slot of its own, then puts the suite's back.
async function freshState(existing?: object): Promise<typeof import('./state.js')> {
  vi.resetModules();
  if (existing === undefined) delete holder[STATE_KEY];
  else holder[STATE_KEY] = existing;
  return import('./state.js');
}

describe('the log scope store', () => {
  const saved = holder[STATE_KEY];
  afterEach(() => {
    holder[STATE_KEY] = saved;
    vi.resetModules();
  });

  it('is not asked before a scope is entered, and is from then on', async () => {
    const m = await freshState();
    expect(m.state.scopes).toBe(false);
    expect(m.ownScope()).toBeUndefined();
    const inside = m.scopeStore().run({ tenant_id: 't-1' }, () => m.ownScope());
    expect(inside).toEqual({ tenant_id: 't-1' });
    expect(m.state.scopes).toBe(true);
    m.scopeStore().run({ job_id: 'j-1' }, () => expect(m.scopedFields()).toEqual({ job_id: 'j-1' }));
  });

  it('is asked once an older copy, which knows no flag, enters a scope through the shared store', async () => {
    const m = await freshState();
    expect(m.state.scopes).toBe(false);
    // What an older copy does: the store from the shared state, used directly.
    const shared = (holder[STATE_KEY] as { fields: { run<R>(store: object, fn: () => R): R; enterWith(store: object): void } }).fields;
    expect(shared.run({ tenant_id: 'old' }, () => m.ownScope())).toEqual({ tenant_id: 'old' });
    expect(m.state.scopes).toBe(true);
  });

  it('raises the flag on enterWith() too', async () => {
    const m = await freshState();
    await new Promise<void>((resolve) => {
      setImmediate(() => {
        m.state.fields.enterWith({ request_id: 'r-1' });
        expect(m.state.scopes).toBe(true);
        expect(m.ownScope()).toEqual({ request_id: 'r-1' });
        resolve();
      });
    });
  });

  it('is always asked when an older copy made the state (no flag on it)', async () => {
    const { AsyncLocalStorage } = await import('node:async_hooks');
    const older = { fields: new AsyncLocalStorage<Record<string, unknown>>(), settings: { sendToOtel: false } };
    const m = await freshState(older);
    // The older copy enters scopes without setting any flag.
    older.fields.run({ tenant_id: 'old' }, () => expect(m.ownScope()).toEqual({ tenant_id: 'old' }));
  });
});
