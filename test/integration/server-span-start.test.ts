/**
 * The HTTP server span as the preload starts it: the request attributes in one object, under the
 * span limits, and the span context of a root, a remote parent with tracestate and an unsampled
 * parent.
 */
import { describe, expect, it } from 'vitest';
import { runAppToExit } from '@otelkit/testing';
import { TEST_DIR } from './helpers.js';

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

describe('server span: the request attributes in one object', () => {
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

// An app's own span processor reads the request attributes in onStart (a filter on url.path, say):
// they must be on the span when it starts, not set after it.
const PROCESSOR_SCRIPT = `
const http = require('node:http');
const seen = [];
const processor = {
  onStart: (span) => seen.push({ path: span.attributes['url.path'], method: span.attributes['http.request.method'] }),
  onEnd: () => undefined,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};
require('@otelkit/node').start({ spanProcessors: [processor] }).then((otel) => {
  const server = http.createServer((req, res) => res.end('ok'));
  server.listen(0, '127.0.0.1', () => {
    http.get({ host: '127.0.0.1', port: server.address().port, path: '/orders/17' }, (res) => {
      res.resume();
      res.on('end', () => { server.close(); otel.shutdown().then(() => console.log(JSON.stringify(seen))); });
    });
  });
});
`;

describe('server span: what an app sees at the start', () => {
  it("an app's span processor finds the request attributes in onStart", async () => {
    const exit = await runAppToExit({
      entry: '-e',
      args: [PROCESSOR_SCRIPT],
      cwd: TEST_DIR,
      timeoutMs: 15_000,
      env: { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', OTEL_LOG_LEVEL: 'warn' },
    });
    expect(exit.code, exit.stderr).toBe(0);
    const seen = JSON.parse(exit.stdout.trim().split('\n').at(-1)!) as Array<{ path?: string; method?: string }>;
    expect(seen).toContainEqual({ path: '/orders/17', method: 'GET' });
  });
});

// Requests over a raw socket (the preload's HTTP client instrumentation would add its own
// traceparent to a fetch): the server reports its span.
const CONTEXT_SCRIPT = `
const http = require('node:http');
const net = require('node:net');
const { trace } = require('@opentelemetry/api');
const server = http.createServer((req, res) => {
  const span = trace.getActiveSpan();
  const parent = span.parentSpanContext;
  res.end(JSON.stringify({
    traceId: span.spanContext().traceId, flags: span.spanContext().traceFlags, traceState: span.spanContext().traceState?.serialize(),
    parent: parent && { spanId: parent.spanId, isRemote: parent.isRemote }, recording: span.isRecording(), agent: span.attributes?.['user_agent.original'],
  }));
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

describe('server span: span context', () => {
  const run = async (env: Record<string, string>): Promise<Array<Record<string, unknown>>> => {
    const exit = await runAppToExit({
      entry: '-e', args: [CONTEXT_SCRIPT], preload: 'require', cwd: TEST_DIR, timeoutMs: 15_000,
      env: { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOG_LEVEL: 'warn', ...env },
    });
    expect(exit.code, exit.stderr).toBe(0);
    return JSON.parse(exit.stdout.trim().split('\n').at(-1)!) as Array<Record<string, unknown>>;
  };

  it('root, remote parent with tracestate, and unsampled parent; with and without a length limit', async () => {
    const [plain, limited] = await Promise.all([run({}), run({ OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '5' })]);
    expect(plain[0]!.agent).toBe('probe-agent');
    expect(limited[0]!.agent).toBe('probe');
    for (const runs of [plain, limited]) {
      const [root, child, unsampled] = runs;
      expect(root).toMatchObject({ flags: 1, recording: true });
      expect(root!.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(root).not.toHaveProperty('parent');
      expect(child).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', flags: 1, traceState: 'vendor=a', parent: { spanId: 'b7ad6b7169203331', isRemote: true }, recording: true });
      expect(unsampled).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', flags: 0, recording: false });
    }
  });
});
