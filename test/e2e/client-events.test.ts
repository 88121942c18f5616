/**
 * Events of clients that requests share run outside any request. A pg pool, or an ioredis client
 * that connects lazily, opens its connection inside the first request that needs one, and the
 * socket's later callbacks run in that request's context: without otelkit's wrappers, the app's
 * listener of a pool's idle-client 'error' or of a Redis reconnect saw that old request as active,
 * its log line carried that trace id and its spans joined that trace. Against the PostgreSQL and
 * Redis on this machine, each asked to close the client's connection.
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeAll, fixture, startScenario, type Scenario } from '../integration/helpers.js';

const MAJOR = Number(process.versions.node.split('.')[0]);
const VARIANTS: string[][] = MAJOR >= 24 ? [[], ['--no-async-context-frame']] : [[]];

afterAll(disposeAll);

async function terminateBackend(pid: number): Promise<void> {
  const admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: process.env.PGUSER ?? 'postgres', database: 'test' });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ done: boolean }>('SELECT pg_terminate_backend($1) AS done', [pid]);
    expect(rows[0]?.done).toBe(true);
  } finally {
    await admin.end();
  }
}

/** The request that opens the connection: its backend pid and its trace id (also its X-Trace-ID). */
async function openingRequest(scenario: Scenario, path: string): Promise<{ pid: number; traceId: string }> {
  const answer = await fetch(`${scenario.baseUrl}${path}`);
  expect(answer.status).toBe(200);
  const opened = (await answer.json()) as { pid: number; traceId: string };
  expect(opened.traceId).toMatch(/^[0-9a-f]{32}$/);
  expect(answer.headers.get('x-trace-id')).toBe(opened.traceId);
  return opened;
}

for (const nodeArgs of VARIANTS) {
  describe(`a pg pool's idle-client error (node ${MAJOR}${nodeArgs.length > 0 ? ` ${nodeArgs.join(' ')}` : ''})`, () => {
    it("runs the pool's 'error' listener in no request's context: no active span, no trace id in its log line, a new trace for its span", async () => {
      const scenario = await startScenario({ entry: fixture('pg-idle-error.cjs'), nodeArgs });
      const { pid, traceId } = await openingRequest(scenario, '/query');

      await terminateBackend(pid);
      const line = await scenario.app.waitForOutput(/^(\{"event":"pool-error".*)$/m, { stream: 'stdout', timeoutMs: 10_000 });
      const seen = JSON.parse(line[1]!) as { activeTraceId: string | null; childTraceId: string };
      expect(seen.activeTraceId).toBeNull();
      expect(seen.childTraceId).toMatch(/^[0-9a-f]{32}$/);
      expect(seen.childTraceId).not.toBe(traceId);

      // The pino line: correlated with nothing, rather than with the request that opened the connection.
      // pino's stdout writes may land after the listener's console.log.
      const logged = await scenario.app.waitForOutput(/^(\{.*"idle pg client failed".*)$/m, { stream: 'stdout', timeoutMs: 10_000 });
      const logLine = JSON.parse(logged[1]!) as Record<string, unknown>;
      expect(logLine['reason']).toMatch(/terminat/i);
      expect(logLine['trace_id']).toBeUndefined();
      expect(logLine['span_id']).toBeUndefined();
      expect(scenario.app.stdout().split('\n').filter((l) => l.includes('idle pg client failed'))).toHaveLength(1);

      // The listener's span is a root span of its own trace.
      await scenario.receiver.waitFor((r) => r.spans().some((s) => s.name === 'after-pool-error'), { timeoutMs: 10_000 });
      const child = scenario.receiver.spans().find((s) => s.name === 'after-pool-error')!;
      expect(child.traceId).toBe(seen.childTraceId);
      expect(child.parentSpanId ?? '').toBe('');
      await scenario.dispose();
    });
  });
}

for (const nodeArgs of VARIANTS) {
  describe(`a pg client connected inside a request (node ${MAJOR}${nodeArgs.length > 0 ? ` ${nodeArgs.join(' ')}` : ''})`, () => {
    it("runs its 'notification' and 'error' listeners in no request's context", async () => {
      const scenario = await startScenario({ entry: fixture('pg-listen.cjs'), nodeArgs });
      const { pid, traceId } = await openingRequest(scenario, '/listen');

      const admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: process.env.PGUSER ?? 'postgres', database: 'test' });
      await admin.connect();
      try {
        await admin.query("NOTIFY otelkit_fixture, 'hello'");
      } finally {
        await admin.end();
      }
      const notification = await eventLine(scenario, 'pg-notification');
      expect(notification.activeTraceId).toBeNull();
      expect(notification.childTraceId).not.toBe(traceId);
      const logged = await scenario.app.waitForOutput(/^(\{.*"msg":"pg-notification".*)$/m, { stream: 'stdout', timeoutMs: 10_000 });
      const logLine = JSON.parse(logged[1]!) as Record<string, unknown>;
      expect(logLine['payload']).toBe('hello');
      expect(logLine['trace_id']).toBeUndefined();

      await terminateBackend(pid);
      const error = await eventLine(scenario, 'pg-error');
      expect(error.activeTraceId).toBeNull();
      expect(error.childTraceId).not.toBe(traceId);

      await scenario.receiver.waitFor((r) => r.spans().some((s) => s.name === 'after-pg-notification') && r.spans().some((s) => s.name === 'after-pg-error'), { timeoutMs: 10_000 });
      for (const name of ['after-pg-notification', 'after-pg-error']) {
        const child = scenario.receiver.spans().find((s) => s.name === name)!;
        expect(child.traceId).not.toBe(traceId);
        expect(child.parentSpanId ?? '').toBe('');
      }
      await scenario.dispose();
    });
  });
}

/** The JSON line the fixture printed for `event`, once it appears. */
async function eventLine(scenario: Scenario, event: string): Promise<{ activeTraceId: string | null; childTraceId: string }> {
  const match = await scenario.app.waitForOutput(new RegExp(`^(\\{"event":"${event}".*)$`, 'm'), { stream: 'stdout', timeoutMs: 10_000 });
  return JSON.parse(match[1]!) as { activeTraceId: string | null; childTraceId: string };
}

for (const nodeArgs of VARIANTS) {
  describe(`an ioredis client's reconnect (node ${MAJOR}${nodeArgs.length > 0 ? ` ${nodeArgs.join(' ')}` : ''})`, () => {
    it("runs its 'close', 'reconnecting' and 'ready' listeners in no request's context", async () => {
      const scenario = await startScenario({ entry: fixture('redis-reconnect.cjs'), nodeArgs });
      const answer = await fetch(`${scenario.baseUrl}/query`);
      expect(answer.status).toBe(200);
      const { clientId, traceId } = (await answer.json()) as { clientId: number; traceId: string };
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      // The first 'ready' came while the request that opened the connection waited for it.
      await eventLine(scenario, 'redis-ready');

      const admin = new Redis({ host: '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6379), lazyConnect: true });
      try {
        await admin.connect();
        expect(await admin.call('CLIENT', 'KILL', 'ID', String(clientId))).toBe(1);
      } finally {
        admin.disconnect();
      }
      const close = await eventLine(scenario, 'redis-close');
      const reconnecting = await eventLine(scenario, 'redis-reconnecting');
      // The second 'ready' line: after the reconnect.
      await scenario.app.waitForOutput(/"event":"redis-ready"[^\n]*\n(?:.*\n)*.*"event":"redis-ready"/, { stream: 'stdout', timeoutMs: 10_000 });
      const readyAgain = scenario.app
        .stdout()
        .split('\n')
        .filter((l) => l.startsWith('{"event":"redis-ready"'))
        .map((l) => JSON.parse(l) as { activeTraceId: string | null; childTraceId: string })[1]!;
      for (const seen of [close, reconnecting, readyAgain]) {
        expect(seen.activeTraceId).toBeNull();
        expect(seen.childTraceId).not.toBe(traceId);
      }
      const logged = await scenario.app.waitForOutput(/^(\{.*"redisEvent":"reconnecting".*)$/m, { stream: 'stdout', timeoutMs: 10_000 });
      expect((JSON.parse(logged[1]!) as Record<string, unknown>)['trace_id']).toBeUndefined();
      await scenario.receiver.waitFor((r) => r.spans().some((s) => s.name === 'after-redis-reconnecting'), { timeoutMs: 10_000 });
      const child = scenario.receiver.spans().find((s) => s.name === 'after-redis-reconnecting')!;
      expect(child.traceId).toBe(reconnecting.childTraceId);
      expect(child.parentSpanId ?? '').toBe('');
      await scenario.dispose();
    });
  });
}
