/**
 * `otelkit doctor` as a child process against real servers: an OTLP/HTTP receiver, a gRPC server,
 * closed and hung ports, a running app under otelkit for --url.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { runApp, startOtlpReceiver, type OtlpReceiver } from '@otelkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.test-support.js';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiver(): Promise<OtlpReceiver> {
  const r = await startOtlpReceiver();
  cleanups.push(() => r.close());
  return r;
}

function listen<T extends HttpServer | TcpServer>(server: T): Promise<number> {
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const ALL_OTLP = { OTEL_TRACES_EXPORTER: 'otlp', OTEL_METRICS_EXPORTER: 'otlp', OTEL_LOGS_EXPORTER: 'otlp' };
const NO_EXPORT = { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };

describe('otelkit doctor: OTLP endpoints', () => {
  it('exports an empty request per signal to a live receiver (http/protobuf): all ✓, exit 0', async () => {
    const r = await receiver();
    const run = await runCli(['doctor'], { ...ALL_OTLP, OTEL_EXPORTER_OTLP_ENDPOINT: r.url });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const signal of ['traces', 'metrics', 'logs']) {
      expect(run.stdout).toContain(`✓ ${signal}: http/protobuf to ${r.url}/v1/${signal}: HTTP 200`);
    }
    const requests = r.requests();
    expect(requests.map((q) => q.path).sort()).toEqual(['/v1/logs', '/v1/metrics', '/v1/traces']);
    for (const q of requests) {
      expect(q.contentType).toBe('application/x-protobuf');
      expect(q.bodySize).toBe(0);
      expect(q.status).toBe(200);
    }
    expect(r.spans()).toEqual([]);
    expect(run.stdout).toMatch(/No problems found\.\n$/);
  });

  it('http/json sends `{}` with the JSON content type', async () => {
    const r = await receiver();
    const run = await runCli(['doctor'], { ...NO_EXPORT, OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_ENDPOINT: r.url });
    expect(run.code, run.stdout).toBe(0);
    expect(r.requests()).toMatchObject([{ path: '/v1/traces', contentType: 'application/json', status: 200 }]);
    expect(run.stdout).toContain('✓ traces: http/json to');
  });

  it('sends the configured headers, and never prints their values', async () => {
    const r = await receiver();
    const env = { ...NO_EXPORT, OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${r.url}/v1/traces?token=qs-secret`, OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=s3cr3t-value' };
    const text = await runCli(['doctor'], env);
    expect(text.code, text.stdout).toBe(0);
    expect(text.stdout).toContain(`✓ traces: http/protobuf to ${r.url}/v1/traces?token=REDACTED: HTTP 200`);
    const run = await runCli(['doctor', '--json'], env);
    expect(run.code).toBe(0);
    expect(r.requests()[0]?.headers['x-api-key']).toBe('s3cr3t-value');
    for (const out of [text.stdout, run.stdout]) {
      expect(out).not.toContain('s3cr3t-value');
      expect(out).not.toContain('qs-secret');
    }
    const report = JSON.parse(run.stdout) as { config: { name: string; value: unknown; source: string }[] };
    expect(report.config.find((c) => c.name === 'OTEL_EXPORTER_OTLP_HEADERS')).toEqual({ name: 'OTEL_EXPORTER_OTLP_HEADERS', value: { 'x-api-key': 'REDACTED' }, source: 'env' });
  });

  it('a closed port is a problem: connection refused, exit 1', async () => {
    const port = await closedPort();
    const run = await runCli(['doctor'], { ...NO_EXPORT, OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`✗ traces: http/protobuf to http://127.0.0.1:${port}/v1/traces: connection refused`);
    expect(run.stdout).toContain('1 problem found.');
  });

  it('an error status is reported with its code and a hint', async () => {
    const r = await receiver();
    r.setDefaultFault({ status: 401 });
    const run = await runCli(['doctor', '--json'], { ...NO_EXPORT, OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: r.url });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { problems: number; checks: { section: string; status: string; message: string; fix?: string }[] };
    expect(report.problems).toBe(1);
    const check = report.checks.find((c) => c.section === 'otlp' && c.status === 'fail');
    expect(check?.message).toContain('metrics: http/protobuf');
    expect(check?.message).toContain('HTTP 401');
    expect(check?.fix).toContain('OTEL_EXPORTER_OTLP_HEADERS');
  });

  it('a receiver that never answers is bounded by --timeout, with a progress line on stderr after a second', async () => {
    const r = await receiver();
    r.setDefaultFault({ hang: true });
    const run = await runCli(['doctor', '--timeout', '1500'], { ...NO_EXPORT, OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: r.url });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('no answer within 1.5 s');
    expect(run.stderr).toBe('otelkit doctor: probing endpoints and ports…\n');
    expect(run.ms).toBeLessThan(10_000);
  });

  it('gRPC: a real gRPC server answers OK for traces and UNIMPLEMENTED for metrics', async () => {
    const server = new grpc.Server();
    const identity = (b: Buffer): Buffer => b;
    const exportMethod = (path: string) => ({ path, requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity });
    const received: number[] = [];
    server.addService({ Export: exportMethod('/opentelemetry.proto.collector.trace.v1.TraceService/Export') }, {
      Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        received.push(call.request.length);
        callback(null, Buffer.alloc(0));
      },
    });
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    cleanups.push(() => new Promise<void>((resolve) => server.tryShutdown(() => resolve())));
    const env = { ...NO_EXPORT, OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` };
    const ok = await runCli(['doctor'], env);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain(`✓ traces: grpc to http://127.0.0.1:${port}: gRPC OK`);
    expect(received).toEqual([0]);
    // host:port is a valid gRPC target; OTEL_EXPORTER_OTLP_INSECURE=true makes it plaintext.
    const both = await runCli(['doctor'], { ...env, OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: `127.0.0.1:${port}`, OTEL_EXPORTER_OTLP_INSECURE: 'true' });
    expect(both.code).toBe(1);
    expect(both.stdout).toContain('✓ traces: grpc to 127.0.0.1');
    expect(both.stdout).toMatch(/✗ metrics: grpc to .*gRPC UNIMPLEMENTED/);
  });
});

describe('otelkit doctor: environment', () => {
  it('a mistyped variable and an endpoint without a scheme are problems, each with the fix', async () => {
    const run = await runCli(['doctor'], { ...NO_EXPORT, OTEL_EXPORTER_OTLP_ENDPONT: 'http://collector:4318', OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4318' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ OTEL_EXPORTER_OTLP_ENDPONT is not a variable otelkit or OpenTelemetry knows; it is ignored\n      → did you mean OTEL_EXPORTER_OTLP_ENDPOINT?');
    expect(run.stdout).toContain('✗ OTEL_EXPORTER_OTLP_ENDPOINT="otel-collector:4318" is invalid (no scheme; expected a URL such as http://otel-collector:4318)');
    expect(run.stdout).toContain('→ OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4318');
    expect(run.stdout).toContain('2 problems found.');
    // Progress and diagnostics never go to stdout, and nothing is printed twice on stderr.
    expect(run.stderr).toBe('');
  });

  it('--json: every variable with its effective value and source; an invalid value leaves the default in effect', async () => {
    const run = await runCli(['doctor', '--json'], { ...NO_EXPORT, OTEL_SERVICE_NAME: 'checkout', OTEL_BSP_MAX_QUEUE_SIZE: 'lots' });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { config: { name: string; value: unknown; source: string }[]; problems: number; node: string };
    const byName = new Map(report.config.map((c) => [c.name, c]));
    expect(byName.get('OTEL_SERVICE_NAME')).toEqual({ name: 'OTEL_SERVICE_NAME', value: 'checkout', source: 'env' });
    expect(byName.get('OTEL_BSP_MAX_QUEUE_SIZE')).toEqual({ name: 'OTEL_BSP_MAX_QUEUE_SIZE', value: 2048, source: 'default' });
    expect(byName.get('OTEL_TRACES_SAMPLER')).toEqual({ name: 'OTEL_TRACES_SAMPLER', value: 'parentbased_always_on', source: 'default' });
    expect(report.problems).toBe(1);
    expect(report.node).toBe(process.versions.node);
  });

  it('OTEL_CONFIG_FILE: its values have source "file", conflicting OTEL_* variables are not read, and its endpoint is probed', async () => {
    const r = await receiver();
    const file = join(mkdtempSync(join(tmpdir(), 'otelkit-doctor-')), 'otel.yaml');
    writeFileSync(file, `file_format: "1.1"\nresource:\n  attributes:\n    - name: service.name\n      value: from-file\ntracer_provider:\n  processors:\n    - batch:\n        exporter:\n          otlp_http:\n            endpoint: \${R}/v1/traces\n`);
    const run = await runCli(['doctor', '--json'], { OTEL_CONFIG_FILE: file, R: r.url, OTEL_SERVICE_NAME: 'from-env', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    const report = JSON.parse(run.stdout) as { config: { name: string; value: unknown; source: string }[]; checks: { status: string; message: string }[]; problems: number };
    const byName = new Map(report.config.map((c) => [c.name, c]));
    expect(byName.get('OTEL_SERVICE_NAME')).toEqual({ name: 'OTEL_SERVICE_NAME', value: 'from-file', source: 'file' });
    expect(byName.get('OTEL_EXPORTER_OTLP_ENDPOINT')?.source).toBe('default');
    expect(report.checks).toContainEqual(expect.objectContaining({ status: 'ok', message: `OTEL_CONFIG_FILE ${file}: valid; the other OTEL_* variables are not read` }));
    expect(report.checks).toContainEqual(expect.objectContaining({ status: 'ok', message: expect.stringContaining(`traces: http/protobuf to ${r.url}/v1/traces: HTTP 200`) }));
    expect(report.checks).toContainEqual({
      section: 'environment',
      status: 'warn',
      message: 'OTEL_CONFIG_FILE is in use, so these OTEL_* variables of the process are ignored: OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME',
      fix: 'set them in the file, or unset them',
    });
    expect(report.problems, run.stdout).toBe(0);

    writeFileSync(file, 'file_format: "1.1"\ntracer_provider:\n  processors: {}\n');
    const bad = await runCli(['doctor', '--json'], { OTEL_CONFIG_FILE: file });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).checks).toContainEqual(expect.objectContaining({ status: 'fail', message: expect.stringMatching(/^OTEL_CONFIG_FILE .*otel\.yaml: tracer_provider\.processors: must be array/) }));
  });

  it('a specification variable otelkit does not read is a warning, not a problem', async () => {
    const run = await runCli(['doctor'], { ...NO_EXPORT, OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'http://zipkin:9411/api/v2/spans', OTEL_COLLECTOR_IMAGE: 'otel/collector' });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain('! OTEL_EXPORTER_ZIPKIN_ENDPOINT is an OpenTelemetry variable that otelkit does not read; it has no effect');
    expect(run.stdout).toContain('! OTEL_COLLECTOR_IMAGE is not a variable otelkit or OpenTelemetry knows; it is ignored');
  });

  it('a TLS file that cannot be read is named with its variable', async () => {
    const run = await runCli(['doctor'], { ...NO_EXPORT, OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'https://127.0.0.1:1', OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: '/nonexistent/ca.pem' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ traces: OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE=/nonexistent/ca.pem cannot be read (ENOENT)');
  });

  it('the Node.js version is checked against the engines of @otelkit/node', async () => {
    const run = await runCli(['doctor'], NO_EXPORT);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain(`✓ Node.js ${process.versions.node} satisfies >=22.15.0 (engines of @otelkit/node 0.1.0)`);
  });
});

describe('otelkit doctor: ports', () => {
  it('the metrics port: free is ok; served over HTTP is a warning; held by a non-HTTP process is a problem', async () => {
    const free = await closedPort();
    const env = { ...NO_EXPORT, OTEL_METRICS_EXPORTER: 'prometheus' };
    const ok = await runCli(['doctor'], { ...env, OTEL_EXPORTER_PROMETHEUS_PORT: String(free) });
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain(`✓ metrics (/metrics) port 127.0.0.1:${free}: free`);

    const served = await listen(createHttpServer((_req, res) => res.end('# metrics\n')));
    const warn = await runCli(['doctor'], { ...env, OTEL_EXPORTER_PROMETHEUS_PORT: String(served) });
    expect(warn.code, warn.stdout).toBe(0);
    expect(warn.stdout).toContain(`! metrics (/metrics) port 127.0.0.1:${served}: already served (HTTP 200 on /metrics)`);

    const tcp = createTcpServer((socket) => socket.destroy());
    const busy = await listen(tcp);
    const fail = await runCli(['doctor'], { ...env, OTEL_EXPORTER_PROMETHEUS_PORT: String(busy) });
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain(`✗ metrics (/metrics) port 127.0.0.1:${busy}: in use by a process that does not answer HTTP`);
  });

  it('the health port is checked when OTELKIT_HEALTH_PORT is set', async () => {
    const tcp = await listen(createTcpServer((socket) => socket.destroy()));
    const run = await runCli(['doctor'], { ...NO_EXPORT, OTELKIT_HEALTH_PORT: String(tcp) });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`✗ health port 127.0.0.1:${tcp}: in use`);
  });
});

describe('otelkit doctor --url: a running app', () => {
  it('reads the app\'s configuration from /status, start() options as source "code"', async () => {
    const app = runApp({
      entry: join(__dirname, '..', 'fixtures', 'code-options.mjs'),
      env: { ...NO_EXPORT, OTELKIT_HEALTH_PORT: '0', OTEL_PROPAGATORS: 'tracecontext', OTEL_LOG_LEVEL: 'info' },
    });
    cleanups.push(() => app[Symbol.asyncDispose]());
    const url = (await app.waitForOutput(/health endpoints on (http:\/\/127\.0\.0\.1:\d+)/, { stream: 'stderr' }))[1]!;
    const run = await runCli(['doctor', '--json', '--url', url], NO_EXPORT);
    const report = JSON.parse(run.stdout) as { app: { config: { name: string; value: unknown; source: string }[] } };
    const byName = new Map(report.app.config.map((c) => [c.name, c]));
    expect(byName.get('serviceName')).toEqual({ name: 'serviceName', value: 'from-code', source: 'code' });
    expect(byName.get('propagators')).toEqual({ name: 'propagators', value: ['tracecontext'], source: 'env' });
    expect(byName.get('sampler')).toEqual({ name: 'sampler', value: 'parentbased_always_on', source: 'default' });
    expect(run.code, run.stdout).toBe(0);
  });

  it('an address where no app answers is a problem', async () => {
    const port = await closedPort();
    const run = await runCli(['doctor', '--url', `http://127.0.0.1:${port}`], NO_EXPORT);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`✗ http://127.0.0.1:${port}/status could not be read (ECONNREFUSED)`);
  });
});
