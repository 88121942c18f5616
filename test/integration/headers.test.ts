/**
 * The trace id response header: renamed, turned off, Server-Timing, and never echoing client input (T6).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TRACE_ID, disposeAll, fixture, get, startScenario, traceHeader, waitForServerSpan } from './helpers.js';

afterEach(disposeAll);

const APP = fixture('http-app.cjs');

describe('trace response header configuration', () => {
  it('OTELKIT_TRACE_RESPONSE_HEADER renames it, empty turns it off, OTELKIT_SERVER_TIMING adds Server-Timing', async () => {
    const [renamed, off, timing] = await Promise.all([
      startScenario({ entry: APP, env: { OTELKIT_TRACE_RESPONSE_HEADER: 'X-Request-Trace' } }),
      startScenario({ entry: APP, env: { OTELKIT_TRACE_RESPONSE_HEADER: '' } }),
      startScenario({ entry: APP, env: { OTELKIT_SERVER_TIMING: 'true' } }),
    ]);

    // Renamed: the new header carries the trace id, the default one is absent.
    const r1 = await get(`${renamed.baseUrl}/seq`);
    expect(r1.headers.get('x-trace-id')).toBeNull();
    const renamedId = traceHeader(r1, 'x-request-trace');
    expect(renamedId).toMatch(TRACE_ID);
    expect((await waitForServerSpan(renamed.receiver, renamedId)).traceId).toBe(renamedId);

    // Off: no trace header at all, but the request is still traced and exported.
    const r2 = await get(`${off.baseUrl}/seq?n=off-1`);
    expect(r2.headers.get('x-trace-id')).toBeNull();
    expect(r2.headers.get('server-timing')).toBeNull();
    const { traceId: offTrace } = JSON.parse(r2.body) as { traceId: string };
    await waitForServerSpan(off.receiver, offTrace);

    // Server-Timing: traceparent of the server span, exposed to browsers together with X-Trace-ID.
    const r3 = await get(`${timing.baseUrl}/seq`);
    const id = traceHeader(r3);
    const server = await waitForServerSpan(timing.receiver, id);
    expect(r3.headers.get('server-timing')).toBe(`traceparent;desc="00-${id}-${server.spanId}-01"`);
    const exposed = (r3.headers.get('access-control-expose-headers') ?? '').split(',').map((s) => s.trim().toLowerCase());
    expect(exposed).toContain('x-trace-id');
    expect(exposed).toContain('server-timing');
  });
});

describe('T6: a hostile incoming X-Trace-ID is never echoed', () => {
  const FOREIGN = '4bf92f3577b34da6a3ce929d0e0e4736';
  const HOSTILE: Record<string, string> = {
    '15 KiB value': 'a'.repeat(15 * 1024),
    'encoded CRLF + Set-Cookie text': 'abc%0d%0a Set-Cookie: session=stolen',
    'foreign valid 32-hex id': FOREIGN,
  };

  it.each(Object.entries(HOSTILE))('%s', async (_label, value) => {
    const { baseUrl, receiver } = await startScenario({ entry: APP });
    const res = await get(`${baseUrl}/seq`, { 'X-Trace-ID': value });
    expect(res.status).toBe(200);
    const id = traceHeader(res);
    expect(id).toMatch(TRACE_ID);
    expect(id).not.toBe(value);
    expect(res.headers.get('set-cookie')).toBeNull();
    const server = await waitForServerSpan(receiver, id);
    expect(server.traceId).toBe(id);
    expect(server.parentSpanId).toBe('');
    // Nothing exported carries the client's value as a trace id either.
    expect(receiver.spans().some((s) => s.traceId === value)).toBe(false);
  });
});
