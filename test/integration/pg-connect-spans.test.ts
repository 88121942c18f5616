/**
 * A pg pool's `pg-pool.connect` span: by default only for a caller that waits (a new connection, or
 * behind other callers for a busy one), not for an idle client handed over at once. The app's own
 * `instrumentationConfig.pg.ignoreConnectSpans` still decides when it sets it. Real pg-pool and the
 * real pg instrumentation, under the preload and as a library; a stand-in client, so no database.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ReceivedSpan } from '@otelkit/testing';
import { disposeAll, fixture, get, SPAN_KIND, startScenario } from './helpers.js';

afterEach(disposeAll);

interface Steps {
  traceId: string;
  steps: Record<string, string>;
}

/** Runs the fixture's steps; answers which steps had a pg-pool.connect span under them, and the trace's count. */
async function connectSpans(env: Record<string, string>, preload: 'require' | 'none'): Promise<{ stepsWithSpan: string[]; total: number; spans: ReceivedSpan[] }> {
  const scenario = await startScenario({ entry: fixture('pg-connect-spans.cjs'), preload, env });
  const answer = await get(`${scenario.baseUrl}/steps`);
  expect(answer.status).toBe(200);
  const { traceId, steps } = JSON.parse(answer.body) as Steps;
  expect(Object.keys(steps)).toHaveLength(6);
  const stepIds = new Set(Object.values(steps));
  await scenario.receiver.waitFor((r) => r.spans().filter((s) => s.traceId === traceId && stepIds.has(s.spanId)).length === 6, { timeoutMs: 10_000 });
  // The connects outside the steps end before the answer; one more export interval for stragglers.
  await scenario.receiver.waitFor((r) => r.spans().some((s) => s.traceId === traceId && s.kind === SPAN_KIND.SERVER), { timeoutMs: 10_000 });
  const spans = scenario.receiver.spans().filter((s) => s.traceId === traceId);
  const connects = spans.filter((s) => s.name === 'pg-pool.connect');
  const stepsWithSpan = Object.entries(steps)
    .filter(([, id]) => connects.some((c) => c.parentSpanId === id))
    .map(([name]) => name)
    .sort();
  await scenario.dispose();
  return { stepsWithSpan, total: connects.length, spans };
}

describe('pg-pool.connect spans', () => {
  it('by default, only for connects that wait: a new connection, a full pool, callers queued ahead', async () => {
    const { stepsWithSpan, total, spans } = await connectSpans({}, 'require');
    expect(stepsWithSpan).toEqual(['step-1', 'step-3', 'step-4', 'step-6']);
    // And the second of the two connects queued before step 6 (one idle client, one caller ahead of it).
    expect(total).toBe(5);
    // Upstream's span, as upstream makes it: a client span with the pool's attributes.
    const connect = spans.find((s) => s.name === 'pg-pool.connect')!;
    expect(connect.kind).toBe(SPAN_KIND.CLIENT);
    expect(connect.attributes).toMatchObject({ 'db.system.name': 'postgresql' });
  });

  it('every connect when the app sets ignoreConnectSpans: false, none with true', async () => {
    const all = await connectSpans({ PG_IGNORE_CONNECT_SPANS: 'false' }, 'none');
    expect(all.stepsWithSpan).toEqual(['step-1', 'step-2', 'step-3', 'step-4', 'step-5', 'step-6']);
    expect(all.total).toBe(8);
    const none = await connectSpans({ PG_IGNORE_CONNECT_SPANS: 'true' }, 'none');
    expect(none.stepsWithSpan).toEqual([]);
    expect(none.total).toBe(0);
  });
});
