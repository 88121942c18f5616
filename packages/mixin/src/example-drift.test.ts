import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateMixin } from './generate.js';
import { parseSloSpec } from './slo/spec.js';
import { listGeneratedFiles } from './write.js';

const stack = join(__dirname, '..', '..', '..', 'examples', 'stack');
const generated = join(stack, 'generated');

describe('examples/stack/generated', () => {
  // The same call as scripts/generate-example.mjs (npm run mixin:generate).
  const slo = parseSloSpec(readFileSync(join(stack, 'slo.yaml'), 'utf8'), { source: 'examples/stack/slo.yaml' });
  const output = generateMixin({ profile: 'semconv', slo });

  it('holds exactly the files the generator writes today (run npm run mixin:generate after changing it)', () => {
    expect(listGeneratedFiles(generated)).toEqual([...output.files.keys()].sort());
  });

  for (const [path, content] of output.files) {
    it(`${path} is current (run npm run mixin:generate)`, () => {
      expect(readFileSync(join(generated, path), 'utf8')).toBe(content);
    });
  }
});
