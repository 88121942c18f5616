/**
 * The OTLP/HTTP transport and serializers are bundled into the preload (initialised at the first
 * export): gzip compression and http/json must still work for traces and metrics, from the CJS
 * and the ESM build alike.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { disposeAll, example, fixture, get, newReceiver, serverSpans, startScenario, traceHeader, waitForServerSpan } from './helpers.js';

afterEach(disposeAll);

describe('OTLP/HTTP transport options', () => {
  it.each([
    ['http/protobuf, gzip, --require', fixture('http-app.cjs'), 'require', 'http/protobuf', 'gzip'],
    ['http/json, --require', fixture('http-app.cjs'), 'require', 'http/json', 'none'],
    ['http/protobuf, gzip, --import', example('fastify-esm/app.mjs'), 'import', 'http/protobuf', 'gzip'],
    ['http/json, gzip, --import', example('fastify-esm/app.mjs'), 'import', 'http/json', 'gzip'],
  ] as const)('%s: spans and metrics arrive with that encoding', async (_label, entry, preload, protocol, compression) => {
    const receiver = await newReceiver();
    const { baseUrl } = await startScenario({
      entry,
      preload,
      receiver,
      env: { OTEL_EXPORTER_OTLP_PROTOCOL: protocol, OTEL_EXPORTER_OTLP_COMPRESSION: compression, OTEL_METRIC_EXPORT_INTERVAL: '300' },
    });
    const res = await get(`${baseUrl}/users/3`);
    const span = await waitForServerSpan(receiver, traceHeader(res));
    expect(span.attributes['url.path']).toBe('/users/3');
    await expect.poll(() => receiver.metrics().some((m) => m.name === 'http.server.request.duration'), { timeout: 10_000 }).toBe(true);

    const contentType = protocol === 'http/json' ? 'application/json' : 'application/x-protobuf';
    const encoding = compression === 'gzip' ? 'gzip' : '';
    for (const signal of ['traces', 'metrics'] as const) {
      const sent = receiver.requests().filter((r) => r.signal === signal);
      expect(sent.length, signal).toBeGreaterThan(0);
      for (const r of sent) {
        expect([r.contentType, r.contentEncoding, r.status, r.error], signal).toEqual([contentType, encoding, 200, undefined]);
        expect(r.itemCount, signal).toBeGreaterThan(0);
      }
    }
    expect(serverSpans(receiver.spans()).length).toBeGreaterThan(0);
  });
});
