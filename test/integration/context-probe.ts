/**
 * What the context tests send and check, shared by the integration matrix and the end-to-end one
 * (pg, ioredis): a POST with an incoming traceparent, then the fixture's log lines, the outgoing
 * traceparent the echo server saw, and the spans the receiver got (test/fixtures/context-matrix.cjs).
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { expect } from 'vitest';
import type { OtlpReceiver, ReceivedSpan } from '@otelkit/testing';
import { SPAN_KIND, type Scenario } from './helpers.js';

export interface Incoming {
  traceId: string;
  parentId: string;
  testId: string;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
export const newIncoming = (): Incoming => ({ traceId: hex(16), parentId: hex(8), testId: hex(6) });

export interface Answer {
  status: number;
  traceHeader: string | undefined;
}

/**
 * POST a small JSON body with the incoming traceparent. `lateBody` sends the headers and the first
 * bytes, then the rest in a later TCP segment, so the body's events come from a later parser callback.
 */
export function send(port: number, path: string, incoming: Incoming, lateBody = false): Promise<Answer> {
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
export async function expectContinued(scenario: Scenario, receiver: OtlpReceiver, incoming: Incoming, answer: Answer, label: string): Promise<void> {
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
