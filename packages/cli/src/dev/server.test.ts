import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { otlpProtoDir } from '@otelkit/testing';
import protobuf from 'protobufjs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.test-support.js';
import { startDevServer, type DevServer } from './server.js';

const UI_DIR = join(__dirname, '..', '..', 'dist', 'ui');
const servers: DevServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options: { maxSpans?: number; ndjson?: string } = {}): Promise<DevServer & { warnings: string[] }> {
  const warnings: string[] = [];
  const server = await startDevServer({ port: 0, otlpPort: 0, maxSpans: options.maxSpans ?? 1000, ndjson: options.ndjson, uiDir: UI_DIR, warn: (l) => warnings.push(l) });
  servers.push(server);
  return Object.assign(server, { warnings });
}

const id = (n: number, width: 16 | 32): string => n.toString(16).padStart(8, '0').repeat(width / 8);
const NOW = BigInt(Date.now()) * 1_000_000n;

/** An OTLP/JSON traces request: `count` spans, each its own trace, starting at trace number `from`. */
function tracesJson(from: number, count: number, service = 'orders'): object {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: Array.from({ length: count }, (_, i) => ({
              traceId: id(from + i, 32),
              spanId: id(from + i, 16),
              name: 'GET /orders/:id',
              kind: 2,
              startTimeUnixNano: String(NOW + BigInt(from + i) * 1_000_000n), // 1 ms apart: the order is the number's
              endTimeUnixNano: String(NOW + BigInt(from + i) * 1_000_000n + 5_000_000n),
              attributes: [
                { key: 'http.route', value: { stringValue: '/orders/:id' } },
                { key: 'tenant_id', value: { stringValue: `tenant-${from + i}` } },
                { key: 'padding', value: { stringValue: 'x'.repeat(500) } },
              ],
            })),
          },
        ],
      },
    ],
  };
}

async function post(url: string, body: Buffer | string, headers: Record<string, string>): Promise<{ status: number; type: string; body: Buffer }> {
  const res = await fetch(url, { method: 'POST', body, headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

describe('otelkit dev server: OTLP intake', () => {
  it('accepts traces as OTLP/JSON, logs as gzip JSON, and traces as protobuf encoded with the official protos', async () => {
    const server = await start();
    const json = await post(`${server.otlpUrl}/v1/traces`, JSON.stringify(tracesJson(1, 2)), { 'content-type': 'application/json' });
    expect(json.status).toBe(200);

    const logs = {
      resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: String(NOW), severityNumber: 9, severityText: 'INFO', body: { stringValue: 'order lookup' }, traceId: id(1, 32), spanId: id(1, 16) }] }] }],
    };
    const gz = await post(`${server.otlpUrl}/v1/logs`, gzipSync(JSON.stringify(logs)), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(gz.status).toBe(200);

    const root = new protobuf.Root();
    root.resolvePath = (_o, target) => join(otlpProtoDir(), target);
    root.loadSync('opentelemetry/proto/collector/trace/v1/trace_service.proto');
    const Request = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
    const message = Request.fromObject({
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.from(id(7, 32), 'hex'), spanId: Buffer.from(id(7, 16), 'hex'), name: 'proto span', kind: 2, startTimeUnixNano: String(NOW), endTimeUnixNano: String(NOW + 1000n) }] }] }],
    });
    const proto = await post(`${server.otlpUrl}/v1/traces`, Buffer.from(Request.encode(message).finish()), { 'content-type': 'application/x-protobuf' });
    expect(proto.status).toBe(200);
    expect(proto.type).toBe('application/x-protobuf');

    const trace = await getJson<{ spans: { name: string }[]; logs: { body: string }[] }>(`${server.uiUrl}/api/traces/${id(1, 32)}`);
    expect(trace.spans.map((s) => s.name)).toEqual(['GET /orders/:id']);
    expect(trace.logs.map((l) => l.body)).toEqual(['order lookup']);
    expect((await getJson<{ spans: { name: string }[] }>(`${server.uiUrl}/api/traces/${id(7, 32)}`)).spans[0]?.name).toBe('proto span');

    const search = await getJson<{ total: number; traces: { traceId: string }[] }>(`${server.uiUrl}/api/traces?attr=tenant_id%3Dtenant-2`);
    expect(search.traces.map((t) => t.traceId)).toEqual([id(2, 32)]);
  });

  it('answers bad input with the OTLP error (400 and a google.rpc.Status) and keeps receiving', async () => {
    const server = await start();
    const badJson = await post(`${server.otlpUrl}/v1/traces`, '{"resourceSpans": [', { 'content-type': 'application/json' });
    expect(badJson.status).toBe(400);
    expect(badJson.type).toBe('application/json');
    expect(JSON.parse(badJson.body.toString())).toMatchObject({ code: 3, message: expect.stringContaining('cannot decode json') });

    const badProto = await post(`${server.otlpUrl}/v1/metrics`, Buffer.from([0x0a, 0xff, 0xff, 0xff]), { 'content-type': 'application/x-protobuf' });
    expect(badProto.status).toBe(400);
    const Status = protobuf.parse('syntax = "proto3"; package google.rpc; message Status { int32 code = 1; string message = 2; }').root.lookupType('google.rpc.Status');
    expect(Status.toObject(Status.decode(badProto.body))).toMatchObject({ code: 3, message: expect.stringContaining('cannot decode protobuf') });

    const badGzip = await post(`${server.otlpUrl}/v1/logs`, Buffer.from('not gzip'), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(badGzip.status).toBe(400);
    expect((await post(`${server.otlpUrl}/v1/traces`, 'x', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post(`${server.otlpUrl}/v1/nothing`, '{}', { 'content-type': 'application/json' })).status).toBe(404);

    // One line per distinct problem, not one per request.
    await post(`${server.otlpUrl}/v1/traces`, '{"resourceSpans": [', { 'content-type': 'application/json' });
    expect(server.warnings.filter((w) => w.includes('/v1/traces (HTTP 400)'))).toHaveLength(1);

    expect((await post(`${server.otlpUrl}/v1/traces`, JSON.stringify(tracesJson(1, 1)), { 'content-type': 'application/json' })).status).toBe(200);
    expect((await getJson<{ total: number }>(`${server.uiUrl}/api/traces`)).total).toBe(1);
  });

  it('stays within --max-spans when sent ten times as many spans', async () => {
    const maxSpans = 500;
    const server = await start({ maxSpans });
    const send = async (round: number): Promise<void> => {
      const res = await post(`${server.otlpUrl}/v1/traces`, JSON.stringify(tracesJson(round * 100 + 1, 100)), { 'content-type': 'application/json' });
      expect(res.status).toBe(200);
    };
    for (let round = 0; round < 5; round++) await send(round);
    for (let round = 5; round < 50; round++) await send(round);
    const stats = await getJson<{ spans: number; traces: number; received: { spans: number }; evicted: { spans: number } }>(`${server.uiUrl}/api/stats`);
    expect(stats).toMatchObject({ spans: maxSpans, traces: maxSpans, received: { spans: 10 * maxSpans }, evicted: { spans: 9 * maxSpans } });
    const list = await getJson<{ total: number; traces: { traceId: string }[] }>(`${server.uiUrl}/api/traces?limit=1000`);
    expect(list.total).toBe(maxSpans);
    expect(list.traces[0]?.traceId).toBe(id(5000, 32)); // newest first
    expect(list.traces.at(-1)?.traceId).toBe(id(4501, 32));
  });
});

describe('otelkit dev server: NDJSON file', () => {
  it('appends what arrives and loads it back at the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otelkit-dev-'));
    try {
      const file = join(dir, 'telemetry.ndjson');
      const first = await start({ ndjson: file });
      expect(first.reloaded).toEqual({ spans: 0, logs: 0, metrics: 0, skipped: 0 });
      await post(`${first.otlpUrl}/v1/traces`, JSON.stringify(tracesJson(1, 3)), { 'content-type': 'application/json' });
      await first.close();
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(3);
      expect(JSON.parse(lines[0]!)).toMatchObject({ span: { traceId: id(1, 32), name: 'GET /orders/:id' } });

      const second = await start({ ndjson: file, maxSpans: 100 });
      expect(second.reloaded).toEqual({ spans: 3, logs: 0, metrics: 0, skipped: 0 });
      expect((await getJson<{ total: number }>(`${second.uiUrl}/api/traces`)).total).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('otelkit dev server: the viewer', () => {
  it('serves the app for deep links, the vendored libraries, and only to local Host names', async () => {
    const server = await start();
    const page = await fetch(`${server.uiUrl}/traces/${id(1, 32)}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/ui/app.js">');
    for (const file of ['app.js', 'preact.mjs', 'preact-hooks.mjs', 'htm.mjs', 'uplot.mjs', 'uplot.css']) {
      const res = await fetch(`${server.uiUrl}/ui/${file}`);
      expect(res.status, file).toBe(200);
      await res.arrayBuffer();
    }
    expect((await fetch(`${server.uiUrl}/ui/..%2Fcli.js`)).status).toBe(404);
    expect((await fetch(`${server.uiUrl}/api/traces/${id(1, 32)}`)).status).toBe(404);

    // DNS rebinding: a page on another name resolving to 127.0.0.1 gets nothing.
    const status = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(server.uiUrl);
      request({ host: '127.0.0.1', port, path: '/api/traces', headers: { host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
  });
});

describe('otelkit dev command', () => {
  it('names the flag when a port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const otlp = await runCli(['dev', '--port', '0', '--otlp-port', String(port)]);
      expect(otlp.code).toBe(1);
      expect(otlp.stderr).toContain(`error: port ${port} (--otlp-port) is in use by another process`);
      const ui = await runCli(['dev', '--port', String(port), '--otlp-port', '0']);
      expect(ui.code).toBe(1);
      expect(ui.stderr).toContain(`port ${port} (--port) is in use`);
    } finally {
      blocker.close();
    }
  });

  it('refuses a bad flag value with exit code 2', async () => {
    const run = await runCli(['dev', '--max-spans', 'lots']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--max-spans');
  });
});
