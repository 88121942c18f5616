/**
 * OTLP/HTTP to an https receiver with a private CA and mutual TLS: the exporters read
 * OTEL_EXPORTER_OTLP[_<SIGNAL>]_CERTIFICATE, _CLIENT_CERTIFICATE and _CLIENT_KEY. Certificates are
 * made by openssl for each run (a CA, a server certificate for 127.0.0.1, a client certificate).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { disposeAll, fixture, get, newReceiver, startScenario, traceHeader, waitForServerSpan, warningsNaming } from './helpers.js';

afterEach(disposeAll);

let dir = '';
const file = (name: string): string => join(dir, name);

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A key and a certificate signed by the test CA; `san` for the server's address. */
function issue(name: string, cn: string, san?: string): void {
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
  const ext = `${name}.ext`;
  writeFileSync(file(ext), san === undefined ? 'extendedKeyUsage=clientAuth\n' : `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`);
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', ext);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'otelkit-tls-'));
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=otelkit test CA');
  issue('server', '127.0.0.1', 'IP:127.0.0.1');
  issue('client', 'otelkit-test-client');
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

/** An https receiver that trusts only the test CA and, with `mtls`, requires a client certificate from it. */
function tlsReceiver(mtls: boolean) {
  return newReceiver({
    tls: {
      key: readFileSync(file('server.key')),
      cert: readFileSync(file('server.pem')),
      ...(mtls ? { ca: readFileSync(file('ca.pem')), requestCert: true, rejectUnauthorized: true } : {}),
    },
  });
}

describe('OTLP/HTTP over TLS', () => {
  it('mutual TLS from the generic variables: spans and metrics arrive, sent with the client certificate', async () => {
    const receiver = await tlsReceiver(true);
    expect(receiver.url).toMatch(/^https:/);
    const { baseUrl, app } = await startScenario({
      entry: fixture('http-app.cjs'),
      receiver,
      env: {
        OTEL_EXPORTER_OTLP_CERTIFICATE: file('ca.pem'),
        OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: file('client.pem'),
        OTEL_EXPORTER_OTLP_CLIENT_KEY: file('client.key'),
        OTEL_METRIC_EXPORT_INTERVAL: '300',
      },
    });
    const res = await get(`${baseUrl}/users/7`);
    const span = await waitForServerSpan(receiver, traceHeader(res));
    expect(span.attributes['url.path']).toBe('/users/7');
    await expect.poll(() => receiver.metrics().some((m) => m.name === 'http.server.request.duration'), { timeout: 10_000 }).toBe(true);
    for (const signal of ['traces', 'metrics'] as const) {
      const sent = receiver.requests().filter((r) => r.signal === signal);
      expect(sent.length, signal).toBeGreaterThan(0);
      expect(new Set(sent.map((r) => [r.status, r.clientCertificate].join(' '))), signal).toEqual(new Set(['200 otelkit-test-client']));
    }
    expect(app.stderr()).not.toMatch(/otelkit WARN/);
  });

  it('without the CA the receiver is not trusted: the export fails with a warning and nothing arrives', async () => {
    const receiver = await tlsReceiver(false);
    const { baseUrl, app } = await startScenario({ entry: fixture('http-app.cjs'), receiver, env: { OTEL_METRICS_EXPORTER: 'none' } });
    await get(`${baseUrl}/users/8`);
    await app.waitForOutput(/otelkit WARN export of \d+ spans failed/, { stream: 'stderr', timeoutMs: 15_000 });
    expect(receiver.spans()).toEqual([]);
  });

  it('the per-signal variable wins; an unreadable file gets one warning naming its variable and is left out', async () => {
    const receiver = await tlsReceiver(false);
    const { baseUrl, app } = await startScenario({
      entry: fixture('http-app.cjs'),
      receiver,
      env: {
        OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: file('ca.pem'),
        OTEL_EXPORTER_OTLP_CERTIFICATE: file('missing.pem'),
        OTEL_METRIC_EXPORT_INTERVAL: '300',
      },
    });
    const res = await get(`${baseUrl}/users/9`);
    await waitForServerSpan(receiver, traceHeader(res));
    // Metrics read the generic variable: its file is missing, so they go without the CA and fail.
    await app.waitForOutput(/otelkit WARN .*metric/i, { stream: 'stderr', timeoutMs: 15_000 });
    expect(warningsNaming(app.stderr(), 'OTEL_EXPORTER_OTLP_CERTIFICATE')).toEqual([
      expect.stringContaining('OTEL_EXPORTER_OTLP_CERTIFICATE: cannot read'),
    ]);
    expect(warningsNaming(app.stderr(), 'OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE')).toEqual([]);
    expect(receiver.metrics()).toEqual([]);
  });
});
