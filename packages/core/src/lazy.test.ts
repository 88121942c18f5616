import { describe, expect, it } from 'vitest';
import { Lazy } from './lazy.js';

describe('Lazy', () => {
  it('makes the value at the first get, once; peek never makes it', () => {
    let made = 0;
    const lazy = new Lazy(() => ({ n: ++made }), () => {});
    expect(lazy.peek()).toBeUndefined();
    expect(made).toBe(0);
    const value = lazy.get();
    expect(value).toEqual({ n: 1 });
    expect(lazy.get()).toBe(value);
    expect(lazy.peek()).toBe(value);
    expect(made).toBe(1);
  });

  it('reports a failure once and does not try again', () => {
    let tries = 0;
    const failures: Error[] = [];
    const lazy = new Lazy<object>(() => {
      tries++;
      throw 'no transport';
    }, (error) => failures.push(error));
    expect(lazy.get()).toBeUndefined();
    expect(lazy.get()).toBeUndefined();
    expect(tries).toBe(1);
    expect(failures.map((e) => e.message)).toEqual(['no transport']);
    expect(lazy.peek()).toBeUndefined();
  });
});
