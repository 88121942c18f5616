/**
 * The request's context through pg and ioredis callbacks and promises, against the PostgreSQL and
 * Redis on this machine (the integration matrix covers everything that needs no service): the
 * outgoing call made after the query continues the incoming trace, its client span descends from
 * the server span, the pino line carries the trace id, and the database spans belong to the request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OtlpReceiver } from '@otelkit/testing';
import { expectContinued, newIncoming, send } from '../integration/context-probe.js';
import { disposeAll, fixture, newReceiver, SPAN_KIND, startScenario, type Scenario } from '../integration/helpers.js';

const MAJOR = Number(process.versions.node.split('.')[0]);
const VARIANTS: string[][] = MAJOR >= 24 ? [[], ['--no-async-context-frame']] : [[]];
const PATTERNS = ['pg-callback', 'pg-promise', 'pg-client-callback', 'redis-callback', 'redis-promise', 'redis-pipeline', 'body-then-pg'];

afterAll(disposeAll);

for (const nodeArgs of VARIANTS) {
  describe(`pg and ioredis (node ${MAJOR}${nodeArgs.length > 0 ? ` ${nodeArgs.join(' ')}` : ''})`, () => {
    let scenario: Scenario;
    let receiver: OtlpReceiver;
    beforeAll(async () => {
      receiver = await newReceiver();
      scenario = await startScenario({ entry: fixture('context-matrix.cjs'), receiver, nodeArgs, env: { FRAMEWORK: 'backends' } });
    });
    afterAll(() => scenario.dispose());

    it.each(PATTERNS)('%s', async (pattern) => {
      const incoming = newIncoming();
      const answer = await send(scenario.port, `/p/${pattern}`, incoming, pattern === 'body-then-pg');
      await expectContinued(scenario, receiver, incoming, answer, pattern);
      // The database call itself is a client span of the same trace.
      const system = pattern.includes('pg') ? 'postgresql' : 'redis';
      await receiver.waitFor((r) => r.spans().some((s) => s.traceId === incoming.traceId && s.kind === SPAN_KIND.CLIENT && String(s.attributes['db.system.name'] ?? s.attributes['db.system']) === system), { timeoutMs: 10_000 });
      expect(receiver.spans().filter((s) => s.traceId === incoming.traceId && s.kind === SPAN_KIND.CLIENT).length).toBeGreaterThanOrEqual(2);
    });

    it('30 concurrent requests over pg and Redis: none carries another one', async () => {
      const all = Array.from({ length: 30 }, newIncoming);
      const answers = await Promise.all(all.map((incoming, i) => send(scenario.port, `/p/${PATTERNS[i % PATTERNS.length]}`, incoming, i % 2 === 0)));
      for (const [i, incoming] of all.entries()) await expectContinued(scenario, receiver, incoming, answers[i]!, `concurrent #${i}`);
    });
  });
}
