/**
 * `pg-pool.connect` spans of a real pg Pool against the PostgreSQL on this machine, under the
 * preload: a request whose query opens a connection, or waits for one while the pool is full,
 * has the span; a request served by an idle connection has only its query span.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ReceivedSpan } from '@otelkit/testing';
import { disposeAll, fixture, SPAN_KIND, startScenario, type Scenario } from '../integration/helpers.js';

afterAll(disposeAll);

/** One request; its spans once the server span has arrived. */
async function traced(scenario: Scenario, path: string): Promise<ReceivedSpan[]> {
  const answer = await fetch(`${scenario.baseUrl}${path}`);
  expect(answer.status).toBe(200);
  await answer.text();
  const traceId = answer.headers.get('x-trace-id')!;
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  await scenario.receiver.waitFor((r) => r.spans().some((s) => s.traceId === traceId && s.kind === SPAN_KIND.SERVER), { timeoutMs: 10_000 });
  return scenario.receiver.spans().filter((s) => s.traceId === traceId);
}

const names = (spans: readonly ReceivedSpan[]): string[] => spans.map((s) => s.name).sort();

describe('pg-pool.connect spans with PostgreSQL', () => {
  it('a new connection and a wait for a busy one are spanned, an idle connection handed over is not', async () => {
    const scenario = await startScenario({ entry: fixture('pg-pool-app.cjs') });

    // The pool is empty: the connect opens a connection (pg-pool.connect, and pg.connect under it).
    const first = await traced(scenario, '/query');
    expect(names(first).filter((n) => n.includes('connect'))).toEqual(['pg-pool.connect', 'pg.connect']);
    const poolConnect = first.find((s) => s.name === 'pg-pool.connect')!;
    expect(first.find((s) => s.name === 'pg.connect')!.parentSpanId).toBe(poolConnect.spanId);

    // The connection is idle in the pool now: the query's span only.
    const second = await traced(scenario, '/query');
    expect(second.filter((s) => s.name.includes('connect'))).toEqual([]);
    expect(second.filter((s) => s.kind === SPAN_KIND.CLIENT && s.name.startsWith('pg.query'))).toHaveLength(1);

    // Both connections of the pool (max 2) held: a query waits for one, and its connect is spanned.
    const holds = [fetch(`${scenario.baseUrl}/hold?ms=400`), fetch(`${scenario.baseUrl}/hold?ms=400`)];
    await new Promise((resolve) => setTimeout(resolve, 150));
    const waited = await traced(scenario, '/query');
    await Promise.all(holds.map(async (h) => (await h).text()));
    const waitSpan = waited.find((s) => s.name === 'pg-pool.connect');
    expect(waitSpan).toBeDefined();
    // It lasted until a hold gave its connection back.
    expect(Number(BigInt(waitSpan!.endTimeUnixNano) - BigInt(waitSpan!.startTimeUnixNano)) / 1e6).toBeGreaterThan(100);
    await scenario.dispose();
  });
});
