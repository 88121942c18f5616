import { describe, expect, it } from 'vitest';
import { createHttpServerHooks, mergeHttpClientConfig } from './http-server-hooks.js';

describe('mergeHttpClientConfig', () => {
  const own = { disableIncomingRequestInstrumentation: true, ignoreOutgoingRequestHook: (o: { port?: number }) => o.port === 4318 };

  it("keeps otelkit's exclusion of its export traffic beside the app's own hook", () => {
    const merged = mergeHttpClientConfig(own, { ignoreOutgoingRequestHook: (o: { path?: string }) => o.path === '/untraced', requireParentforOutgoingSpans: true }) as typeof own & { requireParentforOutgoingSpans: boolean };
    const ignore = merged.ignoreOutgoingRequestHook as (o: object) => boolean;
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
    expect((merged.ignoreOutgoingRequestHook as (o: object) => boolean)({ port: 80 })).toBe(false);
    expect(merged.disableIncomingRequestInstrumentation).toBe(true);
  });
});

describe('createHttpServerHooks', () => {
  it('is undefined when no server-side option is set, so requests pay nothing', () => {
    expect(createHttpServerHooks(undefined)).toBeUndefined();
    expect(createHttpServerHooks({ ignoreOutgoingRequestHook: () => false } as object)).toBeUndefined();
    expect(createHttpServerHooks({ requestHook: () => undefined })).toBeDefined();
  });
});
