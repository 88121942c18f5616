/**
 * H3: probe paths are never traced. H1: the SDK's own export requests are never traced.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { disposeAll, example, fixture, get, newReceiver, sleep, startScenario, traceHeader, waitForServerSpan } from './helpers.js';

afterEach(disposeAll);

const PROBES = ['/health', '/healthz', '/ready', '/readyz', '/live', '/livez', '/status', '/metrics'];

/** True when an attribute value or span name refers to `path` (as a path, a target with query, a URL, or in a name). */
function mentions(value: unknown, path: string): boolean {
  if (typeof value !== 'string') return false;
  if (value === path || value.startsWith(`${path}?`) || value.split(' ').includes(path)) return true;
  return URL.canParse(value) && new URL(value).pathname === path;
}

describe('H3: probe paths', () => {
  it.each([
    ['node:http', fixture('http-app.cjs'), 'require'],
    ['Express CJS', example('express-cjs/app.js'), 'require'],
    ['Koa CJS', fixture('koa-app.cjs'), 'require'],
    ['Fastify ESM', example('fastify-esm/app.mjs'), 'import'],
  ] as const)('%s: no span and no X-Trace-ID (also with a query string)', async (_label, entry, preload) => {
    const { baseUrl, receiver } = await startScenario({ entry, preload });
    const probeUrls = [...PROBES, '/health?verbose=1', '/metrics?x=y'];
    for (const path of probeUrls) {
      const res = await get(`${baseUrl}${path}`);
      expect(res.status, path).toBeLessThan(500);
      expect(res.headers.get('x-trace-id'), path).toBeNull();
    }
    // A normal request after the probes: once its batch is in, anything the probes produced is too.
    const normal = await get(`${baseUrl}/after-probes`);
    await waitForServerSpan(receiver, traceHeader(normal));
    await sleep(300); // a few more batch intervals (50 ms) for stragglers
    const spans = receiver.spans();
    expect(spans.length).toBeGreaterThan(0);
    for (const span of spans) {
      for (const probe of PROBES) {
        const fields = [span.attributes['url.path'], span.attributes['http.target'], span.attributes['url.full'], span.attributes['http.route'], span.name];
        expect(fields.some((f) => mentions(f, probe)), `span ${span.name} ${JSON.stringify(span.attributes)} mentions ${probe}`).toBe(false);
      }
    }
    expect(spans.filter((s) => s.kind === 2).map((s) => s.attributes['url.path'])).toEqual(['/after-probes']);
  });
});

describe('OTELKIT_IGNORE_PATHS', () => {
  /** The url.path of every server span received once a last, traced request's span is in. */
  async function tracedPaths(scenario: Awaited<ReturnType<typeof startScenario>>, paths: string[]): Promise<string[]> {
    for (const path of paths) await get(`${scenario.baseUrl}${path}`);
    const last = await get(`${scenario.baseUrl}/last`);
    await waitForServerSpan(scenario.receiver, traceHeader(last));
    await sleep(300);
    return scenario.receiver.spans().filter((s) => s.kind === 2).map((s) => String(s.attributes['url.path']));
  }

  it('adds to the default probe paths, and * patterns match whole subtrees', async () => {
    const scenario = await startScenario({ entry: fixture('http-app.cjs'), env: { OTELKIT_IGNORE_PATHS: '/internal/*,/v1/*/ping,/exact' } });
    const paths = await tracedPaths(scenario, ['/health', '/metrics', '/internal/a', '/internal/a/b?x=1', '/v1/x/ping', '/exact', '/exact/more', '/internalx', '/kept']);
    expect(paths.sort()).toEqual(['/exact/more', '/internalx', '/kept', '/last']);
  });

  it('OTELKIT_IGNORE_DEFAULT_PATHS=false: only the listed paths are ignored, probes are traced', async () => {
    const scenario = await startScenario({ entry: fixture('http-app.cjs'), env: { OTELKIT_IGNORE_PATHS: '/quiet', OTELKIT_IGNORE_DEFAULT_PATHS: 'false' } });
    const paths = await tracedPaths(scenario, ['/health', '/quiet', '/metrics']);
    expect(paths.sort()).toEqual(['/health', '/last', '/metrics']);
  });
});

describe('H1: export traffic is not traced', () => {
  it.each([
    ['endpoint without trailing slash', (url: string) => url],
    ['endpoint with trailing slash', (url: string) => `${url}/`],
    ['endpoint via localhost', (url: string) => url.replace('127.0.0.1', 'localhost')],
  ])('%s', async (_label, endpoint) => {
    const receiver = await newReceiver();
    const { baseUrl } = await startScenario({
      entry: fixture('http-app.cjs'),
      receiver,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint(receiver.url) },
    });
    // Several requests, spaced so that several export requests happen in between.
    for (let i = 0; i < 6; i++) {
      const res = await get(`${baseUrl}/outgoing`);
      expect(res.status).toBe(200);
      await sleep(120);
    }
    await receiver.waitFor((r) => r.requests().filter((q) => q.path === '/v1/traces' && q.status === 200).length >= 3);
    await sleep(300);
    const exportsSeen = receiver.requests().filter((q) => q.path === '/v1/traces');
    expect(exportsSeen.length).toBeGreaterThanOrEqual(3);
    const port = String(receiver.port);
    const spans = receiver.spans();
    // The app's own client calls (to its echo server) are traced: the check below is not vacuous.
    expect(spans.filter((s) => s.kind === 3).length).toBeGreaterThanOrEqual(6);
    const toReceiver = spans.filter(
      (s) =>
        String(s.attributes['server.port']) === port ||
        String(s.attributes['net.peer.port']) === port ||
        String(s.attributes['url.full'] ?? '').includes(`:${port}`) ||
        String(s.attributes['http.url'] ?? '').includes(`:${port}`),
    );
    expect(toReceiver.map((s) => `${s.name} ${JSON.stringify(s.attributes)}`)).toEqual([]);
  });
});
