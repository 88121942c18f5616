/**
 * RELIABILITY M5, L9, S2: invalid measurements, a hung exporter at shutdown, and secrets in URLs.
 * Real child processes against the OTLP receiver. C7 (malformed resource settings) is in
 * config-env.test.ts with the other configuration rows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ReceivedDataPoint, ReceivedMetric } from '@otelkit/testing';
import { SPAN_KIND, disposeAll, fixture, get, startScenario, warnLines } from './helpers.js';

afterEach(disposeAll);

/** Data points of one metric across every export, in arrival order. */
function pointsOf(metrics: readonly ReceivedMetric[], name: string): ReceivedDataPoint[] {
  return metrics.filter((m) => m.name === name).flatMap((m) => m.dataPoints);
}

const seriesKey = (p: ReceivedDataPoint): string => JSON.stringify(p.attributes);

describe('M5: NaN, ±Infinity and negative counter values; NaN attribute values', () => {
  it.each(['http/protobuf', 'http/json'])('%s: invalid values are dropped with one warning per instrument, counters stay monotonic, every export is accepted', async (protocol) => {
    const scenario = await startScenario({
      entry: fixture('invalid-measurements.cjs'),
      waitListening: false,
      env: { OTEL_EXPORTER_OTLP_PROTOCOL: protocol, OTEL_METRICS_EXPORTER: 'otlp', OTEL_TRACES_EXPORTER: 'none', OTEL_METRIC_EXPORT_INTERVAL: '200', OTELKIT_RUNTIME_METRICS: 'false' },
    });
    const exit = await scenario.app.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stdout).toContain('done');
    expect(exit.stderr).not.toMatch(/TypeError|RangeError|Uncaught|unhandled/i);

    const requests = scenario.receiver.requests().filter((r) => r.signal === 'metrics');
    // At least one export per round: the periodic one between them and the exit flush.
    expect(requests.length, exit.stderr).toBeGreaterThanOrEqual(2);
    for (const request of requests) {
      expect(request.status, request.error).toBe(200);
      expect(request.error).toBeUndefined();
    }
    const metrics = scenario.receiver.metrics();
    const values = (name: string): Array<number | string | undefined> => pointsOf(metrics, name).map((p) => p.value ?? p.sum);
    for (const name of ['m5.counter', 'm5.histogram', 'm5.updown', 'm5.gauge', 'm5.observed', 'm5.batch']) {
      const points = pointsOf(metrics, name);
      expect(points.length, name).toBeGreaterThan(0);
      for (const p of points) {
        for (const field of ['value', 'sum', 'min', 'max'] as const) {
          if (p[field] !== undefined) expect(Number.isFinite(Number(p[field])), `${name}.${field} = ${String(p[field])}`).toBe(true);
        }
      }
    }
    // The counter: per series, cumulative values never go down; the last one counts both rounds.
    const bySeries = new Map<string, number[]>();
    for (const p of pointsOf(metrics, 'm5.counter')) bySeries.set(seriesKey(p), [...(bySeries.get(seriesKey(p)) ?? []), Number(p.value)]);
    for (const [series, seen] of bySeries) {
      for (let i = 1; i < seen.length; i++) expect(seen[i], `${series}: ${seen.join(', ')}`).toBeGreaterThanOrEqual(seen[i - 1]!);
    }
    expect(bySeries.get('{}')?.at(-1)).toBe(4);
    // The NaN / -Infinity attribute values arrive as text, the same over protobuf and JSON.
    expect([...bySeries.entries()].filter(([k]) => k !== '{}')).toEqual([[JSON.stringify({ 'm5.nan': 'NaN', 'm5.inf': '-Infinity' }), expect.arrayContaining([2])]]);
    expect(bySeries.get(JSON.stringify({ 'm5.nan': 'NaN', 'm5.inf': '-Infinity' }))?.at(-1)).toBe(2);
    const last = (name: string, attributes = '{}'): ReceivedDataPoint | undefined => pointsOf(metrics, name).filter((p) => seriesKey(p) === attributes).at(-1);
    expect(last('m5.histogram')).toMatchObject({ count: 2, sum: 3 });
    expect(last('m5.updown')?.value).toBe(-6);
    expect(last('m5.gauge')?.value).toBe(4);
    expect(new Set(pointsOf(metrics, 'm5.observed').map(seriesKey))).toEqual(new Set(['{"which":"ok"}']));
    expect(values('m5.observed').at(-1)).toBe(5);
    expect(new Set(pointsOf(metrics, 'm5.batch').map(seriesKey))).toEqual(new Set(['{"which":"ok"}']));
    expect(values('m5.batch').at(-1)).toBe(7);

    // One warning per instrument (both rounds fall within the minute), and nothing else.
    const warnings = warnLines(exit.stderr);
    for (const name of ['m5.counter', 'm5.histogram', 'm5.updown', 'm5.gauge', 'm5.observed', 'm5.batch']) {
      expect(warnings.filter((line) => line.includes(`${name}:`)), `${name}\n${exit.stderr}`).toHaveLength(1);
    }
    expect(warnings, exit.stderr).toHaveLength(6);
  });
});

describe('L9: library shutdown() and forceFlush() with a hung span exporter', () => {
  it('both settle within OTELKIT_SHUTDOWN_TIMEOUT + 100 ms, resolve, and warn once each; the process then exits by itself', async () => {
    const scenario = await startScenario({
      entry: fixture('hung-exporter.mjs'),
      preload: 'none',
      waitListening: false,
      // The batch processor's own timer for the export that never called back stays armed (upstream,
      // not unref'd) until OTEL_BSP_EXPORT_TIMEOUT: shortened so that the process exits soon after.
      env: { OTELKIT_SHUTDOWN_TIMEOUT: '1000', OTEL_BSP_EXPORT_TIMEOUT: '2000', OTEL_METRICS_EXPORTER: 'none' },
      timeoutMs: 15_000,
    });
    const exit = await scenario.app.exited;
    expect(exit.timedOut, exit.stdout + exit.stderr).toBe(false);
    expect(exit.code, exit.stderr).toBe(0);
    const line = /^result (.*)$/m.exec(exit.stdout);
    expect(line, exit.stdout + exit.stderr).not.toBeNull();
    const result = JSON.parse(line![1]!) as { flush: { outcome: string; ms: number }; shutdown: { outcome: string; ms: number } };
    expect(result.flush.outcome).toBe('fulfilled');
    expect(result.shutdown.outcome).toBe('fulfilled');
    expect(result.flush.ms).toBeGreaterThanOrEqual(950);
    expect(result.flush.ms).toBeLessThanOrEqual(1100);
    expect(result.shutdown.ms).toBeGreaterThanOrEqual(950);
    expect(result.shutdown.ms).toBeLessThanOrEqual(1100);
    const warnings = warnLines(exit.stderr);
    expect(warnings, exit.stderr).toHaveLength(2);
    // Each line says which part was still pending and names the bound.
    expect(warnings.filter((l) => /forceFlush/.test(l) && /traces/.test(l) && /OTELKIT_SHUTDOWN_TIMEOUT/.test(l)), exit.stderr).toHaveLength(1);
    expect(warnings.filter((l) => /shutdown/.test(l) && /traces/.test(l) && /OTELKIT_SHUTDOWN_TIMEOUT/.test(l)), exit.stderr).toHaveLength(1);
  });
});

describe('S2: credentials and tokens in URLs', () => {
  const CANARIES = ['canary-c1', 'canary-c2', 'canary-c3', 'canary-c4', 'canary-c5', 'canary-c6', 'canary-pass'];
  const QUERY = 'X-Amz-Signature=canary-c1&sig=canary-c2&token=canary-c3&access_token=canary-c4&api_key=canary-c5&session_id=canary-c6&page=2';
  const REDACTED = 'X-Amz-Signature=REDACTED&sig=REDACTED&token=REDACTED&access_token=REDACTED&api_key=REDACTED&session_id=REDACTED&page=2';

  it('server url.query and client url.full keep the keys with =REDACTED (defaults plus OTELKIT_REDACT_QUERY_PARAMS), userinfo is REDACTED:REDACTED@, 0 canaries exported; long values capped at 4096', async () => {
    const scenario = await startScenario({
      entry: fixture('url-secrets.cjs'),
      env: { URL_PASSWORD: 'canary-pass', OTELKIT_REDACT_QUERY_PARAMS: 'session_id', OTEL_METRIC_EXPORT_INTERVAL: '200' },
    });
    expect((await get(`${scenario.baseUrl}/p?${QUERY}`)).status).toBe(200);
    expect((await get(`${scenario.baseUrl}/client?${QUERY}`)).status).toBe(200);
    expect((await get(`${scenario.baseUrl}/fetch?${QUERY}`)).status).toBe(200);
    expect((await get(`${scenario.baseUrl}/long?n=10000`)).status).toBe(200);
    await scenario.receiver.waitFor((r) => r.spans().filter((s) => s.kind === SPAN_KIND.SERVER).length >= 6 && r.spans().filter((s) => s.kind === SPAN_KIND.CLIENT).length >= 2);
    const exit = await scenario.stop('SIGTERM');
    const spans = scenario.receiver.spans();

    const servers = spans.filter((s) => s.kind === SPAN_KIND.SERVER);
    const direct = servers.find((s) => s.attributes['url.path'] === '/p');
    expect(direct?.attributes['url.query']).toBe(REDACTED);
    expect(servers.find((s) => s.attributes['url.path'] === '/client')?.attributes['url.query']).toBe(REDACTED);
    const clients = spans.filter((s) => s.kind === SPAN_KIND.CLIENT);
    const fromHttp = clients.find((s) => s.scope.name.includes('instrumentation-http'));
    const full = String(fromHttp?.attributes['url.full']);
    expect(full).toMatch(/^http:\/\/REDACTED:REDACTED@127\.0\.0\.1:\d+\/p\?/);
    expect(full.slice(full.indexOf('?') + 1)).toBe(REDACTED);
    // fetch: the undici instrumentation writes url.full and url.query (with its leading "?") itself.
    const fromFetch = clients.find((s) => s.scope.name.includes('instrumentation-undici'));
    expect(String(fromFetch?.attributes['url.full'])).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/p\\?${REDACTED}$`));
    expect(fromFetch?.attributes['url.query']).toBe(`?${REDACTED}`);
    // The app's server got the requests behind the client spans: their query is redacted the same way.
    expect(servers.filter((s) => s.attributes['url.path'] === '/p')).toHaveLength(3);

    const long = servers.find((s) => s.attributes['url.path'] === '/long');
    expect(String(long?.attributes['test.long'])).toHaveLength(4096);

    const exported = JSON.stringify([spans, scenario.receiver.metrics(), scenario.receiver.logs()]);
    for (const canary of CANARIES) expect(exported.includes(canary), canary).toBe(false);
    for (const canary of CANARIES) expect((exit.stdout + exit.stderr).includes(canary), canary).toBe(false);
  });
});
