import { describe, expect, it } from 'vitest';
import { getEnvDefinition } from '@otelkit/core';
import { createQueryRedactor, DEFAULT_REDACTED_QUERY_PARAMS } from './redact-query.js';

describe('createQueryRedactor', () => {
  const redact = createQueryRedactor(DEFAULT_REDACTED_QUERY_PARAMS);

  it('S2: replaces the values of the default names, keeps the keys and the other parameters', () => {
    expect(redact('X-Amz-Signature=c1&sig=c2&token=c3&access_token=c4&api_key=c5&page=2')).toBe(
      'X-Amz-Signature=REDACTED&sig=REDACTED&token=REDACTED&access_token=REDACTED&api_key=REDACTED&page=2',
    );
  });
  it('matches whole names only, exactly as upstream does (case-sensitive, no prefix or suffix match)', () => {
    expect(redact('mytoken=1&token_type=bearer&Token=x&sig=')).toBe('mytoken=1&token_type=bearer&Token=x&sig=REDACTED');
  });
  it('returns the same string when no name occurs (the common request)', () => {
    const query = 'page=2&sort=name';
    expect(redact(query)).toBe(query);
  });
  it('escapes names with regular-expression characters, and an empty list redacts nothing', () => {
    expect(createQueryRedactor(['a.b', 'c+'])('a.b=1&axb=2&c+=3')).toBe('a.b=REDACTED&axb=2&c+=REDACTED');
    expect(createQueryRedactor(['', ''])('token=1')).toBe('token=1');
  });
  it('the configuration docs list every default name', () => {
    const description = getEnvDefinition('OTELKIT_REDACT_QUERY_PARAMS')?.description ?? '';
    for (const name of DEFAULT_REDACTED_QUERY_PARAMS) expect(description).toContain(`\`${name}\``);
  });
});
