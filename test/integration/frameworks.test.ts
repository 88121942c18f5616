/**
 * Frameworks × module systems: each app runs as a real child under the preload, gets one real
 * request, and the exported server span must match the response's X-Trace-ID.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runAppToExit, type PreloadMode } from '@otelkit/testing';
import {
  SPAN_KIND,
  TEST_DIR,
  TRACE_ID,
  disposeAll,
  example,
  fixture,
  get,
  inPool,
  startScenario,
  traceHeader,
  waitForServerSpan,
  type Scenario,
} from './helpers.js';

afterEach(disposeAll);

interface Case {
  label: string;
  entry: string;
  preload: PreloadMode;
  path: string;
  /** Expected http.route and span name suffix; undefined for plain node:http (no router). */
  route: string | undefined;
}

const MATRIX: Case[] = [
  { label: 'node:http CJS --require', entry: example('http-cjs/app.js'), preload: 'require', path: '/anything', route: undefined },
  { label: 'Express CJS --require', entry: example('express-cjs/app.js'), preload: 'require', path: '/orders/42', route: '/orders/:id' },
  { label: 'Express ESM --import', entry: fixture('express-esm.mjs'), preload: 'import', path: '/users/7', route: '/users/:id' },
  { label: 'Fastify ESM --import', entry: example('fastify-esm/app.mjs'), preload: 'import', path: '/users/7', route: '/users/:id' },
  { label: 'Koa CJS --require', entry: fixture('koa-app.cjs'), preload: 'require', path: '/items/9', route: '/items/:id' },
  // The "other" flag for each module system must still work.
  { label: 'node:http CJS --import', entry: example('http-cjs/app.js'), preload: 'import', path: '/anything', route: undefined },
  { label: 'Express CJS --import', entry: example('express-cjs/app.js'), preload: 'import', path: '/orders/42', route: '/orders/:id' },
  { label: 'Fastify ESM --require', entry: example('fastify-esm/app.mjs'), preload: 'require', path: '/users/7', route: '/users/:id' },
  { label: 'Express ESM --require', entry: fixture('express-esm.mjs'), preload: 'require', path: '/users/7', route: '/users/:id' },
];

interface Observed {
  label: string;
  status: number;
  header: string | null;
  span: { kind: number; name: string; traceId: string; parentSpanId: string; route: unknown; status: unknown; path: unknown } | undefined;
  error?: string;
}

async function observe(c: Case): Promise<Observed> {
  let scenario: Scenario | undefined;
  try {
    scenario = await startScenario({ entry: c.entry, preload: c.preload });
    const res = await get(`${scenario.baseUrl}${c.path}`);
    const header = res.headers.get('x-trace-id');
    const span = header === null ? undefined : await waitForServerSpan(scenario.receiver, header).catch(() => undefined);
    return {
      label: c.label,
      status: res.status,
      header,
      span: span && {
        kind: span.kind,
        name: span.name,
        traceId: span.traceId,
        parentSpanId: span.parentSpanId,
        route: span.attributes['http.route'],
        status: span.attributes['http.response.status_code'],
        path: span.attributes['url.path'],
      },
    };
  } catch (error) {
    return { label: c.label, status: 0, header: null, span: undefined, error: (error as Error).message.slice(0, 2000) };
  } finally {
    await scenario?.dispose();
  }
}

describe('frameworks × module systems under the preload', () => {
  it('every app exports a SERVER span whose trace id is the response X-Trace-ID, with route and status', async () => {
    const observed = await inPool(MATRIX, 3, observe);
    for (const [i, c] of MATRIX.entries()) {
      const o = observed[i]!;
      expect(o.error, c.label).toBeUndefined();
      expect(o.status, c.label).toBe(200);
      expect(o.header, c.label).toMatch(TRACE_ID);
      expect(o.span, `${c.label}: server span for ${o.header} exported`).toBeDefined();
      expect(o.span!.kind, c.label).toBe(SPAN_KIND.SERVER);
      expect(o.span!.traceId, c.label).toBe(o.header);
      expect(o.span!.parentSpanId, c.label).toBe('');
      expect(o.span!.status, c.label).toBe(200);
      expect(o.span!.path, c.label).toBe(c.path);
      if (c.route === undefined) {
        expect(o.span!.name, c.label).toBe('GET');
      } else {
        expect(o.span!.route, c.label).toBe(c.route);
        expect(o.span!.name, c.label).toBe(`GET ${c.route}`);
      }
    }
  });

  it('Express CJS /checkout/42: server → client → inner server in one trace, with correct parents', async () => {
    const { baseUrl, receiver } = await startScenario({ entry: example('express-cjs/app.js') });
    const res = await get(`${baseUrl}/checkout/42`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ checkout: 'ok', order: { id: '42' } });
    const traceId = traceHeader(res);
    expect(traceId).toMatch(TRACE_ID);

    await receiver.waitFor((r) => r.spans().filter((s) => s.traceId === traceId && s.kind !== SPAN_KIND.INTERNAL).length >= 3);
    const trace = receiver.spans().filter((s) => s.traceId === traceId);
    const servers = trace.filter((s) => s.kind === SPAN_KIND.SERVER);
    const clients = trace.filter((s) => s.kind === SPAN_KIND.CLIENT);
    expect(servers).toHaveLength(2);
    expect(clients).toHaveLength(1);
    const outer = servers.find((s) => s.parentSpanId === '')!;
    const inner = servers.find((s) => s.parentSpanId !== '')!;
    const client = clients[0]!;
    expect(outer, 'outer server span is a root').toBeDefined();
    expect(outer.attributes['http.route']).toBe('/checkout/:id');
    expect(outer.name).toBe('GET /checkout/:id');
    expect(inner.attributes['http.route']).toBe('/orders/:id');
    expect(inner.name).toBe('GET /orders/:id');
    // The client span hangs under a span of the outer request (the server span or one of its express children).
    const ids = new Set(trace.map((s) => s.spanId));
    expect(ids.has(client.parentSpanId)).toBe(true);
    let cursor = trace.find((s) => s.spanId === client.parentSpanId);
    while (cursor !== undefined && cursor.spanId !== outer.spanId) cursor = trace.find((s) => s.spanId === cursor!.parentSpanId);
    expect(cursor?.spanId, 'client span descends from the outer server span').toBe(outer.spanId);
    expect(inner.parentSpanId).toBe(client.spanId);
    expect(client.attributes['http.response.status_code']).toBe(200);
  });
});

describe('errors', () => {
  it('Express CJS /boom: 500 response with X-Trace-ID; the exported server span records the error', async () => {
    const { baseUrl, receiver } = await startScenario({ entry: example('express-cjs/app.js') });
    const res = await get(`${baseUrl}/boom`);
    expect(res.status).toBe(500);
    const id = traceHeader(res);
    const server = await waitForServerSpan(receiver, id);
    expect(server.attributes['http.response.status_code']).toBe(500);
    expect(server.attributes['http.route']).toBe('/boom');
    expect(server.status.code).toBe(2);
  });
});

describe('preload with node -e', () => {
  it('`node --require @otelkit/node/register -e ...` runs the code (as --import does)', async () => {
    const run = (preload: 'require' | 'import') =>
      runAppToExit({
        entry: '-e',
        args: ['console.log("eval ok")'],
        preload,
        cwd: TEST_DIR,
        timeoutMs: 15_000,
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_TRACES_EXPORTER: 'none' },
      });
    const [viaRequire, viaImport] = await Promise.all([run('require'), run('import')]);
    expect(viaImport.stdout, viaImport.stderr).toContain('eval ok');
    expect(viaImport.code).toBe(0);
    expect({ code: viaRequire.code, stdout: viaRequire.stdout, stderr: viaRequire.stderr.split('\n').slice(0, 6).join('\n') }).toEqual({
      code: 0,
      stdout: 'eval ok\n',
      stderr: '',
    });
  });
});
