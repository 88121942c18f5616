import { afterEach, describe, expect, it } from 'vitest';
import type { ExportResponse, IExporterTransport } from '@opentelemetry/otlp-exporter-base';
import { backoffMs, INITIAL_BACKOFF_MS, MAX_BACKOFF_MS, parseRetryAfter, retryWaitMs, RetryingExportTransport } from './export-retry.js';
import { resetExportState, stopExportRetries } from './export-state.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('parseRetryAfter', () => {
  it('reads whole seconds and HTTP dates', () => {
    expect(parseRetryAfter('1', NOW)).toBe(1000);
    expect(parseRetryAfter(' 5 ', NOW)).toBe(5000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', NOW)).toBe(5000);
    expect(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
  });

  it('gives no hint for garbage, 0, negative, fractions and past dates (the backoff applies)', () => {
    for (const value of [undefined, '', 'abc', '0', '-1', '1.5', '2abc', 'Thu, 01 Jan 2026 00:00:00 GMT', 'Wed, 31 Dec 2025 23:59:00 GMT']) {
      expect(parseRetryAfter(value, NOW), String(value)).toBeUndefined();
    }
  });
});

describe('backoff', () => {
  it('doubles from 1 s up to 8 s, with 0-20 % jitter, never below 1 s', () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffMs(n, 0))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(backoffMs(1, 0.999)).toBeLessThan(1200);
    expect(backoffMs(20, 0.999)).toBeLessThanOrEqual(MAX_BACKOFF_MS * 1.2);
    for (let i = 0; i < 100; i++) expect(backoffMs(1 + (i % 6), Math.random())).toBeGreaterThanOrEqual(INITIAL_BACKOFF_MS);
  });

  it('a hint is honoured with up to 10 % jitter, and raised to 1 s', () => {
    expect(retryWaitMs(1, 5000, 0)).toBe(5000);
    expect(retryWaitMs(3, 5000, 0.999)).toBeLessThan(5500);
    expect(retryWaitMs(1, 10, 0)).toBe(INITIAL_BACKOFF_MS);
    expect(retryWaitMs(2, undefined, 0)).toBe(2000);
  });
});

/** A transport answering from a script, recording when it was called. */
function scripted(answers: ExportResponse[]): IExporterTransport & { calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    send: async () => {
      calls.push(Date.now());
      return answers.shift() ?? { status: 'success' };
    },
    shutdown: () => undefined,
  };
}

describe('RetryingExportTransport', () => {
  afterEach(resetExportState);

  it('retries within the budget and returns the success', async () => {
    const inner = scripted([{ status: 'retryable', retryInMillis: 1000 }, { status: 'retryable' }]);
    const result = await new RetryingExportTransport(inner, 10_000, () => 0).send(new Uint8Array(1), 1000);
    expect(result.status).toBe('success');
    expect(inner.calls).toHaveLength(3);
    expect(inner.calls[1]! - inner.calls[0]!).toBeGreaterThanOrEqual(990);
    expect(inner.calls[2]! - inner.calls[1]!).toBeGreaterThanOrEqual(1990);
  });

  it('gives up at once, as a failure with the error, when the wait would pass the budget', async () => {
    const error = Object.assign(new Error('HTTP 429'), { code: 429 });
    const inner = scripted([{ status: 'retryable', retryInMillis: 5000, error }]);
    const started = Date.now();
    const result = await new RetryingExportTransport(inner, 2000).send(new Uint8Array(1), 1000);
    expect(Date.now() - started).toBeLessThan(200);
    expect(inner.calls).toHaveLength(1);
    expect(result).toMatchObject({ status: 'failure', error: { code: 429 } });
    expect((result as { error: Error }).error.message).toMatch(/OTELKIT_EXPORT_RETRY_BUDGET/);
  });

  it('makes one attempt while the process exits; a failure is final', async () => {
    stopExportRetries();
    const inner = scripted([{ status: 'retryable' }]);
    const result = await new RetryingExportTransport(inner, 30_000).send(new Uint8Array(1), 1000);
    expect(inner.calls).toHaveLength(1);
    expect(result.status).toBe('failure');
  });
});
