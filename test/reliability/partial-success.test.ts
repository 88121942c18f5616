/**
 * E5 for metrics and logs: a collector that answers every export with a partial success
 * (`rejected_data_points` / `rejected_log_records` = 3). The rejected items are not retried, are
 * counted as failed with `error.type=rejected` in /status and in the `otel.sdk.exporter.*`
 * self-metrics, and each signal prints one warning naming the count.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseExposition, type ExpositionSample } from '@otelkit/testing/prometheus';
import { disposeAll, fixture, freePort, get, newReceiver, sleep, startScenario, warnLines } from '../integration/helpers.js';

afterEach(disposeAll);

interface SignalStatus {
  exported: number;
  failed: number;
  failedByType: Record<string, number>;
}

const REJECTED = 3;

function rejectedSamples(text: string, name: string): number {
  const parsed = parseExposition(text);
  expect(parsed.problems).toEqual([]);
  return parsed.samples
    .filter((s: ExpositionSample) => s.name === name && s.labels.error_type === 'rejected')
    .reduce((n, s) => n + s.value, 0);
}

describe('partial success for metrics and logs', () => {
  it('rejected data points and log records are counted in /status and the self-metrics, not retried, warned once each', async () => {
    const receiver = await newReceiver();
    receiver.setDefaultFault({ partialSuccess: { rejected: REJECTED, message: 'three refused' } });
    const healthPort = await freePort();
    const promPort = await freePort();
    const s = await startScenario({
      entry: fixture('partial-success-app.cjs'),
      receiver,
      waitListening: false,
      env: {
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'otlp',
        OTEL_BLRP_SCHEDULE_DELAY: '50',
        OTEL_METRICS_EXPORTER: 'otlp,prometheus',
        OTEL_METRIC_EXPORT_INTERVAL: '500',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(promPort),
        OTELKIT_HEALTH_PORT: String(healthPort),
        LOG_COUNT: '10',
      },
    });
    await s.app.waitForOutput(/emitted/, { stream: 'stdout' });
    const requests = (signal: string): number => receiver.requests().filter((r) => r.signal === signal).length;
    await receiver.waitFor(() => requests('metrics') >= 2 && requests('logs') >= 1, { timeoutMs: 15_000 });
    await sleep(300);

    const status = async (): Promise<Record<'metrics' | 'logs', SignalStatus>> =>
      (JSON.parse((await get(`http://127.0.0.1:${healthPort}/status`)).body) as { exporters: Record<'metrics' | 'logs', SignalStatus> }).exporters;
    // Each answer rejects 3: rejected == 3 x requests, and the rest of the logs were delivered.
    const logsRequests = requests('logs');
    const logs = (await status()).logs;
    expect(logs.failedByType['rejected']).toBe(REJECTED * logsRequests);
    expect(logs.exported + logs.failed).toBe(10);
    expect(receiver.logs()).toHaveLength(10);
    // Not retried: one request per batch, and every record arrived once.
    expect(new Set(receiver.logs().map((r) => r.attributes['test.seq'])).size).toBe(10);

    // Metrics keep exporting every 500 ms: 3 per answered request, never more than the requests made.
    const metrics = (await status()).metrics;
    expect(metrics.failedByType['rejected']).toBeGreaterThanOrEqual(REJECTED);
    expect(metrics.failedByType['rejected']! % REJECTED).toBe(0);
    expect(metrics.failedByType['rejected']).toBeLessThanOrEqual(REJECTED * requests('metrics'));
    expect(metrics.exported).toBeGreaterThan(0);

    const text = await (await fetch(`http://127.0.0.1:${promPort}/metrics`)).text();
    expect(rejectedSamples(text, 'otel_sdk_exporter_log_exported_total')).toBe(REJECTED * logsRequests);
    const points = rejectedSamples(text, 'otel_sdk_exporter_metric_data_point_exported_total');
    expect(points).toBeGreaterThanOrEqual(REJECTED);
    expect(points % REJECTED).toBe(0);

    const exit = await s.stop();
    const warns = warnLines(exit.stderr).filter((l) => l.includes('partial success'));
    expect(warns.filter((l) => /\b3 log records?\b/.test(l) || /rejected 3 log/.test(l))).toHaveLength(1);
    expect(warns.filter((l) => /rejected 3 metric/.test(l) || /rejected 3 data/.test(l))).toHaveLength(1);
    expect(warns.every((l) => l.includes('three refused'))).toBe(true);
  });
});
