import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OTELKIT_ENV_DEFINITIONS } from './definitions.js';
import { renderEnvMarkdown } from './markdown.js';

describe('docs/configuration.md', () => {
  it('matches the environment table (run `npm run docs` after changing the table)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'configuration.md'), 'utf8');
    expect(committed.slice(0, renderEnvMarkdown().length)).toBe(renderEnvMarkdown());
  });
  it('lists every variable', () => {
    const text = renderEnvMarkdown();
    for (const def of OTELKIT_ENV_DEFINITIONS) expect(text).toContain(`| \`${def.name}\` |`);
  });
});
