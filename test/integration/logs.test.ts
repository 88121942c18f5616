/**
 * @otelkit/logs under the preload: pino, winston, bunyan, the ready format and console lines carry
 * the server span's ids in CJS and ESM apps (also with trace export off), request ids follow T7,
 * OTLP log export carries the trace context, and the SDK's diagnostics never become log records (H2).
 * The 100k-line burst (G1) is in test/reliability/log-burst.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SPAN_ID, TRACE_ID, disposeAll, fixture, get, newReceiver, sleep, startScenario, traceHeader, waitForServerSpan, type Scenario } from './helpers.js';

afterEach(disposeAll);

type Line = Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const LIBS = ['pino', 'winston', 'bunyan', 'ready'];

function jsonLines(stdout: string): Line[] {
  return stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Line);
}

/**
 * One request; waits for its console line and its four JSON lines (pino writes asynchronously, so
 * its lines may come last) and returns them.
 */
async function request(s: Scenario, requestId: string): Promise<{ traceId: string; echoed: string | null; lines: Line[]; consoleLine: string }> {
  const before = s.app.stdout().length;
  const res = await get(`${s.baseUrl}/work`, { 'x-request-id': requestId });
  const traceId = traceHeader(res);
  await s.app.waitForOutput(new RegExp(`console line trace_id=${traceId}`), { stream: 'stdout' });
  const ours = (): Line[] => jsonLines(s.app.stdout().slice(before)).filter((l) => LIBS.includes(l['lib'] as string));
  for (let waited = 0; ours().length < LIBS.length && waited < 5000; waited += 20) await sleep(20);
  const consoleLine = s.app.stdout().slice(before).split('\n').find((l) => l.startsWith('console line'))!;
  return { traceId, echoed: res.headers.get('x-request-id'), lines: ours(), consoleLine };
}

describe('zero-code correlation', () => {
  it.each([
    ['CJS', 'logs-app.cjs', 'require', 'otlp'],
    ['ESM', 'logs-app.mjs', 'import', 'otlp'],
    ['CJS, trace export off', 'logs-app.cjs', 'require', 'none'],
    ['ESM, trace export off', 'logs-app.mjs', 'import', 'none'],
  ] as const)('%s: every logger\'s line carries the server span\'s ids and the request fields', async (_label, entry, preload, traces) => {
    const s = await startScenario({ entry: fixture(entry), preload, env: { OTEL_TRACES_EXPORTER: traces, OTELKIT_CONSOLE_CORRELATION: 'true' } });
    const { traceId, echoed, lines, consoleLine } = await request(s, 'req-abc');
    expect(traceId).toMatch(TRACE_ID);
    expect(echoed).toBe('req-abc');
    expect(lines.map((l) => l['lib']).sort()).toEqual([...LIBS].sort());
    const spanId = traces === 'otlp' ? (await waitForServerSpan(s.receiver, traceId)).spanId : (lines[0]!['span_id'] as string);
    expect(spanId).toMatch(SPAN_ID);
    for (const line of lines) {
      expect(line, String(line['lib'])).toMatchObject({ trace_id: traceId, span_id: spanId, trace_flags: '01', request_id: 'req-abc', tenant_id: 'tenant-123' });
    }
    expect(consoleLine).toBe(`console line trace_id=${traceId} span_id=${spanId} trace_flags=01`);
    const ready = lines.find((l) => l['lib'] === 'ready')!;
    expect(ready).toMatchObject({ level: 'INFO', logger: 'fixture.ready', message: 'ready line', 'service.name': '@otelkit/test' });
    expect(ready['timestamp']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('T7: a hostile X-Request-ID is replaced by a UUID, echoed and logged the same', async () => {
    const s = await startScenario({ entry: fixture('logs-app.cjs'), env: { OTELKIT_CONSOLE_CORRELATION: 'true' } });
    // fetch refuses control characters in header values; the unit tests cover those.
    for (const hostile of ['x'.repeat(1000), 'a'.repeat(129), 'evil"}{"level":"ERROR"', 'with space', '../../etc/passwd']) {
      const { echoed, lines } = await request(s, hostile);
      expect(echoed).toMatch(UUID);
      for (const line of lines) expect(line['request_id']).toBe(echoed);
    }
    const ok = await request(s, 'a'.repeat(128));
    expect(ok.echoed).toBe('a'.repeat(128));
  });
});

describe('OTLP log export', () => {
  it.each(['http/protobuf', 'http/json'])('OTEL_LOGS_EXPORTER=otlp (%s) sends one record per logger call, with the trace context; stdout is unchanged', async (protocol) => {
    const s = await startScenario({ entry: fixture('logs-app.cjs'), env: { OTEL_LOGS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: protocol, OTEL_BLRP_SCHEDULE_DELAY: '50' } });
    const res = await get(`${s.baseUrl}/work`, { 'x-request-id': 'req-otlp' });
    const traceId = traceHeader(res);
    const span = await waitForServerSpan(s.receiver, traceId);
    const records = await s.receiver.waitForLogs(4, { timeoutMs: 10_000 });
    await sleep(300);
    expect(s.receiver.logs()).toHaveLength(4);
    expect(records.map((r) => r.attributes['lib']).sort()).toEqual([...LIBS].sort());
    for (const record of records) {
      expect(record.traceId).toBe(traceId);
      expect(record.spanId).toBe(span.spanId);
      expect(record.attributes).toMatchObject({ request_id: 'req-otlp', tenant_id: 'tenant-123' });
      expect(record.attributes).not.toHaveProperty('trace_id');
      expect(record.severityText).toBe('INFO');
      expect(record.resource['service.name']).toBe('@otelkit/test');
    }
    expect(records.map((r) => r.body).sort()).toEqual(['bunyan line', 'pino line', 'ready line', 'winston line']);
    expect(s.receiver.requests().filter((r) => r.signal === 'logs').every((r) => r.contentType === (protocol === 'http/json' ? 'application/json' : 'application/x-protobuf'))).toBe(true);
    expect(jsonLines(s.app.stdout()).filter((l) => l['trace_id'] === traceId)).toHaveLength(4);
  });

  it('by default no log record is sent (stdout is the one copy)', async () => {
    const s = await startScenario({ entry: fixture('logs-app.cjs'), env: { OTEL_BLRP_SCHEDULE_DELAY: '50' } });
    const traceId = traceHeader(await get(`${s.baseUrl}/work`));
    await waitForServerSpan(s.receiver, traceId);
    await sleep(500);
    expect(s.receiver.logs()).toHaveLength(0);
    expect(s.receiver.requests().filter((r) => r.signal === 'logs')).toHaveLength(0);
  });
});

describe('H2: diagnostics never feed the log pipeline', () => {
  it('with a failing collector, only the app\'s own calls become records', async () => {
    const receiver = await newReceiver();
    receiver.setDefaultFault({ status: 400 });
    const s = await startScenario({
      entry: fixture('logs-app.cjs'),
      receiver,
      env: { OTEL_LOGS_EXPORTER: 'otlp', OTEL_BLRP_SCHEDULE_DELAY: '50', OTEL_BSP_SCHEDULE_DELAY: '50', OTELKIT_CONSOLE_CORRELATION: 'json', OTEL_LOG_LEVEL: 'debug' },
    });
    await get(`${s.baseUrl}/one`);
    // The first request's records are refused (400 is not retried) and the SDK reports it.
    await receiver.waitFor((r) => r.requests().some((q) => q.signal === 'logs' && q.status === 400), { timeoutMs: 10_000 });
    await s.app.waitForOutput(/otelkit (ERROR|WARN) sdk:/, { stream: 'stderr', timeoutMs: 10_000 });
    receiver.setDefaultFault(undefined);
    await sleep(500);
    await get(`${s.baseUrl}/two`);
    await receiver.waitForLogs(4, { timeoutMs: 10_000 });
    await sleep(1000);
    const bodies = receiver.logs().map((r) => r.body);
    expect(bodies.sort()).toEqual(['bunyan line', 'pino line', 'ready line', 'winston line']);
  });
});
