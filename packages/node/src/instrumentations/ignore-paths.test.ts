import { resetDiagRateLimit, setDiagSink, type OtelkitDiagSink } from '@otelkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPathMatcher } from './ignore-paths.js';

let lines: string[] = [];
let previous: OtelkitDiagSink;
beforeEach(() => {
  resetDiagRateLimit();
  lines = [];
  previous = setDiagSink((_level, line) => void lines.push(line));
});
afterEach(() => setDiagSink(previous));

describe('createPathMatcher', () => {
  it('matches exact paths exactly', () => {
    const ignore = createPathMatcher(['/health', '/metrics']);
    expect(['/health', '/metrics'].map(ignore)).toEqual([true, true]);
    expect(['/healthz', '/health/', '/metrics/x', '/'].map(ignore)).toEqual([false, false, false, false]);
  });

  it('* matches any run of characters, slashes included, and nothing else is special', () => {
    const ignore = createPathMatcher(['/internal/*', '/v1/*/health', '/file.txt']);
    expect(['/internal/a', '/internal/a/b', '/internal/', '/v1/x/health', '/v1/a/b/health', '/file.txt'].map(ignore)).toEqual([true, true, true, true, true, true]);
    expect(['/internal', '/internalx', '/v1/health', '/fileXtxt', '/api/internal/a'].map(ignore)).toEqual([false, false, false, false, false]);
  });

  it('warns once about an entry without a leading slash, naming the variable', () => {
    const ignore = createPathMatcher(['health', 'health']);
    expect(ignore('/health')).toBe(false);
    expect(lines.filter((l) => l.includes('OTELKIT_IGNORE_PATHS'))).toHaveLength(1);
  });
});
