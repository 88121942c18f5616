/**
 * Configuration from the environment, end to end (C2, C3, C4, C5, C7): bad values warn once, name
 * the variable, fall back to the default, and the app keeps serving and exporting.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppExit, OtlpReceiver, ReceivedRequest, ReceivedSpan } from '@otelkit/testing';
import {
  REGISTER_CJS,
  TRACE_ID,
  disposeAll,
  fixture,
  get,
  inPool,
  seqStats,
  startScenario,
  warnLines,
  warningsNaming,
  type HttpResult,
} from './helpers.js';

afterEach(disposeAll);

const APP = fixture('http-app.cjs');

interface EnvRun {
  env: Record<string, string>;
  responses: HttpResult[];
  exit: AppExit;
  spans: ReceivedSpan[];
  requests: ReceivedRequest[];
  receiver: OtlpReceiver;
}

/**
 * Start the app with `env`, send `count` /seq requests (test.seq = 1..count), stop it with SIGTERM
 * (which flushes whatever is queued) and return what arrived.
 */
async function runWithEnv(env: Record<string, string>, count = 10, entry = APP, extra: { cwd?: string; preloadSpecifier?: string } = {}): Promise<EnvRun> {
  const scenario = await startScenario({ entry, env, ...extra });
  const responses: HttpResult[] = [];
  for (let i = 1; i <= count; i++) responses.push(await get(`${scenario.baseUrl}/seq?n=${i}`));
  const exit = await scenario.stop('SIGTERM');
  return { env, responses, exit, spans: scenario.receiver.spans(), requests: scenario.receiver.requests(), receiver: scenario.receiver };
}

function expectServedAndExported(run: EnvRun, count = 10): void {
  const label = JSON.stringify(run.env);
  expect(run.responses.map((r) => r.status), label).toEqual(Array(count).fill(200));
  const { distinct, total } = seqStats(run.spans);
  expect(distinct.size, `${label}: test spans exported\n${run.exit.stderr}`).toBe(count);
  expect(total, label).toBe(count);
  expect(run.exit.signal, `${label}\n${run.exit.stderr}`).toBe('SIGTERM');
}

describe('C2: OTEL_SDK_DISABLED', () => {
  it('true / TRUE / True: nothing reaches the receiver and no X-Trace-ID; 1 / yes: enabled with one warning', async () => {
    const values = ['true', 'TRUE', 'True', '1', 'yes'];
    const runs = await inPool(values, 3, (value) => runWithEnv({ OTEL_SDK_DISABLED: value }, 3));
    for (const run of runs) {
      const value = run.env.OTEL_SDK_DISABLED!;
      const disabled = value.toLowerCase() === 'true';
      for (const res of run.responses) {
        expect(res.status, value).toBe(200);
        if (disabled) expect(res.headers.get('x-trace-id'), value).toBeNull();
        else expect(res.headers.get('x-trace-id'), value).toMatch(TRACE_ID);
      }
      if (disabled) {
        expect(run.requests, `${value}: requests at the receiver`).toHaveLength(0);
        expect(warnLines(run.exit.stderr), value).toEqual([]);
        // No otelkit handler either: SIGTERM kills the app by default.
        expect(run.exit.signal, value).toBe('SIGTERM');
      } else {
        expect(seqStats(run.spans).distinct.size, value).toBe(3);
        const warnings = warningsNaming(run.exit.stderr, 'OTEL_SDK_DISABLED');
        expect(warnings, `${value}\n${run.exit.stderr}`).toHaveLength(1);
        expect(warnings[0]).toContain(JSON.stringify(value));
      }
    }
  });
});

describe('C3: invalid numbers warn once and fall back', () => {
  it('OTEL_BSP_MAX_QUEUE_SIZE invalid values, other variables, and blank values', async () => {
    const cases: { env: Record<string, string>; warnFor: string[] }[] = [
      ...['abc', '-1', '0', '1.5', '1e12'].map((v) => ({ env: { OTEL_BSP_MAX_QUEUE_SIZE: v }, warnFor: ['OTEL_BSP_MAX_QUEUE_SIZE'] })),
      {
        // Different variables in one process: still exactly one warning for each of them.
        env: { OTEL_BSP_SCHEDULE_DELAY: 'abc', OTEL_EXPORTER_OTLP_TIMEOUT: '-1', OTEL_ATTRIBUTE_COUNT_LIMIT: 'abc' },
        warnFor: ['OTEL_BSP_SCHEDULE_DELAY', 'OTEL_EXPORTER_OTLP_TIMEOUT', 'OTEL_ATTRIBUTE_COUNT_LIMIT'],
      },
      ...[' ', ''].map((v) => ({
        env: { OTEL_BSP_MAX_QUEUE_SIZE: v, OTEL_BSP_SCHEDULE_DELAY: v, OTEL_EXPORTER_OTLP_TIMEOUT: v, OTEL_ATTRIBUTE_COUNT_LIMIT: v },
        warnFor: [],
      })),
    ];
    const runs = await inPool(cases, 3, (c) => runWithEnv(c.env));
    for (const [i, c] of cases.entries()) {
      const run = runs[i]!;
      const label = JSON.stringify(c.env);
      expectServedAndExported(run);
      for (const name of c.warnFor) {
        const lines = warningsNaming(run.exit.stderr, name);
        expect(lines, `${label}: warnings naming ${name}\n${run.exit.stderr}`).toHaveLength(1);
        expect(lines[0], label).toContain(JSON.stringify(c.env[name]));
      }
      // Nothing else was warned about (blank values: no warning at all).
      expect(warnLines(run.exit.stderr), `${label}\n${run.exit.stderr}`).toHaveLength(c.warnFor.length);
    }
  });
});

describe('C4: invalid enums and lists', () => {
  it('sampler, sampler arg, protocol, propagators: one warning each, defaults used, spans exported', async () => {
    const cases: { env: Record<string, string>; warnFor: string }[] = [
      { env: { OTEL_TRACES_SAMPLER: 'foo' }, warnFor: 'OTEL_TRACES_SAMPLER' },
      { env: { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' }, warnFor: 'OTEL_TRACES_SAMPLER_ARG' },
      { env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'xml' }, warnFor: 'OTEL_EXPORTER_OTLP_PROTOCOL' },
      { env: { OTEL_PROPAGATORS: 'foo,tracecontext,tracecontext' }, warnFor: 'OTEL_PROPAGATORS' },
    ];
    const runs = await inPool(cases, 3, (c) => runWithEnv(c.env));
    for (const [i, c] of cases.entries()) {
      const run = runs[i]!;
      const label = JSON.stringify(c.env);
      expectServedAndExported(run);
      expect(warningsNaming(run.exit.stderr, c.warnFor), `${label}\n${run.exit.stderr}`).toHaveLength(1);
      expect(warnLines(run.exit.stderr), `${label}\n${run.exit.stderr}`).toHaveLength(1);
      // Every request was sampled (the default sampler / ratio 1) and exported as protobuf over HTTP.
      expect(run.spans.filter((s) => s.kind === 2), label).toHaveLength(10);
      const traceExports = run.requests.filter((q) => q.path === '/v1/traces');
      expect(traceExports.length, label).toBeGreaterThan(0);
      for (const q of traceExports) expect(q.contentType, label).toBe('application/x-protobuf');
    }
  });

  it('OTEL_PROPAGATORS=foo,tracecontext,tracecontext still extracts traceparent', async () => {
    const scenario = await startScenario({ entry: APP, env: { OTEL_PROPAGATORS: 'foo,tracecontext,tracecontext' } });
    const trace = '1234567890abcdef1234567890abcdef';
    const res = await get(`${scenario.baseUrl}/outgoing`, { traceparent: `00-${trace}-1234567890abcdef-01`, baggage: 'k=v' });
    expect(res.headers.get('x-trace-id')).toBe(trace);
    const seen = JSON.parse(res.body) as { traceparent: string };
    expect(seen.traceparent.split('-')[1]).toBe(trace);
  });

  it('OTEL_LOG_LEVEL=loud: app starts, exactly one warning naming it, no debug output, warnings still printed', async () => {
    // An invalid OTEL_BSP_MAX_QUEUE_SIZE is added to show that warnings are still visible at the fallback level.
    const run = await runWithEnv({ OTEL_LOG_LEVEL: 'loud', OTEL_BSP_MAX_QUEUE_SIZE: 'abc' });
    expectServedAndExported(run);
    const named = warningsNaming(run.exit.stderr, 'OTEL_LOG_LEVEL');
    expect(named, run.exit.stderr).toHaveLength(1);
    expect(warningsNaming(run.exit.stderr, 'OTEL_BSP_MAX_QUEUE_SIZE'), run.exit.stderr).toHaveLength(1);
    expect(run.exit.stderr).not.toMatch(/^otelkit DEBUG /m);
  });
});

describe('C5: OTEL_EXPORTER_OTLP_HEADERS', () => {
  const HEADERS = 'good=yes,a,=b,k=,%zz=1,bad=%zz,x-canary=CANARY123';

  it('good pairs are sent, bad pairs are skipped with one warning, the app stays up', async () => {
    const run = await runWithEnv({ OTEL_EXPORTER_OTLP_HEADERS: HEADERS });
    expectServedAndExported(run);
    const exports = run.requests.filter((q) => q.path === '/v1/traces');
    expect(exports.length).toBeGreaterThan(0);
    for (const q of exports) {
      expect(q.status).toBe(200);
      expect(q.headers['good']).toBe('yes');
      expect(q.headers['x-canary']).toBe('CANARY123');
      const names = Object.keys(q.headers);
      for (const bad of ['a', '', 'k', 'bad', '%zz']) expect(names, `header "${bad}"`).not.toContain(bad);
      expect(Object.values(q.headers)).not.toContain('b');
      expect(Object.values(q.headers)).not.toContain('%zz');
    }
    expect(warningsNaming(run.exit.stderr, 'OTEL_EXPORTER_OTLP_HEADERS'), run.exit.stderr).toHaveLength(1);
    expect(warnLines(run.exit.stderr), run.exit.stderr).toHaveLength(1);
  });

  it('with OTEL_LOG_LEVEL=debug the header values never appear in the output', async () => {
    const run = await runWithEnv({ OTEL_EXPORTER_OTLP_HEADERS: HEADERS, OTEL_LOG_LEVEL: 'debug' });
    expectServedAndExported(run);
    expect(run.requests.some((q) => q.headers['x-canary'] === 'CANARY123')).toBe(true);
    const output = run.exit.stdout + run.exit.stderr;
    expect(output.split('CANARY123').length - 1, output).toBe(0);
    // debug really is on (otherwise the check above proves little)
    expect(run.exit.stderr).toMatch(/^otelkit DEBUG /m);
  });

  it('a value with an encoded CR/LF is skipped and exports still succeed', async () => {
    const run = await runWithEnv({ OTEL_EXPORTER_OTLP_HEADERS: 'k=v%0D%0AX:%20y,ok=1' });
    expectServedAndExported(run);
    const exports = run.requests.filter((q) => q.path === '/v1/traces');
    expect(exports.length).toBeGreaterThan(0);
    for (const q of exports) {
      expect(q.status).toBe(200);
      expect(q.headers['ok']).toBe('1');
      expect(Object.keys(q.headers)).not.toContain('k');
      expect(Object.keys(q.headers)).not.toContain('x');
    }
    expect(warningsNaming(run.exit.stderr, 'OTEL_EXPORTER_OTLP_HEADERS'), run.exit.stderr).toHaveLength(1);
  });
});

describe('C7: malformed OTEL_RESOURCE_ATTRIBUTES, empty OTEL_SERVICE_NAME, no package.json', () => {
  it('the whole value is dropped with one warning and service.name is unknown_service:node (the executable name, not its path)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otelkit-c7-'));
    try {
      // findAppPackage walks up from the script: there must be no package.json on the way.
      for (let d = dir; d !== dirname(d); d = dirname(d)) expect(existsSync(join(d, 'package.json')), d).toBe(false);
      const entry = join(dir, 'app.cjs');
      copyFileSync(fixture('tmpdir-app.cjs'), entry);
      const run = await runWithEnv(
        { OTEL_RESOURCE_ATTRIBUTES: 'a,=b,c=%zz', OTEL_SERVICE_NAME: '' },
        3,
        entry,
        { cwd: dir, preloadSpecifier: REGISTER_CJS },
      );
      expect(run.responses.map((r) => r.status)).toEqual([200, 200, 200]);
      const servers = run.spans.filter((s) => s.kind === 2);
      expect(servers).toHaveLength(3);
      for (const span of servers) {
        const resource = span.resource;
        for (const key of ['a', 'b', 'c', '']) expect(Object.keys(resource), `resource key "${key}"`).not.toContain(key);
        expect(resource['service.name']).toBe('unknown_service:node');
      }
      expect(warningsNaming(run.exit.stderr, 'OTEL_RESOURCE_ATTRIBUTES'), run.exit.stderr).toHaveLength(1);
      expect(warnLines(run.exit.stderr), run.exit.stderr).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
