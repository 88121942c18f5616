import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { outsideRequests, rememberStartFrame, startFrameRunner } from './start-frame.js';

// The module's state lives for the whole file: the cases run in order.
describe('start frame', () => {
  const als = new AsyncLocalStorage<string>();

  it('runs work where it is called until a start context is remembered', () => {
    expect(als.run('request', () => outsideRequests(() => als.getStore()))).toBe('request');
  });

  it('runs work, and the timers it makes, in the context remembered at start', async () => {
    rememberStartFrame();
    expect(als.run('request', () => outsideRequests(() => als.getStore()))).toBeUndefined();
    const seen = await als.run('request', () => new Promise<string | undefined>((resolve) => outsideRequests(() => setTimeout(() => resolve(als.getStore()), 1))));
    expect(seen).toBeUndefined();
    // Everything else in the request keeps its context.
    expect(als.run('request', () => als.getStore())).toBe('request');
  });

  it('keeps the first context remembered: a later call inside a request changes nothing', () => {
    als.run('request', () => rememberStartFrame());
    expect(als.run('other', () => outsideRequests(() => als.getStore()))).toBeUndefined();
    expect(startFrameRunner()).toBeTypeOf('function');
  });
});
