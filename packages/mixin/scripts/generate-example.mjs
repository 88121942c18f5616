#!/usr/bin/env node
// Regenerates examples/stack/generated/ (semconv profile, the SLO in examples/stack/slo.yaml) from
// the built package. `--check` writes nothing and exits 1 when the committed files differ.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMixin, listGeneratedFiles, parseSloSpec, writeMixin } from '../dist/index.js';

const stack = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'stack');
const sloPath = join(stack, 'slo.yaml');
const out = join(stack, 'generated');
const slo = parseSloSpec(readFileSync(sloPath, 'utf8'), { source: 'examples/stack/slo.yaml' });
const output = generateMixin({ profile: 'semconv', slo });

if (process.argv.includes('--check')) {
  const stale = [];
  for (const [path, content] of output.files) {
    let current;
    try {
      current = readFileSync(join(out, path), 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== content) stale.push(path);
  }
  for (const path of listGeneratedFiles(out)) if (!output.files.has(path)) stale.push(`${path} (no longer generated)`);
  if (stale.length > 0) {
    console.error(`examples/stack/generated is out of date: ${stale.join(', ')}. Run: npm run mixin:generate`);
    process.exit(1);
  }
  console.log(`examples/stack/generated is current (${output.files.size} files)`);
} else {
  const written = writeMixin(out, output);
  console.log(`wrote ${written.length} files to examples/stack/generated`);
}
