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

// Requests over a raw socket (the preload's HTTP client instrumentation would add its own
// traceparent to a fetch): the server reports its span and whether the tracer started it from
// the instrumentation's sampling decision (otelkitStartSpan) or through startSpan().
const LEAN_SCRIPT = `
const http = require('node:http');
const net = require('node:net');
const { trace } = require('@opentelemetry/api');
let lean = 'not called';
const proto = Object.getPrototypeOf(trace.getTracer('probe'));
const startFromDecision = proto.otelkitStartSpan;
proto.otelkitStartSpan = function (...args) { const span = startFromDecision.apply(this, args); lean = span !== undefined; return span; };
const server = http.createServer((req, res) => {
  const span = trace.getActiveSpan();
  const parent = span.parentSpanContext;
  res.end(JSON.stringify({
    lean, traceId: span.spanContext().traceId, flags: span.spanContext().traceFlags, traceState: span.spanContext().traceState?.serialize(),
    parent: parent && { spanId: parent.spanId, isRemote: parent.isRemote }, recording: span.isRecording(), agent: span.attributes?.['user_agent.original'],
  }));
  lean = 'not called';
});
const send = (port, extra) => new Promise((resolve) => {
  const c = net.connect(port, '127.0.0.1', () => c.end('GET /a HTTP/1.1\\r\\nHost: h\\r\\nUser-Agent: probe-agent\\r\\nConnection: close\\r\\n' + extra + '\\r\\n'));
  let body = '';
  c.on('data', (d) => (body += d));
  c.on('close', () => resolve(JSON.parse(body.split('\\r\\n\\r\\n')[1])));
});
server.listen(0, '127.0.0.1', async () => {
  const port = server.address().port;
  const out = [];
  out.push(await send(port, ''));
  out.push(await send(port, 'traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\\r\\ntracestate: vendor=a\\r\\n'));
  out.push(await send(port, 'traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00\\r\\n'));
  console.log(JSON.stringify(out));
  server.close();
});
`;

describe('bundled SDK: the server span starts from the sampling decision already taken', () => {
  const run = async (env: Record<string, string>): Promise<Array<Record<string, unknown>>> => {
    const exit = await runAppToExit({
      entry: '-e', args: [LEAN_SCRIPT], preload: 'require', cwd: TEST_DIR, timeoutMs: 15_000,
      env: { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOG_LEVEL: 'warn', ...env },
    });
    expect(exit.code, exit.stderr).toBe(0);
    return JSON.parse(exit.stdout.trim().split('\n').at(-1)!) as Array<Record<string, unknown>>;
  };

  it('root, remote parent with tracestate, and unsampled parent: the same spans either way', async () => {
    const [fast, slow] = await Promise.all([run({}), run({ OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '5' })]);
    expect(fast.map((r) => r.lean)).toEqual([true, true, 'not called']);
    // A value over the length limit: the tracer's startSpan() and setAttributes(), which truncate.
    expect(slow.map((r) => r.lean)).toEqual([false, false, 'not called']);
    expect(fast[0]!.agent).toBe('probe-agent');
    expect(slow[0]!.agent).toBe('probe');
    for (const runs of [fast, slow]) {
      const [root, child, unsampled] = runs;
      expect(root).toMatchObject({ flags: 1, recording: true });
      expect(root!.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(root).not.toHaveProperty('parent');
      expect(child).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', flags: 1, traceState: 'vendor=a', parent: { spanId: 'b7ad6b7169203331', isRemote: true }, recording: true });
      expect(unsampled).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', flags: 0, recording: false });
    }
  });
});

describe('bundled SDK: span start times', () => {
  it('a default start time is the wall clock at start; given times are kept as the SDK keeps them', async () => {
    const script = `
const { trace } = require('@opentelemetry/api');
const tracer = trace.getTracer('t');
const ms = (t) => t[0] * 1e3 + t[1] / 1e6;
const before = Date.now();
const span = tracer.startSpan('now');
const after = Date.now();
const given = tracer.startSpan('given', { startTime: 1764921600123 });
const hr = tracer.startSpan('hr', { startTime: [1764921600, 5] });
console.log(JSON.stringify({ inWindow: ms(span.startTime) >= before && ms(span.startTime) <= after, given: given.startTime, hr: hr.startTime, counted: span._attributesCount }));
`;
    const exit = await runUnderPreload(script, 'none');
    expect(exit.code, exit.stderr).toBe(0);
    expect(JSON.parse(exit.stdout.trim())).toEqual({ inWindow: true, given: [1764921600, 123000000], hr: [1764921600, 5], counted: 0 });
  });
});
