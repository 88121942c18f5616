/**
 * OTLP/HTTP to an https receiver with a private CA and mutual TLS: the exporters read
 * OTEL_EXPORTER_OTLP[_<SIGNAL>]_CERTIFICATE, _CLIENT_CERTIFICATE and _CLIENT_KEY. Certificates are
 * made by openssl for each run (createTestCertificates in @otelkit/testing).
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestCertificates, type TestCertificates } from '@otelkit/testing';
import { disposeAll, fixture, get, newReceiver, startScenario, traceHeader, waitForServerSpan, warningsNaming } from './helpers.js';

afterEach(disposeAll);

let certs: TestCertificates;
beforeAll(() => {
  certs = createTestCertificates();
});
afterAll(() => certs?.remove());

/** An https receiver that trusts only the test CA and, with `mtls`, requires a client certificate from it. */
function tlsReceiver(mtls: boolean) {
  return newReceiver({
    tls: {
      key: readFileSync(certs.serverKeyFile),
      cert: readFileSync(certs.serverCertFile),
      ...(mtls ? { ca: readFileSync(certs.caFile), requestCert: true, rejectUnauthorized: true } : {}),
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
        OTEL_EXPORTER_OTLP_CERTIFICATE: certs.caFile,
        OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: certs.clientCertFile,
        OTEL_EXPORTER_OTLP_CLIENT_KEY: certs.clientKeyFile,
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
      expect(new Set(sent.map((r) => [r.status, r.clientCertificate].join(' '))), signal).toEqual(new Set([`200 ${certs.clientName}`]));
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
        OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: certs.caFile,
        OTEL_EXPORTER_OTLP_CERTIFICATE: `${certs.caFile}.missing`,
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
