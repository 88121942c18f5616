import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetDiagRateLimit, setDiagSink, warnOnce } from './diag.js';

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
