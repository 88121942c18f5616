// Writes the generated docs from @otelkit/core: docs/configuration.md (environment table) and
// docs/metrics.md (metric catalog).
// `--check` exits 1 when a committed file differs (used by CI; the test suite checks it too).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderEnvMarkdown, renderMetricsMarkdown } from '@otelkit/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = [
  [join(root, 'docs', 'configuration.md'), renderEnvMarkdown()],
  [join(root, 'docs', 'metrics.md'), renderMetricsMarkdown()],
];
let stale = 0;
for (const [file, text] of files) {
  if (process.argv.includes('--check')) {
    if (readFileSync(file, 'utf8') !== text) {
      console.error(`${file} is out of date: run npm run docs`);
      stale++;
    }
  } else {
    writeFileSync(file, text);
    console.log(`wrote ${file}`);
  }
}
process.exit(stale === 0 ? 0 : 1);
