/**
 * RELIABILITY M4, T8, C8, L5: faults that come from the app itself: observable callbacks that throw
 * or hang, hostile request data in log lines, a module whose shape an instrumentation does not
 * expect, and process.exit() with spans still queued. Real child processes against the OTLP receiver.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseExposition } from '@otelkit/testing/prometheus';
import { SPAN_KIND, TEST_DIR, disposeAll, fixture, freePort, get, sleep, startScenario, waitForPort, warnLines, type Scenario } from './helpers.js';

afterEach(disposeAll);

/** The pull reader's bound on one collection (packages/node/src/wiring/metrics.ts). */
const SCRAPE_COLLECT_TIMEOUT_MS = 5000;

/** Whether the child is still running (with --unhandled-rejections=strict, a rejection would end it). */
async function stillRunning(app: Scenario['app']): Promise<boolean> {
  return Promise.race([app.exited.then(() => false), sleep(50).then(() => true)]);
}

describe('M4: an observable callback that throws and one that never resolves', () => {
  it('each /metrics scrape answers 200 with every other metric within the 5 s collection bound; 1 warning; 0 unhandled rejections', async () => {
    const promPort = await freePort();
    const scenario = await startScenario({
      entry: fixture('observable-faults.cjs'),
      waitListening: false,
      nodeArgs: ['--unhandled-rejections=strict'],
      env: { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: String(promPort), OTEL_TRACES_EXPORTER: 'none', OTELKIT_RUNTIME_METRICS: 'false' },
    });
    await scenario.app.waitForOutput(/ready/, { stream: 'stdout' });
    await waitForPort(promPort);
    // Two scrapes in a row: the hung callback from the first must not block the second.
    for (let i = 0; i < 2; i++) {
      const startedAt = performance.now();
      const scrape = await get(`http://127.0.0.1:${promPort}/metrics`);
      const ms = performance.now() - startedAt;
      expect(scrape.status).toBe(200);
      expect(ms, `scrape ${i}`).toBeLessThan(SCRAPE_COLLECT_TIMEOUT_MS + 1000);
      const { samples, problems } = parseExposition(scrape.body);
      expect(problems).toEqual([]);
      expect(samples.find((s) => s.name === 'm4_ok')?.value).toBe(7);
      expect(samples.find((s) => s.name === 'm4_counter_total')?.value).toBe(3);
      expect(samples.filter((s) => s.name.startsWith('m4_throws') || s.name.startsWith('m4_hangs'))).toEqual([]);
    }
    // Still alive: with --unhandled-rejections=strict an unhandled rejection would have ended it.
    expect(await stillRunning(scenario.app)).toBe(true);
    const exit = await scenario.stop('SIGTERM');
    expect(exit.stderr).not.toMatch(/unhandled|Uncaught|TypeError/i);
    expect(warnLines(exit.stderr), exit.stderr).toHaveLength(1);
    expect(warnLines(exit.stderr)[0]).toContain('m4 callback failed');
  });

  it('periodic OTLP exports keep going with every other metric, bounded by OTEL_METRIC_EXPORT_TIMEOUT; 1 line; 0 unhandled rejections', async () => {
    const scenario = await startScenario({
      entry: fixture('observable-faults.cjs'),
      waitListening: false,
      nodeArgs: ['--unhandled-rejections=strict'],
      env: { OTEL_METRICS_EXPORTER: 'otlp', OTEL_TRACES_EXPORTER: 'none', OTEL_METRIC_EXPORT_INTERVAL: '1000', OTEL_METRIC_EXPORT_TIMEOUT: '500', OTELKIT_RUNTIME_METRICS: 'false' },
    });
    await scenario.receiver.waitFor((r) => r.requests().filter((q) => q.signal === 'metrics').length >= 3, { timeoutMs: 10_000 });
    expect(await stillRunning(scenario.app)).toBe(true);
    const exit = await scenario.stop('SIGTERM');
    const requests = scenario.receiver.requests().filter((r) => r.signal === 'metrics');
    for (const request of requests) expect(request.status).toBe(200);
    const names = scenario.receiver.metrics().map((m) => m.name);
    expect(names.filter((n) => n === 'm4.ok').length).toBeGreaterThanOrEqual(3);
    expect(names.filter((n) => n === 'm4.counter').length).toBeGreaterThanOrEqual(3);
    expect(names.filter((n) => n === 'm4.throws' || n === 'm4.hangs')).toEqual([]);
    expect(exit.stderr).not.toMatch(/unhandled|Uncaught|TypeError/i);
    // Upstream's reader reports collection errors through diag: one line for several exports.
    const lines = exit.stderr.split('\n').filter((l) => l.startsWith('otelkit '));
    expect(lines, exit.stderr).toHaveLength(1);
    expect(lines[0]).toContain('m4 callback failed');
  });
});

describe('T8: log injection through request data', () => {
  // Newline, carriage return, an ANSI colour, the two JS line separators and a fake JSON record.
  const PAYLOAD = 'a\nb\rc\x1b[31mred\u2028d\u2029e"}{"level":"fatal","fake":true}\n{"injected":1}';
  // Control characters cannot travel in a header value (HTTP forbids them); these carry the rest.
  const USER_AGENT = 'ua"}{"level":"fatal","fake":1}\t';
  const REQUEST_ID = 'rid"}{"level":"fatal"}';
  const REQUESTS = 3;
  const RECORDS_PER_REQUEST = 5;

  it('pino, winston, bunyan, console (json) and createLogger: lines == records, every line parses, no raw control characters', async () => {
    const scenario = await startScenario({
      entry: fixture('log-injection.cjs'),
      env: { OTELKIT_CONSOLE_CORRELATION: 'json', OTEL_METRICS_EXPORTER: 'none' },
    });
    for (let i = 0; i < REQUESTS; i++) {
      const res = await get(`${scenario.baseUrl}/p/${encodeURIComponent(PAYLOAD)}`, {
        'user-agent': USER_AGENT,
        'x-request-id': REQUEST_ID,
        'x-payload': Buffer.from(PAYLOAD).toString('base64'),
      });
      expect(res.status).toBe(200);
    }
    // pino writes asynchronously: wait for its last line.
    const expected = 1 + REQUESTS * RECORDS_PER_REQUEST;
    const deadline = Date.now() + 5000;
    while (scenario.app.stdout().split('\n').filter(Boolean).length < expected && Date.now() < deadline) await sleep(20);
    await sleep(100);
    const exit = await scenario.stop('SIGTERM');

    const stdout = exit.stdout;
    expect(stdout.endsWith('\n')).toBe(true);
    const lines = stdout.slice(0, -1).split('\n');
    expect(lines, stdout).toHaveLength(expected);
    // No raw control character except the line feeds that end records, no raw U+2028/U+2029.
    // eslint-disable-next-line no-control-regex
    expect(stdout.slice(0, -1).replaceAll('\n', '')).not.toMatch(/[\u0000-\u001f\u007f]/);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    // The fake record never became a record of its own: every record is one the app wrote.
    expect(records.filter((r) => r['fake'] !== undefined || r['injected'] !== undefined)).toEqual([]);
    const kinds = (prefix: string): number => records.filter((r) => String(r['msg'] ?? r['message']).startsWith(`${prefix} `)).length;
    for (const prefix of ['pino', 'winston', 'bunyan', 'ready', 'console']) expect(kinds(prefix), prefix).toBe(REQUESTS);
    // The payload round-trips intact through JSON.parse.
    expect(records.find((r) => r['msg'] === `pino ${PAYLOAD}`)?.['ua']).toBe(USER_AGENT.trimEnd());

    // U+2028/U+2029 escaped on every line, bunyan's included.
    for (const line of lines) {
      const record = JSON.parse(line) as Record<string, unknown>;
      const message = String(record['msg'] ?? record['message']);
      expect(line.includes('\u2028') || line.includes('\u2029'), line).toBe(false);
      if (!message.startsWith('listening')) expect(line, line).toContain('\\u2028');
    }
  });
});

describe('C8: an instrumentation whose patch throws on a module of unexpected shape', () => {
  const dir = join(TEST_DIR, '.tmp-c8');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the app starts, the module works un-instrumented, 1 warning names the instrumentation, http server spans still arrive', async () => {
    // A stub "ioredis" in a supported version whose export has no prototype to patch.
    mkdirSync(join(dir, 'node_modules', 'ioredis'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'ioredis', 'package.json'), JSON.stringify({ name: 'ioredis', version: '5.4.1', main: 'index.js' }));
    writeFileSync(join(dir, 'node_modules', 'ioredis', 'index.js'), "'use strict';\nmodule.exports = { ping: () => 'PONG' };\n");
    writeFileSync(
      join(dir, 'app.cjs'),
      [
        "'use strict';",
        "const http = require('node:http');",
        "const redis = require('ioredis');",
        'const server = http.createServer((_req, res) => res.end(redis.ping()));',
        "server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));",
        '',
      ].join('\n'),
    );
    const scenario = await startScenario({ entry: join(dir, 'app.cjs'), env: { OTEL_METRICS_EXPORTER: 'none' } });
    const res = await get(`${scenario.baseUrl}/ping`);
    expect(res.status).toBe(200);
    expect(res.body).toBe('PONG');
    await scenario.receiver.waitFor((r) => r.spans().some((s) => s.kind === SPAN_KIND.SERVER));
    const exit = await scenario.stop('SIGTERM');
    const warnings = warnLines(exit.stderr);
    expect(warnings, exit.stderr).toHaveLength(1);
    expect(warnings[0]).toMatch(/instrumentation-ioredis.*ioredis@5\.4\.1.*un-instrumented/);
    expect(exit.stderr).not.toMatch(/TypeError|Uncaught|\n\s+at /);
    expect(scenario.receiver.spans().filter((s) => s.kind === SPAN_KIND.SERVER && s.attributes['url.path'] === '/ping')).toHaveLength(1);
  });
});

describe('L5: process.exit(0) right after ending 100 spans', () => {
  it('library start() with await otel.shutdown() before exit: 100/100 received', async () => {
    const scenario = await startScenario({
      entry: fixture('exit-after-spans.mjs'),
      preload: 'none',
      waitListening: false,
      env: { LIBRARY: '1', SPAN_COUNT: '100', OTEL_METRICS_EXPORTER: 'none' },
    });
    const exit = await scenario.app.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stderr).toBe('');
    const seqs = new Set(scenario.receiver.spans().filter((s) => s.name === 'exit').map((s) => s.attributes['test.seq']));
    expect(seqs.size).toBe(100);
  });

  it('preload without shutdown(): the documented loss (the queued spans, here all 100) and nothing printed from exit handlers', async () => {
    const scenario = await startScenario({
      entry: fixture('exit-after-spans.mjs'),
      waitListening: false,
      env: { SPAN_COUNT: '100', OTEL_METRICS_EXPORTER: 'none' },
    });
    const exit = await scenario.app.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stdout).toBe('exiting\n');
    expect(exit.stderr).toBe('');
    await sleep(300);
    expect(scenario.receiver.spans().filter((s) => s.name === 'exit')).toHaveLength(0);
  });
});
