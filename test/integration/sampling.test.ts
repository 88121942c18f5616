/**
 * Sampling under the preload, over real HTTP. The server instrumentation takes the built-in
 * samplers' drop decision itself (without the SDK's span start), so these check that what users see
 * is unchanged: the configured ratio holds, a dropped request still has a trace id (X-Trace-ID, child
 * spans, outgoing traceparent) and parent-based decisions follow the incoming flags.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { disposeAll, fixture, get, inPool, parseTraceparent, serverSpans, startScenario, traceHeader, TRACE_ID } from './helpers.js';

afterAll(disposeAll);

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const PARENT = 'b7ad6b7169203331';

describe('traceidratio 0.5', () => {
  it('records about half of 400 requests, and a child span follows its server span', async () => {
    const scenario = await startScenario({
      entry: fixture('http-app.cjs'),
      env: { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.5' },
    });
    const answers = await inPool(
      Array.from({ length: 400 }, (_, i) => i),
      16,
      async (i) => {
        const res = await get(`${scenario.baseUrl}/seq?n=${i}`);
        return { header: traceHeader(res), body: JSON.parse(res.body) as { traceId: string } };
      },
    );
    await scenario.stop();

    // Every request has a trace id of its own, recorded or not; the child span runs in that trace.
    const ids = new Set(answers.map((a) => a.header));
    expect(ids.size).toBe(400);
    for (const a of answers) {
      expect(a.header).toMatch(TRACE_ID);
      expect(a.body.traceId).toBe(a.header);
    }
    const spans = scenario.receiver.spans();
    const recorded = new Set(serverSpans(spans).map((s) => s.traceId));
    // Binomial(400, 0.5): mean 200, sd 10. Deciding twice on two different ids would give ~100.
    expect(recorded.size).toBeGreaterThan(150);
    expect(recorded.size).toBeLessThan(250);
    for (const id of recorded) expect(ids.has(id)).toBe(true);
    // The child span's decision is the server span's (same trace id, same ratio rule).
    const children = new Set(spans.filter((s) => s.name === 'work').map((s) => s.traceId));
    expect(children).toEqual(recorded);
  });
});

describe('parentbased_traceidratio 0.01 (the sampled profile)', () => {
  it('follows the incoming sampled flag both ways, and a dropped request propagates its trace', async () => {
    const scenario = await startScenario({
      entry: fixture('http-app.cjs'),
      env: { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.01' },
    });
    const sampled = await get(`${scenario.baseUrl}/seq`, { traceparent: `00-${TRACE}-${PARENT}-01` });
    expect(traceHeader(sampled)).toBe(TRACE);

    const notSampledTrace = 'f'.repeat(31) + 'e';
    const dropped = await get(`${scenario.baseUrl}/outgoing`, { traceparent: `00-${notSampledTrace}-${PARENT}-00`, tracestate: 'vendor=abc' });
    expect(traceHeader(dropped)).toBe(notSampledTrace);
    const seen = JSON.parse(dropped.body) as { traceparent: string | null; tracestate: string | null };
    const out = parseTraceparent(seen.traceparent);
    expect(out?.traceId).toBe(notSampledTrace);
    expect(out?.flags).toBe('00');
    expect(out?.spanId).not.toBe(PARENT);
    expect(seen.tracestate).toBe('vendor=abc');

    // Roots at 1 %: 200 requests most likely record none or a few; each still gets an id.
    const roots = await inPool(
      Array.from({ length: 200 }, (_, i) => i),
      16,
      async () => traceHeader(await get(`${scenario.baseUrl}/`)),
    );
    expect(new Set(roots).size).toBe(200);
    await scenario.stop();

    const spans = serverSpans(scenario.receiver.spans());
    const continued = spans.find((s) => s.traceId === TRACE);
    expect(continued?.parentSpanId).toBe(PARENT);
    expect(spans.some((s) => s.traceId === notSampledTrace)).toBe(false);
    const rootSpans = spans.filter((s) => s.traceId !== TRACE);
    // P(more than 10 of 200 at 1 %) is below 1e-5.
    expect(rootSpans.length).toBeLessThanOrEqual(10);
    for (const s of rootSpans) expect(roots).toContain(s.traceId);
  });
});
