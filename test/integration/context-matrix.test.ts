/**
 * The request's context in every callback an app can register (test/fixtures/context-matrix.cjs):
 * the request's own events, streams it is piped into, response listeners, timers, emitters made at
 * startup, and the body parsers of Express 4 and 5, Fastify and Koa. For each one, with an incoming
 * `traceparent`: the outgoing call continues the incoming trace, its client span descends from the
 * server span, the pino line written in the callback carries the same `trace_id`, and the response's
 * X-Trace-ID agrees. Run on the Node that runs the tests (CI: 24 and 22), and on 24 also with
 * `--no-async-context-frame` (AsyncLocalStorage on async_hooks instead of AsyncContextFrame).
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeAll, fixture, newReceiver, SPAN_KIND, startScenario, type Scenario } from './helpers.js';
import type { OtlpReceiver, ReceivedSpan } from '@otelkit/testing';

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

interface Incoming {
  traceId: string;
  parentId: string;
  testId: string;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const newIncoming = (): Incoming => ({ traceId: hex(16), parentId: hex(8), testId: hex(6) });

interface Answer {
  status: number;
  traceHeader: string | undefined;
}

/**
 * POST a small JSON body with the incoming traceparent. `lateBody` sends the headers and the first
 * bytes, then the rest in a later TCP segment, so the body's events come from a later parser callback.
 */
function send(port: number, path: string, incoming: Incoming, lateBody = false): Promise<Answer> {
  const body = JSON.stringify({ hello: 'world', padding: 'x'.repeat(64) });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          traceparent: `00-${incoming.traceId}-${incoming.parentId}-01`,
          'x-test-id': incoming.testId,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, traceHeader: res.headers['x-trace-id'] as string | undefined }));
      },
    );
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer for ${path}`)));
    if (!lateBody) {
      req.end(body);
      return;
    }
    req.flushHeaders();
    req.write(body.slice(0, 5));
    setTimeout(() => req.end(body.slice(5)), 40);
  });
}

interface LogLine {
  test_id?: string;
  at?: string;
  trace_id?: string;
  span_id?: string;
  seen?: string | null;
}

function linesOf(stdout: string, testId: string): LogLine[] {
  const out: LogLine[] = [];
  for (const raw of stdout.split('\n')) {
    if (!raw.startsWith('{')) continue;
    try {
      const line = JSON.parse(raw) as LogLine;
      if (line.test_id === testId) out.push(line);
    } catch {
      // Not a log line of the fixture.
    }
  }
  return out;
}

function descendsFrom(span: ReceivedSpan, ancestorId: string, spans: readonly ReceivedSpan[]): boolean {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  let current: ReceivedSpan | undefined = span;
  for (let hops = 0; current !== undefined && hops < 32; hops++) {
    if (current.parentSpanId === ancestorId) return true;
    current = byId.get(current.parentSpanId);
  }
  return false;
}

/** Everything the issue asks of one request: header, log lines, outgoing traceparent, span links. */
async function expectContinued(scenario: Scenario, receiver: OtlpReceiver, incoming: Incoming, answer: Answer, label: string): Promise<void> {
  const { traceId, parentId, testId } = incoming;
  expect(answer.status, label).toBe(200);
  expect(answer.traceHeader, `${label}: X-Trace-ID`).toBe(traceId);
  // The outgoing line is written after the call returns (for res-finish/res-close after the answer).
  await scenario.app.waitForOutput(new RegExp(`"test_id":"${testId}"[^\\n]*"at":"outgoing"`), { stream: 'stdout', timeoutMs: 10_000 });
  const lines = linesOf(scenario.app.stdout(), testId);
  const callback = lines.find((l) => l.at === 'callback');
  const outgoing = lines.find((l) => l.at === 'outgoing');
  expect(callback?.trace_id, `${label}: trace_id of the line written in the callback`).toBe(traceId);
  expect(outgoing?.trace_id, `${label}: trace_id of the line after the outgoing call`).toBe(traceId);
  const seen = outgoing?.seen ?? '';
  expect(seen.split('-')[1], `${label}: trace id of the outgoing traceparent (${seen})`).toBe(traceId);
  const clientSpanId = seen.split('-')[2] ?? '';

  await receiver.waitFor((r) => r.spans().some((s) => s.spanId === clientSpanId) && r.spans().some((s) => s.kind === SPAN_KIND.SERVER && s.traceId === traceId && s.parentSpanId === parentId), { timeoutMs: 10_000 });
  const spans = receiver.spans().filter((s) => s.traceId === traceId);
  const server = spans.find((s) => s.kind === SPAN_KIND.SERVER && s.parentSpanId === parentId)!;
  const client = spans.find((s) => s.spanId === clientSpanId)!;
  expect(client.kind, `${label}: the outgoing call's span`).toBe(SPAN_KIND.CLIENT);
  expect(descendsFrom(client, server.spanId, spans), `${label}: client span descends from the server span`).toBe(true);
  // The callback line names a span of this request: the server span or one of its descendants.
  const logged = spans.find((s) => s.spanId === callback?.span_id);
  expect(logged !== undefined && (logged.spanId === server.spanId || descendsFrom(logged, server.spanId, spans)), `${label}: span_id of the callback line`).toBe(true);
}

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
