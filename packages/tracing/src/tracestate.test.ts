import { describe, expect, it } from 'vitest';
import { OtelkitTraceState, isValidTraceStateKey, isValidTraceStateValue, parseTraceState } from './tracestate.js';

describe('parseTraceState', () => {
  it('parses members with optional whitespace', () => {
    const state = parseTraceState(' a=1 ,\tb=2\t,c=3');
    expect(state.serialize()).toBe('a=1,b=2,c=3');
    expect(state.get('b')).toBe('2');
  });

  it('keeps 32 members and discards a list of 33 or 1,000 whole', () => {
    const list = (n: number): string => Array.from({ length: n }, (_, i) => `k${i}=v${i}`).join(',');
    const state = parseTraceState(list(32));
    expect(state.size).toBe(32);
    expect(state.get('k31')).toBe('v31');
    expect(parseTraceState(list(33)).size).toBe(0);
    expect(parseTraceState(list(1000)).size).toBe(0);
  });

  it('keeps a 7 KB header of 30 members within 512 characters', () => {
    const raw = Array.from({ length: 30 }, (_, i) => `key${i}=${'x'.repeat(250)}`).join(',');
    expect(raw.length).toBeGreaterThan(7_000);
    const serialized = parseTraceState(raw).serialize();
    expect(serialized.length).toBeLessThanOrEqual(512);
    expect(serialized.startsWith('key0=')).toBe(true);
  });

  it('drops members longer than 128 characters before short ones', () => {
    const long = `long=${'l'.repeat(200)}`;
    const shorts = Array.from({ length: 10 }, (_, i) => `s${i}=${'s'.repeat(30)}`);
    // 10 short members (34 chars each) + one 205-char member = 555 chars: too long by one member.
    const state = parseTraceState([shorts.slice(0, 5).join(','), long, shorts.slice(5).join(',')].join(','));
    expect(state.get('long')).toBeUndefined();
    expect(state.size).toBe(10);
    expect(state.get('s9')).toBeDefined();
  });

  it('drops members from the end when no member is long', () => {
    const members = Array.from({ length: 20 }, (_, i) => `k${String(i).padStart(2, '0')}=${'v'.repeat(40)}`);
    const state = parseTraceState(members.join(','));
    expect(state.serialize().length).toBeLessThanOrEqual(512);
    expect(state.get('k00')).toBeDefined();
    expect(state.get('k19')).toBeUndefined();
    expect(state.serialize()).toBe(members.slice(0, state.size).join(','));
  });

  it('reads every valid key and value form', () => {
    const state = parseTraceState(
      ['good=1', '1digit=3', 'tenant@sys=4', '0tenant@sys=5', 'a@b@c=7', 'foo@=8', 'ows=trimmed \t', `okv=${'v'.repeat(256)}`, 'with/slash*and_dash-=ok', 'inner=has space'].join(','),
    );
    expect(state.get('good')).toBe('1');
    expect(state.get('1digit')).toBe('3');
    expect(state.get('tenant@sys')).toBe('4');
    expect(state.get('a@b@c')).toBe('7');
    expect(state.get('foo@')).toBe('8');
    expect(state.get('with/slash*and_dash-')).toBe('ok');
    expect(state.get('inner')).toBe('has space');
    // Whitespace around a member is list syntax (OWS), not part of the value.
    expect(state.get('ows')).toBe('trimmed');
  });

  it.each(['UPPER=2', '@lead=1', 'tenant@Sys=6', 'novalue=', '=noval', 'noeq', 'eq=a=b', 'ctl=\x01', 'uni=ü', `k${'a'.repeat(256)}=too-long-key`, `longv=${'v'.repeat(257)}`])(
    'discards the whole list for one invalid member: %s',
    (bad) => {
      expect(parseTraceState(`good=1,${bad},other=2`).size).toBe(0);
    },
  );

  it('keeps the first of duplicate keys and ignores empty members', () => {
    expect(parseTraceState('a=1,,b=2, ,a=3').serialize()).toBe('a=1,b=2');
  });

  it('combines multiple header values with a comma', () => {
    expect(parseTraceState(['a=1', 'b=2']).serialize()).toBe('a=1,b=2');
  });

  it('returns an empty state for nothing', () => {
    expect(parseTraceState(undefined).serialize()).toBe('');
    expect(parseTraceState('').size).toBe(0);
  });

  it('handles a 10 KB run of whitespace quickly', () => {
    const start = performance.now();
    const state = parseTraceState(`a=1,${' '.repeat(10_000)}x=2${' '.repeat(10_000)}`);
    expect(performance.now() - start).toBeLessThan(200);
    expect(state.serialize()).toBe('a=1,x=2');
  });
});

describe('OtelkitTraceState', () => {
  it('is copy-on-write and moves a set key to the front', () => {
    const a = new OtelkitTraceState('a=1,b=2');
    const b = a.set('b', '3');
    expect(a.serialize()).toBe('a=1,b=2');
    expect(b.serialize()).toBe('b=3,a=1');
    expect(b.set('c', '4').serialize()).toBe('c=4,b=3,a=1');
  });

  it('unsets keys without touching the original', () => {
    const a = new OtelkitTraceState('a=1,b=2');
    expect(a.unset('a').serialize()).toBe('b=2');
    expect(a.unset('missing')).toBe(a);
    expect(a.serialize()).toBe('a=1,b=2');
  });

  it('ignores invalid keys and values on set', () => {
    const a = new OtelkitTraceState('a=1');
    expect(a.set('BAD', 'x')).toBe(a);
    expect(a.set('ok', 'has,comma')).toBe(a);
    expect(a.set('ok', '')).toBe(a);
  });

  it('enforces the 32-member limit on set, dropping the oldest', () => {
    let state = new OtelkitTraceState();
    for (let i = 0; i < 40; i++) state = state.set(`k${i}`, 'v');
    expect(state.size).toBe(32);
    expect(state.get('k39')).toBe('v');
    expect(state.get('k7')).toBeUndefined();
    expect(state.get('k8')).toBe('v');
  });

  it('keeps a newly set long member and drops older ones to stay within 512 characters', () => {
    let state = new OtelkitTraceState(Array.from({ length: 10 }, (_, i) => `k${i}=${'v'.repeat(40)}`).join(','));
    state = state.set('big', 'b'.repeat(200));
    expect(state.get('big')).toBe('b'.repeat(200));
    expect(state.serialize().length).toBeLessThanOrEqual(512);
    expect(state.get('k0')).toBeDefined();
  });

  it('validates keys and values', () => {
    expect(isValidTraceStateKey('a')).toBe(true);
    expect(isValidTraceStateKey(`a${'b'.repeat(255)}`)).toBe(true);
    expect(isValidTraceStateKey(`a${'b'.repeat(256)}`)).toBe(false);
    expect(isValidTraceStateKey(`${'t'.repeat(241)}@${'s'.repeat(14)}`)).toBe(true);
    expect(isValidTraceStateKey(`${'t'.repeat(242)}@v`)).toBe(true);
    expect(isValidTraceStateKey(`t@${'s'.repeat(15)}`)).toBe(true);
    expect(isValidTraceStateKey('@foo')).toBe(false);
    expect(isValidTraceStateKey('Foo')).toBe(false);
    expect(isValidTraceStateValue('a b')).toBe(true);
    expect(isValidTraceStateValue(' lead')).toBe(true);
    expect(isValidTraceStateValue('trail ')).toBe(false);
  });
});
