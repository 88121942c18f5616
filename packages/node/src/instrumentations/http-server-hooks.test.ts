import { describe, expect, it } from 'vitest';
import { createHttpServerHooks, mergeHttpClientConfig, mergeUndiciConfig } from './http-server-hooks.js';
import { undiciInstrumentationConfig } from './http.js';
import type { OtelkitResolvedConfig } from '../types.js';

describe('mergeHttpClientConfig', () => {
  const own = { disableIncomingRequestInstrumentation: true, ignoreOutgoingRequestHook: (o: { port?: number }) => o.port === 4318 };

  it("keeps otelkit's exclusion of its export traffic beside the app's own hook", () => {
    const merged = mergeHttpClientConfig(own, { ignoreOutgoingRequestHook: (o: { path?: string }) => o.path === '/untraced', requireParentforOutgoingSpans: true }) as typeof own & { requireParentforOutgoingSpans: boolean };
    const ignore = merged.ignoreOutgoingRequestHook;
    expect(ignore({ port: 4318, path: '/v1/traces' })).toBe(true);
    expect(ignore({ port: 80, path: '/untraced' })).toBe(true);
    expect(ignore({ port: 80, path: '/api' })).toBe(false);
    expect(merged.requireParentforOutgoingSpans).toBe(true);
  });

  it("an app's hook that throws counts as not ignored; server spans stay otelkit's", () => {
    const merged = mergeHttpClientConfig(own, {
      ignoreOutgoingRequestHook: () => {
        throw new Error('boom');
      },
      disableIncomingRequestInstrumentation: false,
    });
    expect(merged.ignoreOutgoingRequestHook({ port: 80 })).toBe(false);
    expect(merged.disableIncomingRequestInstrumentation).toBe(true);
  });

  it('takes credential headers out of headersToSpanAttributes.client (S1) and keeps the rest', () => {
    const user = { headersToSpanAttributes: { client: { requestHeaders: ['Authorization', 'X-Tenant', 'cookie'], responseHeaders: ['Set-Cookie', 'X-Served-By'] }, server: { requestHeaders: ['x-a'] } } };
    const merged = mergeHttpClientConfig(own, user) as typeof own & typeof user;
    expect(merged.headersToSpanAttributes).toEqual({ client: { requestHeaders: ['x-tenant'], responseHeaders: ['x-served-by'] }, server: { requestHeaders: ['x-a'] } });
    // The user's object is not modified.
    expect(user.headersToSpanAttributes.client.requestHeaders).toEqual(['Authorization', 'X-Tenant', 'cookie']);
  });
});

describe('undici config (S2)', () => {
  const own = undiciInstrumentationConfig({ redactedQueryParams: ['token'] } as unknown as OtelkitResolvedConfig) as { startSpanHook: (r: object) => object | undefined };
  const request = (path: string) => ({ origin: 'http://h:8080', path });

  it('overwrites url.full and url.query only when something was redacted', () => {
    expect(own.startSpanHook(request('/p?token=s&x=1'))).toEqual({ 'url.full': 'http://h:8080/p?token=REDACTED&x=1', 'url.query': '?token=REDACTED&x=1' });
    expect(own.startSpanHook(request('/p?x=1'))).toBeUndefined();
    expect(own.startSpanHook(request('/p'))).toBeUndefined();
  });
  it("the user's startSpanHook runs too and its attributes win; without one, otelkit's hook stays", () => {
    const merged = mergeUndiciConfig(own, { startSpanHook: () => ({ 'app.tag': 'a', 'url.query': 'mine' }), requireParentforSpans: true }) as typeof own & { requireParentforSpans: boolean };
    expect(merged.requireParentforSpans).toBe(true);
    expect(merged.startSpanHook(request('/p?token=s'))).toEqual({ 'url.full': 'http://h:8080/p?token=REDACTED', 'url.query': 'mine', 'app.tag': 'a' });
    expect(merged.startSpanHook(request('/p'))).toEqual({ 'app.tag': 'a', 'url.query': 'mine' });
    expect(mergeUndiciConfig(own, { enabled: true }).startSpanHook).toBe(own.startSpanHook);
  });
});

describe('createHttpServerHooks', () => {
  it('is undefined when no server-side option is set, so requests pay nothing', () => {
    expect(createHttpServerHooks(undefined)).toBeUndefined();
    expect(createHttpServerHooks({ ignoreOutgoingRequestHook: () => false } as object)).toBeUndefined();
    expect(createHttpServerHooks({ requestHook: () => undefined })).toBeDefined();
  });
});
