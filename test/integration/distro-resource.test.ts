/**
 * The resource names the distribution: `telemetry.distro.name=otelkit` and
 * `telemetry.distro.version` (the installed @otelkit/node version) on spans, metrics and log
 * records alike, beside upstream's `telemetry.sdk.*`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, disposeAll, fixture, get, startScenario, traceHeader, waitForServerSpan } from './helpers.js';

afterEach(disposeAll);

const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'packages', 'node', 'package.json'), 'utf8')) as { version: string }).version;
const DISTRO = { 'telemetry.distro.name': 'otelkit', 'telemetry.distro.version': VERSION, 'telemetry.sdk.name': 'opentelemetry' };

describe('telemetry.distro.* resource attributes', () => {
  it('are on every signal: spans, metrics and log records', async () => {
    const s = await startScenario({
      entry: fixture('logs-app.cjs'),
      env: { OTEL_LOGS_EXPORTER: 'otlp', OTEL_BLRP_SCHEDULE_DELAY: '50', OTEL_METRICS_EXPORTER: 'otlp', OTEL_METRIC_EXPORT_INTERVAL: '300' },
    });
    const span = await waitForServerSpan(s.receiver, traceHeader(await get(`${s.baseUrl}/work`)));
    expect(span.resource).toMatchObject(DISTRO);
    const records = await s.receiver.waitForLogs(4, { timeoutMs: 10_000 });
    for (const record of records) expect(record.resource).toMatchObject(DISTRO);
    await expect.poll(() => s.receiver.metrics().length, { timeout: 10_000 }).toBeGreaterThan(0);
    for (const metric of s.receiver.metrics()) expect(metric.resource).toMatchObject(DISTRO);
  });

  it('OTEL_RESOURCE_ATTRIBUTES does not rename the distribution', async () => {
    const s = await startScenario({ entry: fixture('logs-app.cjs'), env: { OTEL_RESOURCE_ATTRIBUTES: 'telemetry.distro.name=other,team=core' } });
    const span = await waitForServerSpan(s.receiver, traceHeader(await get(`${s.baseUrl}/work`)));
    expect(span.resource).toMatchObject({ ...DISTRO, team: 'core' });
  });
});
