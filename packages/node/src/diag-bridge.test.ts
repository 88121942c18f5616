import { describe, expect, it } from 'vitest';
import { formatDiagArgument } from './diag-bridge.js';

describe('formatDiagArgument', () => {
  it('keeps the details the SDK passes, on one line', () => {
    expect(formatDiagArgument({ rejectedSpans: '7', errorMessage: 'over quota' })).toBe('{"rejectedSpans":"7","errorMessage":"over quota"}');
    expect(formatDiagArgument(Object.assign(new Error('Bad Request\nmore'), { code: 400 }))).toBe('Error: Bad Request more (400)');
    expect(formatDiagArgument(42)).toBe('42');
  });
  it('redacts secret-looking keys at any depth and clips long values', () => {
    const text = formatDiagArgument({ url: 'http://c:4318', headers: { authorization: 'Bearer CANARY' }, nested: { apiKey: 'CANARY' } });
    expect(text).not.toContain('CANARY');
    expect(text).toContain('[redacted]');
    expect(formatDiagArgument('x'.repeat(1000)).length).toBeLessThan(310);
  });
  it('never throws on cyclic objects', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(formatDiagArgument(cyclic)).toBe('[unprintable]');
  });
});
