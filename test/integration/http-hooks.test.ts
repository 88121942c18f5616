/**
 * The server-side options of `instrumentationConfig.http` (upstream's names) on otelkit's own server
 * spans, the user's `ignoreOutgoingRequestHook` combined with otelkit's exclusion of its exports,
 * and hooks or span processors that throw: the app never sees the error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { disposeAll, fixture, get, SPAN_KIND, sleep, startScenario, traceHeader, waitForServerSpan, warnLines } from './helpers.js';

afterEach(disposeAll);

describe('instrumentationConfig.http on server spans', () => {
  it('start hook, request and response hooks, custom attributes, captured headers, query redaction, ignore hook', async () => {
    const scenario = await startScenario({ entry: fixture('http-hooks.cjs'), preload: 'none', env: { HTTP_HOOKS: 'all' } });
    const skipped = await get(`${scenario.baseUrl}/skip/me`);
    expect(skipped.status).toBe(200);
    expect(skipped.headers.get('x-trace-id')).toBeNull();

    const res = await get(`${scenario.baseUrl}/ping?token=secret&x=1`, { 'x-tenant': 't1', authorization: 'Bearer canary-authorization', cookie: 'sid=canary-cookie' });
    const span = await waitForServerSpan(scenario.receiver, traceHeader(res));
    expect(span.attributes).toMatchObject({
      'app.start_hook': '/ping?token=secret&x=1',
      'app.request_hook': 'yes',
      'app.response_hook': 'yes',
      'app.custom': 200,
      'http.request.header.x-tenant': ['t1'],
      'http.response.header.x-served-by': ['node-1'],
      'url.query': 'token=REDACTED&x=1',
    });
    expect(span.attributes['http.request.header.x-multi']).toBeUndefined();
    // Credentials stay out even when the capture list names them (one warning says so).
    expect(JSON.stringify(scenario.receiver.spans())).not.toMatch(/canary-/);
    expect(span.attributes['http.request.header.authorization']).toBeUndefined();
    expect(span.attributes['http.response.header.set-cookie']).toBeUndefined();
    await sleep(300);
    expect(scenario.receiver.spans().filter((s) => s.kind === SPAN_KIND.SERVER).map((s) => s.attributes['url.path'])).toEqual(['/ping']);
    const warnings = warnLines(scenario.app.stderr());
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(/requestHeaders: authorization, cookie carry credentials/);
    expect(warnings.join('\n')).toMatch(/responseHeaders: set-cookie carry credentials/);
  });

  it("the app's ignoreOutgoingRequestHook is added to otelkit's exclusion of its own export traffic", async () => {
    const scenario = await startScenario({ entry: fixture('http-hooks.cjs'), preload: 'none', env: { HTTP_HOOKS: 'all', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' } });
    const traced = await get(`${scenario.baseUrl}/call`);
    const untraced = await get(`${scenario.baseUrl}/call-untraced`);
    await waitForServerSpan(scenario.receiver, traceHeader(untraced));
    await scenario.receiver.waitFor((r) => r.spans().some((s) => s.kind === SPAN_KIND.CLIENT && s.traceId === traceHeader(traced)));
    await sleep(300);
    const clients = scenario.receiver.spans().filter((s) => s.kind === SPAN_KIND.CLIENT);
    // One client span: /echo. None for /untraced (the app's hook), none for the exports (otelkit's).
    expect(clients.map((s) => s.attributes['url.full'])).toEqual([expect.stringMatching(/\/echo$/)]);
    expect(clients[0]!.attributes['app.client_request_hook']).toBe('yes');
    const receiverPort = Number(new URL(scenario.receiver.url).port);
    expect(clients.some((s) => s.attributes['server.port'] === receiverPort)).toBe(false);
  });

  it('requireParentforIncomingSpans: only requests with a parent are traced', async () => {
    const scenario = await startScenario({ entry: fixture('http-hooks.cjs'), preload: 'none', env: { HTTP_HOOKS: 'requireParent' } });
    const orphan = await get(`${scenario.baseUrl}/ping`);
    expect(orphan.headers.get('x-trace-id')).toBeNull();
    const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const child = await get(`${scenario.baseUrl}/ping`, { traceparent: `00-${trace}-00f067aa0ba902b7-01` });
    expect(traceHeader(child)).toBe(trace);
    const span = await waitForServerSpan(scenario.receiver, trace);
    expect(span.parentSpanId).toBe('00f067aa0ba902b7');
  });

  it('hooks and a span processor that throw: every request answers, spans are exported, one warning per hook (and per unknown instrumentationConfig key)', async () => {
    const scenario = await startScenario({ entry: fixture('http-hooks.cjs'), preload: 'none', env: { HTTP_HOOKS: 'throwing', THROWING_PROCESSOR: '1', TYPO_KEY: 'pgg' } });
    const answers = [];
    // /call also makes a client span, which the upstream instrumentation ends in the client response's 'end'.
    for (let i = 0; i < 5; i++) answers.push(await get(`${scenario.baseUrl}/${i % 2 === 0 ? 'ping' : 'call'}`));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    await waitForServerSpan(scenario.receiver, traceHeader(answers[4]!));
    const warnings = warnLines(scenario.app.stderr());
    for (const hook of ['ignoreIncomingRequestHook', 'requestHook', 'applyCustomAttributesOnSpan']) {
      expect(warnings.filter((w) => w.includes(hook)), hook).toHaveLength(1);
    }
    expect(warnings.filter((w) => w.includes('processor broke'))).toHaveLength(1);
    // A key that names no instrumentation is not silently ignored.
    expect(warnings.filter((w) => w.includes('instrumentationConfig.pgg'))).toHaveLength(1);
    expect(scenario.app.stderr()).not.toMatch(/Uncaught|unhandled/i);
  });
});
