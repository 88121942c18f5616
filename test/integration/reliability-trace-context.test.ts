/**
 * RELIABILITY.md T4 and T5: trust of incoming trace context. `OTELKIT_TRACE_CONTEXT=edge` (or the
 * start() option `traceContext`) is the setting for public endpoints: the local sampler decides as
 * for a root span, the request starts a new trace, and the caller's context is kept only as a link
 * on the server span. `trust` (the default) continues the caller's trace, as upstream does.
 *
 * Scales: T4 runs the full 10,000 requests in edge mode (the ≤ 1.5 % bound is 5 standard
 * deviations above the 1 % mean) and 300 for its trust-mode counterpart; T5 runs 1,000 requests
 * instead of 10,000 (same ≥ 99.9 %: at most one repeated id), so that every one of its recorded
 * spans fits the batch queue and can be checked for its link.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { disposeAll, fixture, get, inPool, parseTraceparent, serverSpans, startScenario, traceHeader, TRACE_ID, warnLines, warningsNaming, type Scenario } from './helpers.js';
import type { ReceivedSpan } from '@otelkit/testing';

afterEach(disposeAll);

const ATTACKER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const ATTACKER_SPAN = '00f067aa0ba902b7';
const ATTACKER = `00-${ATTACKER_TRACE}-${ATTACKER_SPAN}-01`;

const randomHex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** `n` requests to `path`, each with its own random trace id and the sampled flag set. */
async function forgedSampled(scenario: Scenario, n: number, path = '/'): Promise<{ sent: Set<string>; answered: string[] }> {
  const sent = new Set<string>();
  const answered = await inPool(
    Array.from({ length: n }, () => randomHex(16)),
    16,
    async (traceId) => {
      sent.add(traceId);
      return traceHeader(await get(`${scenario.baseUrl}${path}`, { traceparent: `00-${traceId}-${randomHex(8)}-01` }));
    },
  );
  return { sent, answered };
}

/** The untrusted caller's context, as the one link of an edge server span. */
function expectUntrustedLink(span: ReceivedSpan, traceId: string, spanId: string): void {
  expect(span.parentSpanId).toBe('');
  expect(span.links).toHaveLength(1);
  expect(span.links[0]).toMatchObject({ traceId, spanId, attributes: { 'otelkit.link.reason': 'untrusted_parent' } });
}

/** The JSON log line the trace-context fixture wrote for a request path. */
function logLine(stdout: string, path: string): Record<string, unknown> | undefined {
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const record = JSON.parse(line) as Record<string, unknown>;
    if (record['path'] === path) return record;
  }
  return undefined;
}

describe('T4: forged sampled=01 on a public endpoint (parentbased_traceidratio 0.01)', () => {
  it('T4: edge mode samples locally: ≤ 1.5 % of 10,000 forged `-01` requests recorded, none in a caller trace', async () => {
    const scenario = await startScenario({
      entry: fixture('http-app.cjs'),
      env: { OTELKIT_TRACE_CONTEXT: 'edge', OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.01' },
      timeoutMs: 60_000,
    });
    const n = 10_000;
    const { sent, answered } = await forgedSampled(scenario, n);
    await scenario.stop();

    const spans = serverSpans(scenario.receiver.spans());
    expect(spans.length).toBeLessThanOrEqual(n * 0.015);
    // Every request got a trace of its own, never the caller's.
    expect(new Set(answered).size).toBe(n);
    for (const id of answered) expect(sent.has(id)).toBe(false);
    for (const span of spans) expect(sent.has(span.traceId)).toBe(false);
  }, 60_000);

  it('T4: trust mode (the default) continues the caller trace: all 300 forged `-01` requests are recorded', async () => {
    const scenario = await startScenario({
      entry: fixture('http-app.cjs'),
      env: { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.01' },
    });
    const { sent, answered } = await forgedSampled(scenario, 300);
    await scenario.stop();
    expect(new Set(answered)).toEqual(sent);
    const spans = serverSpans(scenario.receiver.spans());
    expect(new Set(spans.map((s) => s.traceId))).toEqual(sent);
  });
});

describe('T5: attacker-chosen trace-id reuse', () => {
  it('T5: edge mode: 1,000 requests with one traceparent get ≥ 99.9 % distinct trace ids, none in the attacker trace, each linked to it once', async () => {
    const scenario = await startScenario({ entry: fixture('http-app.cjs'), env: { OTELKIT_TRACE_CONTEXT: 'edge' } });
    const n = 1_000;
    const answered = await inPool(
      Array.from({ length: n }, (_, i) => i),
      16,
      async () => traceHeader(await get(`${scenario.baseUrl}/`, { traceparent: ATTACKER })),
    );
    await scenario.stop();

    expect(new Set(answered).size).toBeGreaterThanOrEqual(n * 0.999);
    expect(answered).not.toContain(ATTACKER_TRACE);
    const all = scenario.receiver.spans();
    expect(all.filter((s) => s.traceId === ATTACKER_TRACE)).toEqual([]);
    const spans = serverSpans(all);
    expect(spans).toHaveLength(n);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set(answered));
    for (const span of spans) expectUntrustedLink(span, ATTACKER_TRACE, ATTACKER_SPAN);
  });
});

describe('edge mode on the request path', () => {
  it('X-Trace-ID, the log line and outgoing calls carry the new trace id; caller baggage is dropped; a `-00` caller does not stop local sampling', async () => {
    const scenario = await startScenario({ entry: fixture('trace-context.cjs'), preload: 'none', env: { OTELKIT_TRACE_CONTEXT: 'edge' } });
    const res = await get(`${scenario.baseUrl}/outgoing`, { traceparent: ATTACKER, baggage: 'tenant=evil' });
    const traceId = traceHeader(res);
    expect(traceId).toMatch(TRACE_ID);
    expect(traceId).not.toBe(ATTACKER_TRACE);
    const seen = JSON.parse(res.body) as { traceparent: string | null; baggage: string | null };
    expect(parseTraceparent(seen.traceparent)?.traceId).toBe(traceId);
    expect(seen.baggage).toBeNull();

    const notSampled = randomHex(16);
    const quiet = traceHeader(await get(`${scenario.baseUrl}/quiet`, { traceparent: `00-${notSampled}-${ATTACKER_SPAN}-00` }));
    expect(quiet).not.toBe(notSampled);
    await scenario.stop();

    expect(logLine(scenario.app.stdout(), '/outgoing')?.['trace_id']).toBe(traceId);
    const spans = serverSpans(scenario.receiver.spans());
    expectUntrustedLink(spans.find((s) => s.traceId === traceId)!, ATTACKER_TRACE, ATTACKER_SPAN);
    // parentbased_always_on decides as for a root: recorded, although the caller said "not sampled".
    expectUntrustedLink(spans.find((s) => s.traceId === quiet)!, notSampled, ATTACKER_SPAN);
    expect(warnLines(scenario.app.stderr())).toEqual([]);
  });

  it('with a custom sampler too: a new trace, linked to the caller', async () => {
    const scenario = await startScenario({ entry: fixture('custom-sampler.mjs'), preload: 'none', env: { OTELKIT_TRACE_CONTEXT: 'edge' } });
    const traceId = traceHeader(await get(`${scenario.baseUrl}/keep`, { traceparent: ATTACKER }));
    await scenario.stop();
    expect(traceId).not.toBe(ATTACKER_TRACE);
    expectUntrustedLink(serverSpans(scenario.receiver.spans()).find((s) => s.traceId === traceId)!, ATTACKER_TRACE, ATTACKER_SPAN);
  });

  it('trust mode (an invalid OTELKIT_TRACE_CONTEXT warns once and falls back to it) continues the caller trace with its baggage', async () => {
    const scenario = await startScenario({ entry: fixture('trace-context.cjs'), preload: 'none', env: { OTELKIT_TRACE_CONTEXT: 'public' } });
    const res = await get(`${scenario.baseUrl}/outgoing`, { traceparent: ATTACKER, baggage: 'tenant=evil' });
    expect(traceHeader(res)).toBe(ATTACKER_TRACE);
    const seen = JSON.parse(res.body) as { traceparent: string | null; baggage: string | null };
    expect(parseTraceparent(seen.traceparent)?.traceId).toBe(ATTACKER_TRACE);
    expect(seen.baggage).toBe('tenant=evil');
    await scenario.stop();
    // The echo server's span is in the same trace, below the client span.
    const span = serverSpans(scenario.receiver.spans()).find((s) => s.traceId === ATTACKER_TRACE && s.attributes['url.path'] === '/outgoing')!;
    expect(span.parentSpanId).toBe(ATTACKER_SPAN);
    expect(span.links).toEqual([]);
    expect(warningsNaming(scenario.app.stderr(), 'OTELKIT_TRACE_CONTEXT')).toHaveLength(1);
  });
});

describe('traceContext predicate (an app that serves both)', () => {
  it('edge under /public, trust elsewhere; a throwing predicate warns once and falls back to the global mode', async () => {
    const scenario = await startScenario({ entry: fixture('trace-context.cjs'), preload: 'none', env: { TRACE_CONTEXT: 'predicate' } });
    const caller = (traceId: string): Record<string, string> => ({ traceparent: `00-${traceId}-${ATTACKER_SPAN}-01` });
    const publicTrace = randomHex(16);
    const internalTrace = randomHex(16);
    const boomTraces = [randomHex(16), randomHex(16), randomHex(16)];
    const publicId = traceHeader(await get(`${scenario.baseUrl}/public/a`, caller(publicTrace)));
    const internalId = traceHeader(await get(`${scenario.baseUrl}/internal/a`, caller(internalTrace)));
    const boomIds = [];
    for (const t of boomTraces) boomIds.push(traceHeader(await get(`${scenario.baseUrl}/boom`, caller(t))));
    await scenario.stop();

    expect(publicId).not.toBe(publicTrace);
    expect(internalId).toBe(internalTrace);
    // OTELKIT_TRACE_CONTEXT is unset: the global mode is trust.
    expect(boomIds).toEqual(boomTraces);
    const spans = serverSpans(scenario.receiver.spans());
    expectUntrustedLink(spans.find((s) => s.traceId === publicId)!, publicTrace, ATTACKER_SPAN);
    expect(spans.find((s) => s.traceId === internalTrace)?.parentSpanId).toBe(ATTACKER_SPAN);
    const warnings = warnLines(scenario.app.stderr());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('traceContext');
    expect(warnings[0]).toContain('predicate broke');
  });
});
