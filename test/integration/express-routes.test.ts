/**
 * Express route naming: otelkit's own Express instrumentation names each server span (and the
 * http.route of the RED metrics) by the full route template, mount templates included, on Express 4
 * and 5, CommonJS and ESM, without a span or a context switch per middleware.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PreloadMode } from '@otelkit/testing';
import { SPAN_KIND, disposeAll, example, fixture, get, startScenario, traceHeader, waitForServerSpan } from './helpers.js';

afterEach(disposeAll);

/** Request path → expected http.route (undefined: no route matched, the span keeps the method name). */
const ROUTES: ReadonlyArray<readonly [string, string | undefined]> = [
  ['/users/7', '/users/:id'],
  ['/orgs/acme/members/9', '/orgs/:org/members/:member'],
  // Enters the router mounted on /orgs/:org, finds nothing, and is served by an app route.
  ['/orgs/acme/settings', '/orgs/:org/settings'],
  ['/api/v1/items/3', '/api/v1/items/:id'],
  ['/api/v1', '/api/v1'],
  ['/sub/things/x', '/sub/things/:thing'],
  ['/b/5', '/a/:x,/b/:x'],
  ['/re/12', String(/^\/re\/(\d+)$/)],
  ['/nope/nothing', undefined],
];

const APPS: ReadonlyArray<{ label: string; entry: string; preload: PreloadMode }> = [
  { label: 'Express 4 --require', entry: example('express4-routes/app.js'), preload: 'require' },
  { label: 'Express 5 --require', entry: fixture('express-routes.cjs'), preload: 'require' },
  { label: 'Express 5 --import', entry: fixture('express-routes.cjs'), preload: 'import' },
];

describe('Express routes on the server span', () => {
  it.each(APPS)('$label: every span is named by its full route template; no middleware spans', async ({ entry, preload }) => {
    const { baseUrl, receiver } = await startScenario({ entry, preload });
    for (const [path, route] of ROUTES) {
      const res = await get(baseUrl + path);
      expect(res.status, path).toBe(route === undefined ? 404 : 200);
      const span = await waitForServerSpan(receiver, traceHeader(res));
      expect(span.attributes['http.route'], path).toBe(route);
      expect(span.name, path).toBe(route === undefined ? 'GET' : `GET ${route}`);
      expect(span.attributes['url.path'], path).toBe(path);
    }
    // Only the server spans: nothing per middleware, router or handler.
    expect(receiver.spans().filter((s) => s.kind !== SPAN_KIND.SERVER)).toEqual([]);
  });

  it('layer spans on request: ignoreLayersType in start() loads the upstream instrumentation', async () => {
    const { baseUrl, receiver } = await startScenario({ entry: fixture('express-layer-spans.cjs'), preload: 'none' });
    const res = await get(`${baseUrl}/users/3`);
    const server = await waitForServerSpan(receiver, traceHeader(res));
    expect(server.name).toBe('GET /users/:id');
    await expect
      .poll(() => receiver.spans().filter((s) => s.traceId === server.traceId && s.kind === SPAN_KIND.INTERNAL).map((s) => s.name).sort(), { timeout: 5000 })
      .toEqual(['middleware - jsonParser', 'request handler']);
  });
});
