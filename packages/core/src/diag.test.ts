import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetDiagRateLimit, runDetached, setDiagSink, warnOnce } from './diag.js';

describe('warnOnce', () => {
  afterEach(() => {
    vi.useRealTimers();
    delete process.env['OTEL_LOG_LEVEL'];
  });

  it('prints one line per key per minute', () => {
    vi.useFakeTimers();
    resetDiagRateLimit();
    const lines: string[] = [];
    const previous = setDiagSink((_l, line) => lines.push(line));
    try {
      for (let i = 0; i < 100; i++) warnOnce('same', 'the same problem');
      warnOnce('other', 'another problem');
      expect(lines).toEqual(['otelkit WARN the same problem', 'otelkit WARN another problem']);
      vi.advanceTimersByTime(61_000);
      warnOnce('same', 'the same problem');
      expect(lines).toHaveLength(3);
    } finally {
      setDiagSink(previous);
    }
  });

  it('is silenced by OTEL_LOG_LEVEL=error and never throws from a broken sink', () => {
    resetDiagRateLimit();
    const lines: string[] = [];
    const previous = setDiagSink((_l, line) => lines.push(line));
    try {
      process.env['OTEL_LOG_LEVEL'] = 'error';
      warnOnce('quiet', 'not shown');
      expect(lines).toEqual([]);
      delete process.env['OTEL_LOG_LEVEL'];
      setDiagSink(() => {
        throw new Error('sink broke');
      });
      expect(() => warnOnce('loud', 'shown')).not.toThrow();
    } finally {
      setDiagSink(previous);
    }
  });
});

describe('runDetached', () => {
  it('turns a rejection into one warning, never an unhandled rejection', async () => {
    resetDiagRateLimit();
    const lines: string[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const previous = setDiagSink((_l, line) => lines.push(line));
    try {
      runDetached(Promise.reject(new Error('collector down')), 'detached:test', 'background flush failed');
      runDetached(Promise.reject(new Error('again')), 'detached:test', 'background flush failed');
      const unprintable = { toString: (): string => { throw new Error('no'); } };
      runDetached(Promise.reject(unprintable), 'detached:odd', 'odd rejection');
      runDetached(Promise.resolve('fine'), 'detached:ok', 'never printed');
      // Unhandled rejections are reported after the microtask queue drains: give them a macrotask.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      expect(lines).toEqual(['otelkit WARN background flush failed: collector down', 'otelkit WARN odd rejection: an unprintable value']);
    } finally {
      setDiagSink(previous);
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('reports a thenable whose then() throws instead of throwing', () => {
    resetDiagRateLimit();
    const lines: string[] = [];
    const previous = setDiagSink((_l, line) => lines.push(line));
    try {
      const broken: PromiseLike<unknown> = {
        then: () => {
          throw new Error('then broke');
        },
      };
      expect(() => runDetached(broken, 'detached:then', 'detached work failed')).not.toThrow();
      expect(lines).toEqual(['otelkit WARN detached work failed: then broke']);
    } finally {
      setDiagSink(previous);
    }
  });
});
