// Writes the generated docs from @otelkit/core: docs/configuration.md (environment table) and
// docs/metrics.md (metric catalog).
// `--check` exits 1 when a committed file differs (used by CI; the test suite checks it too).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENV_MARKDOWN_END, renderEnvMarkdown, renderMetricsMarkdown } from '@otelkit/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// docs/configuration.md: the generated table, then the hand-written part after ENV_MARKDOWN_END, kept as is.
const configuration = join(root, 'docs', 'configuration.md');
const current = readFileSync(configuration, 'utf8');
const handWritten = current.includes(ENV_MARKDOWN_END) ? current.slice(current.indexOf(ENV_MARKDOWN_END) + ENV_MARKDOWN_END.length + 1) : '';
const files = [
  [configuration, renderEnvMarkdown() + handWritten],
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
