import { OtelkitError } from '@otelkit/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { correlateConsole } from './console.js';
import { addLogContext, getLogContext, requestIdMiddleware, startRequestLogContext, withLogContext } from './log-context.js';
import { inSpan, installOtel } from './otel.test-support.js';

beforeAll(installOtel);

describe('withLogContext', () => {
  it('merges nested scopes and flows through timers and promises', async () => {
    const seen: unknown[] = [];
    await withLogContext({ tenant_id: 't' }, async () => {
      await new Promise<void>((resolve) => setTimeout(() => {
        seen.push(getLogContext());
        resolve();
      }, 1));
      await withLogContext({ user_id: 'u', tenant_id: 't2' }, async () => {
        await Promise.resolve();
        seen.push(getLogContext());
      });
      seen.push(getLogContext());
    });
    seen.push(getLogContext());
    expect(seen).toEqual([{ tenant_id: 't' }, { tenant_id: 't2', user_id: 'u' }, { tenant_id: 't' }, {}]);
  });

  it('addLogContext extends the current scope only', async () => {
    await withLogContext({ a: 1 }, async () => {
      await Promise.resolve();
      addLogContext({ b: 2 });
      expect(getLogContext()).toEqual({ a: 1, b: 2 });
    });
  });

  it('rejects what is not a plain object with a typed error', () => {
    expect(() => withLogContext(null as never, () => 1)).toThrow(OtelkitError);
    expect(() => withLogContext([] as never, () => 1)).toThrow(/OTELKIT_ERR_INVALID_OPTION/);
  });
});

describe('request ids (T7)', () => {
  function run(header: string | string[] | undefined): { id: string; echoed: string | undefined; field: unknown } {
    const set: Record<string, string> = {};
    let field: unknown;
    let id = '';
    withLogContext({}, () => {
      id = startRequestLogContext({ headers: header === undefined ? {} : { 'x-request-id': header } }, { setHeader: (n, v) => void (set[n] = v) });
      field = getLogContext()['request_id'];
    });
    return { id, echoed: set['X-Request-ID'], field };
  }

  it('keeps a valid incoming id and echoes it', () => {
    expect(run('req-1.2:3_A')).toEqual({ id: 'req-1.2:3_A', echoed: 'req-1.2:3_A', field: 'req-1.2:3_A' });
    const max = 'a'.repeat(128);
    expect(run(max).id).toBe(max);
  });

  it.each([['a'.repeat(129)], ['x'.repeat(1000)], ['a b'], ['a\nb'], ['"}{'], ['é'], [''], [undefined]])('replaces %j with a fresh UUID', (value) => {
    const { id, echoed, field } = run(value);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(echoed).toBe(id);
    expect(field).toBe(id);
  });

  it('the middleware scopes the id to the request', () => {
    const mw = requestIdMiddleware();
    let inside: unknown;
    mw({ headers: { 'x-request-id': 'abc' } }, { setHeader: () => undefined }, () => {
      inside = getLogContext()['request_id'];
    });
    expect(inside).toBe('abc');
    expect(getLogContext()).not.toHaveProperty('request_id');
  });
});

describe('correlateConsole', () => {
  const calls: unknown[][] = [];
  let restore: (() => void) | undefined;
  const original = { log: console.log, error: console.error };
  afterEach(() => {
    restore?.();
    console.log = original.log;
    console.error = original.error;
    calls.length = 0;
  });
  function capture(mode: 'text' | 'json'): void {
    console.log = (...args: unknown[]) => void calls.push(args);
    console.error = (...args: unknown[]) => void calls.push(args);
    restore = correlateConsole(mode);
  }

  it('text: appends the ids inside a span and leaves other lines alone', () => {
    capture('text');
    const { exported } = inSpan(() => console.log('hello %s', 'world'));
    console.log('plain');
    const sc = exported.spanContext();
    expect(calls).toEqual([['hello %s', 'world', `trace_id=${sc.traceId} span_id=${sc.spanId} trace_flags=01`], ['plain']]);
  });

  it('json: writes one ready-format line per call', () => {
    capture('json');
    const { exported } = inSpan(() => withLogContext({ tenant_id: 't' }, () => console.error('bad\u2028thing', { n: 1 })));
    const line = calls[0]![0] as string;
    expect(calls[0]).toHaveLength(1);
    expect(line).not.toMatch(/[\u2028\n]/);
    expect(JSON.parse(line)).toMatchObject({ level: 'ERROR', logger: 'console', message: 'bad\u2028thing { n: 1 }', trace_id: exported.spanContext().traceId, tenant_id: 't' });
  });

  it('restores the original methods', () => {
    capture('text');
    const patched = console.log;
    restore!();
    restore = undefined;
    expect(console.log).not.toBe(patched);
  });
});
