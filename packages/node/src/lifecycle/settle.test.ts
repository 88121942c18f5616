import { describe, expect, it } from 'vitest';
import { captureDiagLines } from '../diag-lines.test-support.js';
import { settleWithin } from './settle.js';

const lines = captureDiagLines();

const never = new Promise<void>(() => undefined);

describe('settleWithin (L9)', () => {
  it('resolves done when every part settles, without a warning', async () => {
    expect(await settleWithin('shutdown', [['traces', Promise.resolve()], ['metrics', undefined]], 1000, 'failed')).toBe('done');
    expect(lines).toEqual([]);
  });
  it('a failing part: done, one warning with its message', async () => {
    expect(await settleWithin('forceFlush', [['traces', Promise.reject(new Error('boom'))], ['logs', Promise.resolve()]], 1000, 'flush failed')).toBe('done');
    expect(lines).toEqual(['flush failed: boom']);
  });
  it('a hung part: timeout at the bound, one warning naming only the parts still pending', async () => {
    const started = performance.now();
    let lateReject: (error: Error) => void = () => undefined;
    const late = new Promise<void>((_, reject) => (lateReject = reject));
    const outcome = await settleWithin('shutdown', [['traces', never], ['logs', Promise.resolve()], ['metrics', late]], 50, 'failed');
    expect(outcome).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(150);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('shutdown did not finish within OTELKIT_SHUTDOWN_TIMEOUT (50 ms)');
    expect(lines[0]).toContain('traces, metrics');
    expect(lines[0]).not.toContain('logs');
    // A failure after the bound was already reported: no second line.
    lateReject(new Error('late'));
    await new Promise((r) => setTimeout(r, 10));
    expect(lines).toHaveLength(1);
  });
});
