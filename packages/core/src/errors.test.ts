import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OTELKIT_ERROR_CODES, OtelkitError, invalidOption } from './errors.js';

const errorsDoc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'errors.md'), 'utf8');

describe('the error catalogue', () => {
  it.each(Object.entries(OTELKIT_ERROR_CODES))('%s is documented in docs/errors.md with its meaning', (code, meaning) => {
    expect(errorsDoc).toContain(`| \`${code}\` | ${meaning} |`);
  });

  it('docs/errors.md documents no code that does not exist', () => {
    const documented = [...errorsDoc.matchAll(/`(OTELKIT_ERR_[A-Z_]+)`/g)].map((m) => m[1]);
    for (const code of documented) expect(Object.keys(OTELKIT_ERROR_CODES)).toContain(code);
  });

  it('carries its code, and instanceof works across copies through the global brand', () => {
    const error = invalidOption('samplerRatio', 'a number from 0 to 1', 2);
    expect(error).toBeInstanceOf(OtelkitError);
    expect(error.code).toBe('OTELKIT_ERR_INVALID_OPTION');
    expect(error.message).toContain('samplerRatio');
    const foreign = Object.assign(new Error('x'), { [Symbol.for('otelkit.error.v1')]: true });
    expect(foreign instanceof OtelkitError).toBe(true);
    expect(new Error('plain') instanceof OtelkitError).toBe(false);
  });
});
