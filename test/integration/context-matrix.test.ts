/**
 * The request's context in every callback an app can register (test/fixtures/context-matrix.cjs):
 * the request's own events, streams it is piped into, response listeners, timers, emitters made at
 * startup, and the body parsers of Express 4 and 5, Fastify and Koa. For each one, with an incoming
 * `traceparent`: the outgoing call continues the incoming trace, its client span descends from the
 * server span, the pino line written in the callback carries the same `trace_id`, and the response's
 * X-Trace-ID agrees. Run on the Node that runs the tests (CI: 24 and 22), and on 24 also with
 * `--no-async-context-frame` (AsyncLocalStorage on async_hooks instead of AsyncContextFrame).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { OtlpReceiver } from '@otelkit/testing';
import { expectContinued, newIncoming, send } from './context-probe.js';
import { disposeAll, fixture, newReceiver, startScenario, type Scenario } from './helpers.js';

const MAJOR = Number(process.versions.node.split('.')[0]);
const VARIANTS: Array<{ label: string; nodeArgs: string[] }> = [{ label: `node ${MAJOR}`, nodeArgs: [] }];
if (MAJOR >= 24) VARIANTS.push({ label: `node ${MAJOR} --no-async-context-frame`, nodeArgs: ['--no-async-context-frame'] });

const FRAMEWORKS: Record<string, string[]> = {
  http: ['data-end', 'data-end-http-get', 'setencoding-once', 'readable', 'pipe-finish', 'for-await', 'pipeline', 'res-finish', 'res-close', 'set-timeout', 'set-immediate', 'startup-emitter'],
  express4: ['own-body', 'own-body-http-get', 'json', 'data-end'],
  express5: ['own-body', 'own-body-http-get', 'json', 'data-end'],
  fastify: ['json', 'json-then'],
  koa: ['json'],
};

// Patterns that don't read the body: a later segment changes nothing for them.
const LATE_BODY_SKIP = new Set(['res-finish', 'res-close', 'set-timeout', 'set-immediate', 'startup-emitter']);

for (const variant of VARIANTS) {
  describe(`request context in every callback (${variant.label})`, () => {
    for (const [framework, patterns] of Object.entries(FRAMEWORKS)) {
      describe(framework, () => {
        let scenario: Scenario;
        let receiver: OtlpReceiver;
        beforeAll(async () => {
          receiver = await newReceiver();
          scenario = await startScenario({ entry: fixture('context-matrix.cjs'), receiver, nodeArgs: variant.nodeArgs, env: { FRAMEWORK: framework } });
        });
        afterAll(() => scenario.dispose());

        it.each(patterns)('%s', async (pattern) => {
          const incoming = newIncoming();
          const answer = await send(scenario.port, `/p/${pattern}`, incoming);
          await expectContinued(scenario, receiver, incoming, answer, `${framework} ${pattern}`);
        });

        it.each(patterns.filter((p) => !LATE_BODY_SKIP.has(p)))('%s, body in a later TCP segment', async (pattern) => {
          const incoming = newIncoming();
          const answer = await send(scenario.port, `/p/${pattern}`, incoming, true);
          await expectContinued(scenario, receiver, incoming, answer, `${framework} ${pattern} (late body)`);
        });

        if (framework === 'http' || framework === 'express5') {
          it('50 concurrent requests with distinct trace ids: none carries another one', async () => {
            const pattern = framework === 'http' ? 'pipe-finish' : 'own-body';
            const all = Array.from({ length: 50 }, newIncoming);
            const answers = await Promise.all(all.map((incoming, i) => send(scenario.port, `/p/${pattern}`, incoming, i % 2 === 0)));
            for (const [i, incoming] of all.entries()) await expectContinued(scenario, receiver, incoming, answers[i]!, `${framework} concurrent #${i}`);
          });
        }
      });
    }
  });
}

afterAll(disposeAll);
