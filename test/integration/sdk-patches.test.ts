/**
 * The build-time fix to the bundled SDK's attribute validation (packages/node/bundle/sdk-patches.ts)
 * must keep the SDK's behaviour: primitives, arrays and plain objects are kept; functions, cycles
 * and class instances are dropped with the SDK's own warning. The tracer, which otelkit gives no
 * meter provider, keeps no span-count instruments, and its spans start, end and export as before.
 */
import { describe, expect, it } from 'vitest';
import { runAppToExit } from '@otelkit/testing';
import { TEST_DIR } from './helpers.js';

const SCRIPT = `
const { trace } = require('@opentelemetry/api');
const span = trace.getTracer('t').startSpan('s');
const cyclic = { a: 1 }; cyclic.self = cyclic;
span.setAttributes({ s: 'x', n: 1, b: true, arr: [1, 2], nested: { k: ['v'] }, fn: () => 1, cyc: cyclic, date: new Date(0) });
console.log(JSON.stringify(Object.keys(span.attributes).sort()));
`;

/** Run a script with `node --require <preload> -e`, traces going to the given exporter. */
function runUnderPreload(script: string, tracesExporter: 'none' | 'console'): ReturnType<typeof runAppToExit> {
  return runAppToExit({
    entry: '-e',
    args: [script],
    preload: 'require',
    cwd: TEST_DIR,
    timeoutMs: 15_000,
    env: { OTEL_TRACES_EXPORTER: tracesExporter, OTEL_METRICS_EXPORTER: 'none', OTEL_LOG_LEVEL: 'warn' },
  });
}

describe('bundled SDK attribute validation', () => {
  it('keeps primitives, arrays and plain objects; drops functions, cycles and class instances', async () => {
    const exit = await runUnderPreload(SCRIPT, 'none');
    expect(exit.code, exit.stderr).toBe(0);
    expect(JSON.parse(exit.stdout.trim())).toEqual(['arr', 'b', 'n', 'nested', 's']);
    for (const key of ['fn', 'cyc', 'date']) expect(exit.stderr).toContain(`Invalid attribute value set for key: ${key}`);
  });

  it('tracer without a meter provider: no span-count instruments, spans still end and export', async () => {
    const script = `
const { trace } = require('@opentelemetry/api');
const tracer = trace.getTracer('t');
const span = tracer.startSpan('s');
span.end();
span.end();
console.log(JSON.stringify({ counters: 'startedSpans' in tracer._tracerMetrics, recording: span.isRecording(), ended: span.ended }));
`;
    const exit = await runUnderPreload(script, 'console');
    expect(exit.code, exit.stderr).toBe(0);
    const lines = exit.stdout.trim().split('\n');
    expect(JSON.parse(lines[0]!)).toEqual({ counters: false, recording: false, ended: true });
    // The console exporter printed the one span at exit.
    expect(exit.stdout).toContain("name: 's'");
  });
});

// A server that reads its own span in the handler: the attributes the instrumentation built, how
// many the span counts, what it dropped, and the app's own attribute set on top of them.
const SERVER_SCRIPT = `
const http = require('node:http');
const { trace } = require('@opentelemetry/api');
const server = http.createServer((req, res) => {
  const span = trace.getActiveSpan();
  span.setAttribute('app.user', 'user-1');
  res.end(JSON.stringify({ attributes: span.attributes, counted: span._attributesCount, dropped: span.droppedAttributesCount }));
});
server.listen(0, '127.0.0.1', () => {
  http.get({ host: '127.0.0.1', port: server.address().port, path: '/orders/17?page=2', headers: { 'user-agent': 'otelkit-test-agent' } }, (res) => {
    let body = '';
    res.on('data', (d) => (body += d));
    res.on('end', () => { console.log(body); server.close(); });
  });
});
`;

interface ServerSpanState {
  attributes: Record<string, unknown>;
  counted: number;
  dropped: number;
}

async function serverSpanState(env: Record<string, string>): Promise<ServerSpanState> {
  const exit = await runAppToExit({
    entry: '-e',
    args: [SERVER_SCRIPT],
    preload: 'require',
    cwd: TEST_DIR,
    timeoutMs: 15_000,
    env: { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOG_LEVEL: 'warn', ...env },
  });
  expect(exit.code, exit.stderr).toBe(0);
  return JSON.parse(exit.stdout.trim().split('\n').at(-1)!) as ServerSpanState;
}

describe('bundled SDK: the server span takes its request attributes in one object', () => {
  it('default limits: every request attribute, counted, and the app can add its own', async () => {
    const state = await serverSpanState({});
    expect(state.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.scheme': 'http',
      'url.path': '/orders/17',
      'url.query': 'page=2',
      'user_agent.original': 'otelkit-test-agent',
      'network.peer.address': '127.0.0.1',
      'server.address': '127.0.0.1',
      'client.address': '127.0.0.1',
      'app.user': 'user-1',
    });
    expect(state.counted).toBe(Object.keys(state.attributes).length);
    expect(state.dropped).toBe(0);
  });

  it('a value over OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT is truncated as the SDK truncates it', async () => {
    const state = await serverSpanState({ OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '5' });
    expect(state.attributes['user_agent.original']).toBe('otelk');
    expect(state.attributes['url.path']).toBe('/orde');
    expect(state.attributes['http.request.method']).toBe('GET');
    expect(state.counted).toBe(Object.keys(state.attributes).length);
  });

  it('more attributes than OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: the first ones are kept, the rest counted as dropped', async () => {
    const state = await serverSpanState({ OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '4' });
    expect(Object.keys(state.attributes)).toEqual(['http.request.method', 'url.scheme', 'network.peer.address', 'network.peer.port']);
    expect(state.counted).toBe(4);
    // Every request attribute past the fourth, and the app's own.
    expect(state.dropped).toBeGreaterThanOrEqual(7);
  });
});
