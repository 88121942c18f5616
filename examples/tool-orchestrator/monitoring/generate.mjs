#!/usr/bin/env node
// Regenerates generated/ (alert rules, SLO burn-rate rules, dashboards, Prometheus and Alertmanager
// configs) from slo.yaml for the prometheus-classic profile and the metric naming the example runs
// with (both from example.env, so the rules query the names /metrics serves).
// `--check` writes nothing and exits 1 when the committed files differ.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { readMetricNaming } from '@otelkit/core';
import { generateMixin, listGeneratedFiles, parseSloSpec, writeMixin } from '@otelkit/mixin';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'generated');
const env = parseEnv(readFileSync(join(here, '..', 'example.env'), 'utf8'));
const profile = env.OTELKIT_METRICS_PROFILE;
const slo = parseSloSpec(readFileSync(join(here, 'slo.yaml'), 'utf8'), { source: 'monitoring/slo.yaml', profile });
const output = generateMixin({ profile, slo, naming: readMetricNaming(env), scrapeTarget: '127.0.0.1:9464' });

if (process.argv.includes('--check')) {
  const stale = [...output.files].filter(([path, content]) => readOr(join(out, path)) !== content).map(([path]) => path);
  for (const path of listGeneratedFiles(out)) if (!output.files.has(path)) stale.push(`${path} (no longer generated)`);
  if (stale.length > 0) {
    console.error(`monitoring/generated is out of date: ${stale.join(', ')}. Run: npm run monitoring:generate -w examples/tool-orchestrator`);
    process.exit(1);
  }
  console.log(`monitoring/generated is current (${output.files.size} files)`);
} else {
  console.log(`wrote ${writeMixin(out, output).length} files to monitoring/generated`);
}

function readOr(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
