import { resetDiagRateLimit, setDiagSink, type OtelkitDiagLevel, type OtelkitDiagSink } from '@otelkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveRequestId, uuidV4 } from './request-id.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let lines: Array<[OtelkitDiagLevel, string]>;
let previousSink: OtelkitDiagSink;
let previousLevel: string | undefined;

beforeEach(() => {
  lines = [];
  previousSink = setDiagSink((level, line) => lines.push([level, line]));
  previousLevel = process.env['OTEL_LOG_LEVEL'];
  process.env['OTEL_LOG_LEVEL'] = 'debug';
  resetDiagRateLimit();
});

afterEach(() => {
  setDiagSink(previousSink);
  if (previousLevel === undefined) delete process.env['OTEL_LOG_LEVEL'];
  else process.env['OTEL_LOG_LEVEL'] = previousLevel;
});

describe('resolveRequestId', () => {
  it.each([
    ['simple', 'abc-123'],
    ['uuid', '0f8fad5b-d9cb-469f-a165-70867728950e'],
    ['all allowed characters', 'A.z_0:9-'],
    ['one character', 'x'],
    ['128 characters', 'a'.repeat(128)],
  ])('accepts %s', (_name, value) => {
    expect(resolveRequestId(value)).toEqual({ id: value, generated: false });
  });

  it.each([
    ['129 characters', 'a'.repeat(129)],
    ['CR/LF', 'abc\r\nSet-Cookie: x=1'],
    ['trailing LF', 'abc\n'],
    ['space', 'abc def'],
    ['unicode', 'abc-ü'],
    ['emoji', '🙂'],
    ['quote', 'a"b'],
    ['slash', 'a/b'],
    ['10 KB', 'a'.repeat(10_240)],
  ])('replaces %s with a generated UUID', (_name, value) => {
    const result = resolveRequestId(value);
    expect(result.generated).toBe(true);
    expect(result.id).toMatch(UUID);
  });

  it('generates for missing or empty input without any diagnostic', () => {
    expect(resolveRequestId(undefined).generated).toBe(true);
    expect(resolveRequestId('').generated).toBe(true);
    expect(resolveRequestId([]).generated).toBe(true);
    expect(lines).toHaveLength(0);
  });

  it('uses the first element of an array', () => {
    expect(resolveRequestId(['first', 'second'])).toEqual({ id: 'first', generated: false });
    expect(resolveRequestId(['bad value', 'second']).generated).toBe(true);
  });

  it('generates a different id each time', () => {
    expect(resolveRequestId(undefined).id).not.toBe(resolveRequestId(undefined).id);
  });

  it('reports invalid input at debug level at most once, without echoing it', () => {
    for (let i = 0; i < 100; i++) resolveRequestId(`bad value ${i}`);
    expect(lines).toHaveLength(1);
    expect(lines[0]![0]).toBe('debug');
    expect(lines[0]![1]).not.toContain('bad value');
  });

  it('prints nothing at the default log level', () => {
    delete process.env['OTEL_LOG_LEVEL'];
    resolveRequestId('bad value');
    expect(lines).toHaveLength(0);
  });
});

describe('uuidV4', () => {
  it('writes version 4, variant 10 UUIDs, each different, with every hex digit in every random position', () => {
    const ids = Array.from({ length: 10_000 }, () => uuidV4());
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
    // 10,000 ids cross two pool refills; a stuck or constant position would show here.
    const free = [...Array(36).keys()].filter((i) => ![8, 13, 14, 18, 19, 23].includes(i));
    for (const position of free) expect(new Set(ids.map((id) => id[position])).size, `position ${position}`).toBe(16);
    expect(new Set(ids.map((id) => id[19]))).toEqual(new Set(['8', '9', 'a', 'b']));
  });

  it('is a flat string that does not change when the next id is written', () => {
    const first = uuidV4();
    const copy = `${first}`;
    uuidV4();
    expect(first).toBe(copy);
  });
});
