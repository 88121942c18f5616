/**
 * OTLP/gRPC export from a real app under the preload to a local gRPC receiver (node:http2, which
 * speaks gRPC's plaintext HTTP/2): under OTEL_CONFIG_FILE the upstream exporter must not add the
 * process's OTEL_EXPORTER_OTLP_*HEADERS nor take its TLS settings from OTEL_EXPORTER_OTLP_INSECURE;
 * without a file those headers, and the TLS files of an https:// receiver, are used as before.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestCertificates, type TestCertificates } from '@otelkit/testing';
import { disposeAll, fixture, get, startScenario } from './helpers.js';

const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

interface GrpcReceiver {
  readonly endpoint: string;
  /** Request headers of each trace export received. */
  readonly exports: http2.IncomingHttpHeaders[];
  close(): Promise<void>;
}

const receivers: GrpcReceiver[] = [];
afterEach(async () => {
  await disposeAll();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

let certs: TestCertificates;
beforeAll(() => {
  certs = createTestCertificates();
});
afterAll(() => certs?.remove());

/**
 * Answers every trace export with an empty ExportTraceServiceResponse and grpc-status 0. With
 * `mtls`, over TLS with the test CA's server certificate, requiring a client certificate from it
 * (whose common name is recorded as `x-client-cn`).
 */
async function grpcReceiver(mtls = false): Promise<GrpcReceiver> {
  const exports: http2.IncomingHttpHeaders[] = [];
  const server = mtls
    ? http2.createSecureServer({ key: readFileSync(certs.serverKeyFile), cert: readFileSync(certs.serverCertFile), ca: readFileSync(certs.caFile), requestCert: true, rejectUnauthorized: true })
    : http2.createServer();
  server.on('stream', (stream, headers) => {
    const peer = mtls ? (stream.session?.socket as TLSSocket | undefined)?.getPeerCertificate().subject?.CN : undefined;
    if (headers[':path'] === EXPORT_PATH) exports.push(peer === undefined ? headers : { ...headers, 'x-client-cn': String(peer) });
    stream.resume();
    stream.on('end', () => {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      // One uncompressed, zero-length message: the empty response.
      stream.end(Buffer.from([0, 0, 0, 0, 0]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const receiver: GrpcReceiver = {
    endpoint: `${mtls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exports,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  receivers.push(receiver);
  return receiver;
}

const dir = mkdtempSync(join(tmpdir(), 'otelkit-grpc-'));

function grpcConfigFile(endpoint: string, tls = ''): string {
  const path = join(dir, `grpc-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    path,
    `file_format: "1.0"
resource:
  attributes:
    - name: service.name
      value: grpc-file
tracer_provider:
  processors:
    - batch:
        schedule_delay: 50
        exporter:
          otlp_grpc:
            endpoint: ${endpoint}
            headers:
              - name: x-file
                value: "yes"
${tls}`,
  );
  return path;
}

/** Run the app, make one request and wait for its spans to be exported to `receiver`. */
async function exportOnce(receiver: GrpcReceiver, env: Record<string, string | undefined>): Promise<http2.IncomingHttpHeaders> {
  const { baseUrl, app } = await startScenario({ entry: fixture('http-app.cjs'), env: { OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', ...env } });
  expect((await get(`${baseUrl}/users/1`)).status).toBe(200);
  await expect.poll(() => receiver.exports.length, { timeout: 15_000 }).toBeGreaterThan(0);
  expect(app.stderr()).not.toMatch(/otelkit WARN/);
  return receiver.exports[0]!;
}

describe('OTLP/gRPC export', () => {
  it('under a config file: the file\'s headers are sent, the process\'s OTEL_EXPORTER_OTLP_*HEADERS are not', async () => {
    const receiver = await grpcReceiver();
    const headers = await exportOnce(receiver, {
      OTEL_CONFIG_FILE: grpcConfigFile(receiver.endpoint),
      OTEL_EXPORTER_OTLP_HEADERS: 'x-env=leak',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-env2=leak',
    });
    expect(headers['x-file']).toBe('yes');
    expect(headers['x-env']).toBeUndefined();
    expect(headers['x-env2']).toBeUndefined();
    expect(headers['content-type']).toBe('application/grpc');
  });

  it('under a config file: OTEL_EXPORTER_OTLP_INSECURE=false of the process does not turn an http:// endpoint to TLS', async () => {
    const receiver = await grpcReceiver();
    const headers = await exportOnce(receiver, { OTEL_CONFIG_FILE: grpcConfigFile(receiver.endpoint), OTEL_EXPORTER_OTLP_INSECURE: 'false' });
    expect(headers['x-file']).toBe('yes');
  });

  it('under a config file: a target without a scheme follows the file\'s tls.insecure, not the process\'s OTEL_EXPORTER_OTLP_INSECURE', async () => {
    const receiver = await grpcReceiver();
    const target = receiver.endpoint.replace(/^http:\/\//, '');
    const file = grpcConfigFile(target, '            tls:\n              insecure: true\n');
    const headers = await exportOnce(receiver, { OTEL_CONFIG_FILE: file, OTEL_EXPORTER_OTLP_INSECURE: 'false' });
    expect(headers['x-file']).toBe('yes');
  });

  it('without a file: OTEL_EXPORTER_OTLP_HEADERS are sent as metadata', async () => {
    const receiver = await grpcReceiver();
    const headers = await exportOnce(receiver, {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-env=yes',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-env2=yes',
    });
    expect(headers['x-env']).toBe('yes');
    expect(headers['x-env2']).toBe('yes');
  });

  it('without a file: an https:// receiver is reached with the CA and client certificate of OTEL_EXPORTER_OTLP_*', async () => {
    const receiver = await grpcReceiver(true);
    const headers = await exportOnce(receiver, {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_CERTIFICATE: certs.caFile,
      OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: certs.clientCertFile,
      OTEL_EXPORTER_OTLP_CLIENT_KEY: certs.clientKeyFile,
    });
    expect(headers['x-client-cn']).toBe(certs.clientName);
  });
});
