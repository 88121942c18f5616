// The two floor preloads are baselines the budgets are read against, so each must do what it says:
// floor-recording.cjs exports a server span per request that the official protos decode, with the
// attributes, ids and parent a tracer gives it; floor-preload.cjs sets the header and records nothing.
import { join } from 'node:path';
import { startOtlpReceiver, runApp } from '@otelkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { here } from '../lib/processes.mjs';
import { PRELOADS } from '../lib/variants.mjs';

let receiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

async function serve(preload, app) {
  const proc = runApp({
    entry: join(here, 'apps', app),
    preload: 'require',
    preloadSpecifier: preload,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'floor-test', PORT: '0' },
  });
  const [, url] = await proc.waitForOutput(/listening on (http:\/\/\S+)/);
  return { proc, url };
}

describe('floor-recording.cjs', () => {
  it('is the floor-recording variant', () => {
    expect(PRELOADS['floor-recording']).toEqual(['--require', join(here, 'apps', 'floor-recording.cjs')]);
    expect(PRELOADS.floor).toEqual(['--require', join(here, 'apps', 'floor-preload.cjs')]);
  });

  it('exports one server span per request, decoded by the official protos, with the id of X-Trace-ID', async () => {
    receiver.reset();
    const { proc, url } = await serve(PRELOADS['floor-recording'][1], 'express-json.cjs');
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const longAgent = `bench/${'x'.repeat(200)}`;
    const first = await fetch(`${url}/users/42?q=1`, { headers: { traceparent: parent, 'user-agent': longAgent } });
    const second = await fetch(`${url}/users/7`);
    expect(first.status).toBe(200);
    const secondTraceId = second.headers.get('x-trace-id');
    expect(first.headers.get('x-trace-id')).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(secondTraceId).toMatch(/^[0-9a-f]{32}$/);
    // Fewer than a batch: the spans leave at SIGTERM.
    proc.kill('SIGTERM');
    const exit = await proc.exited;
    expect(exit.code).toBe(0);
    const spans = await receiver.waitForSpans(2);
    expect(spans).toHaveLength(2);
    const child = spans.find((s) => s.traceId === '0af7651916cd43dd8448eb211c80319c');
    const root = spans.find((s) => s.traceId === secondTraceId);
    expect(child).toMatchObject({ parentSpanId: 'b7ad6b7169203331', name: 'GET /users/:id', kind: 2, resource: { 'service.name': 'floor-test' } });
    expect(child.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(root.parentSpanId).toBe('');
    expect(child.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.scheme': 'http',
      'url.path': '/users/42',
      'http.route': '/users/:id',
      'http.response.status_code': 200,
      'network.protocol.version': '1.1',
      'server.address': '127.0.0.1',
      'client.address': '127.0.0.1',
      'user_agent.original': longAgent.slice(0, 80),
    });
    expect(child.attributes['server.port']).toBe(Number(new URL(url).port));
    const start = BigInt(child.startTimeUnixNano);
    const end = BigInt(child.endTimeUnixNano);
    const now = BigInt(Date.now()) * 1_000_000n;
    expect(end >= start).toBe(true);
    expect(now - start < 60_000_000_000n && start <= now).toBe(true);
  });
});

describe('floor-preload.cjs', () => {
  it('sets X-Trace-ID and exports nothing', async () => {
    receiver.reset();
    const { proc, url } = await serve(PRELOADS.floor[1], 'hello.cjs');
    const res = await fetch(url);
    expect(res.headers.get('x-trace-id')).toMatch(/^[0-9a-f]{32}$/);
    await res.text();
    proc.kill('SIGTERM');
    await proc.exited;
    expect(receiver.spans()).toHaveLength(0);
  });
});
