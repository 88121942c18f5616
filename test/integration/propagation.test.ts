/**
 * W3C trace context over real HTTP (T1/T2/T3): invalid traceparents restart the trace, a valid one
 * continues it, reserved flag bits are not forwarded, and tracestate stays within the W3C limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TRACE_ID,
  ZERO_TRACE_ID,
  disposeAll,
  fixture,
  get,
  parseTraceparent,
  startScenario,
  traceHeader,
  waitForServerSpan,
  type HttpResult,
  type Scenario,
} from './helpers.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const PARENT = 'b7ad6b7169203331';

// One app serves every case of this file: each request is independent.
let scenario: Scenario;
beforeAll(async () => {
  scenario = await startScenario({ entry: fixture('http-app.cjs') });
});
afterAll(disposeAll);

describe('T1: invalid traceparent restarts the trace', () => {
  const INVALID: Record<string, string> = {
    'uppercase hex': `00-${TRACE.toUpperCase()}-${PARENT.toUpperCase()}-01`,
    'version ff': `ff-${TRACE}-${PARENT}-01`,
    'all-zero trace id': `00-${ZERO_TRACE_ID}-${PARENT}-01`,
    '10 KB value': `00-${TRACE}-${PARENT}-01${'-x'.repeat(5000)}`,
  };

  it.each(Object.entries(INVALID))('%s', async (_label, traceparent) => {
    const res = await get(`${scenario.baseUrl}/seq`, { traceparent });
    await expectRestarted(res);
  });

  it('two traceparent headers (W3C: invalid) are not used', async () => {
    const headers = new Headers();
    headers.append('traceparent', `00-${TRACE}-${PARENT}-01`);
    headers.append('traceparent', `00-${TRACE}-${PARENT}-01`);
    await expectRestarted(await get(`${scenario.baseUrl}/seq`, headers));
  });

  async function expectRestarted(res: HttpResult): Promise<void> {
    expect(res.status).toBe(200);
    const id = traceHeader(res);
    expect(id).toMatch(TRACE_ID);
    expect(id).not.toBe(ZERO_TRACE_ID);
    expect(id).not.toBe(TRACE);
    const server = await waitForServerSpan(scenario.receiver, id);
    expect(server.parentSpanId).toBe('');
  }
});

describe('T2: a valid traceparent is continued', () => {
  it('same trace id, parent = incoming parent id', async () => {
    const res = await get(`${scenario.baseUrl}/seq`, { traceparent: `00-${TRACE}-${PARENT}-01` });
    expect(traceHeader(res)).toBe(TRACE);
    const server = await waitForServerSpan(scenario.receiver, TRACE);
    expect(server.parentSpanId).toBe(PARENT);
  });
});

describe('T3: what is forwarded on an outgoing call', () => {
  it('flags 09 (reserved bit set) → outgoing flags only use the sampled/random bits', async () => {
    const trace = 'f'.repeat(31) + '1';
    const res = await get(`${scenario.baseUrl}/outgoing`, { traceparent: `00-${trace}-${PARENT}-09` });
    expect(res.status).toBe(200);
    const seen = JSON.parse(res.body) as { traceparent: string | null };
    const out = parseTraceparent(seen.traceparent);
    expect(out, `outgoing traceparent ${seen.traceparent}`).toBeDefined();
    expect(out!.version).toBe('00');
    expect(out!.traceId).toBe(trace);
    expect(['00', '01', '02', '03']).toContain(out!.flags);
    expect(out!.flags).toBe('01');
  });

  it('a baggage header without traceparent is still extracted: the outgoing call carries it', async () => {
    const res = await get(`${scenario.baseUrl}/outgoing`, { baggage: 'tenant=acme' });
    expect(res.status).toBe(200);
    const seen = JSON.parse(res.body) as { traceparent: string | null; baggage: string | null };
    expect(seen.baggage).toBe('tenant=acme');
    // A new trace: the outgoing traceparent carries the response's trace id.
    expect(parseTraceparent(seen.traceparent)?.traceId).toBe(traceHeader(res));
  });

  it('a tracestate with 1,000 members (over the W3C 32) is discarded whole; the trace continues', async () => {
    const STATE_TRACE = 'abcdef0123456789abcdef0123456789';
    const members = Array.from({ length: 1000 }, (_, i) => `k${i}=v${i}`).join(',');
    const res = await get(`${scenario.baseUrl}/outgoing`, { traceparent: `00-${STATE_TRACE}-${PARENT}-01`, tracestate: members });
    expect(res.status).toBe(200);
    const seen = JSON.parse(res.body) as { traceparent: string | null; tracestate: string | null };
    expect(parseTraceparent(seen.traceparent)?.traceId).toBe(STATE_TRACE);
    expect(seen.tracestate).toBeNull();
    const server = await waitForServerSpan(scenario.receiver, STATE_TRACE);
    expect(server.traceState).toBe('');
  });

  it('a long tracestate of 30 members → outgoing tracestate ≤ 512 chars, first members first', async () => {
    const STATE_TRACE = 'bbcdef0123456789abcdef0123456789';
    const members = Array.from({ length: 30 }, (_, i) => `k${i}=${'v'.repeat(60)}`).join(',');
    const res = await get(`${scenario.baseUrl}/outgoing`, { traceparent: `00-${STATE_TRACE}-${PARENT}-01`, tracestate: members });
    const seen = JSON.parse(res.body) as { traceparent: string | null; tracestate: string | null };
    const list = seen.tracestate!.split(',');
    expect(list.length).toBeGreaterThan(0);
    expect(seen.tracestate!.length).toBeLessThanOrEqual(512);
    expect(list[0]).toBe(`k0=${'v'.repeat(60)}`);
    const server = await waitForServerSpan(scenario.receiver, STATE_TRACE);
    expect(server.traceState.length).toBeLessThanOrEqual(512);
  });
});

describe('server span attributes and samplers', () => {
  const EXPECTED = ['http.request.method', 'url.scheme', 'network.peer.address', 'network.peer.port', 'network.protocol.version', 'user_agent.original', 'url.path', 'url.query', 'server.address', 'server.port', 'client.address', 'http.response.status_code'];

  it('a custom sampler sees the start attributes (and can drop by path)', async () => {
    const { baseUrl, receiver } = await startScenario({ entry: fixture('custom-sampler.mjs'), preload: 'none' });
    await get(`${baseUrl}/drop?x=1`, { 'user-agent': 'probe/1' });
    const kept = await get(`${baseUrl}/keep?x=1`, { 'user-agent': 'probe/1' });
    const span = await waitForServerSpan(receiver, traceHeader(kept));
    expect(Object.keys(span.attributes).sort()).toEqual([...EXPECTED].sort());
    expect(receiver.spans().filter((s) => s.attributes['url.path'] === '/drop')).toEqual([]);
  });

  it('with the built-in samplers the recorded span carries the same attributes', async () => {
    const { baseUrl, receiver } = await startScenario({ entry: fixture('http-app.cjs') });
    const res = await get(`${baseUrl}/plain?x=1`, { 'user-agent': 'probe/1' });
    const span = await waitForServerSpan(receiver, traceHeader(res));
    expect(Object.keys(span.attributes).sort()).toEqual([...EXPECTED].sort());
    expect(span.attributes['user_agent.original']).toBe('probe/1');
    expect(span.attributes['url.query']).toBe('x=1');
  });
});
