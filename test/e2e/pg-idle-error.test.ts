/**
 * A pool's 'error' for an idle client runs outside any request. pg-pool opens a connection inside
 * the first request that needs one, and the socket's later callbacks run in that request's context;
 * the error of an idle client comes from those callbacks, so without otelkit's wrapper the app's
 * listener saw the old request as active: its log line carried that trace id and its spans joined
 * that trace. Against the PostgreSQL on this machine, which closes the connection on request.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeAll, fixture, startScenario } from '../integration/helpers.js';

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

for (const nodeArgs of VARIANTS) {
  describe(`a pg pool's idle-client error (node ${MAJOR}${nodeArgs.length > 0 ? ` ${nodeArgs.join(' ')}` : ''})`, () => {
    it("runs the pool's 'error' listener in no request's context: no active span, no trace id in its log line, a new trace for its span", async () => {
      const scenario = await startScenario({ entry: fixture('pg-idle-error.cjs'), nodeArgs });
      const answer = await fetch(`${scenario.baseUrl}/query`);
      expect(answer.status).toBe(200);
      const { pid, traceId } = (await answer.json()) as { pid: number; traceId: string };
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(answer.headers.get('x-trace-id')).toBe(traceId);

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
