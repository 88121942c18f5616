import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMixin, parseSloSpec } from '@otelkit/mixin';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.test-support.js';

const SLO = 'service: shop\nselector: job="shop"\nobjectives:\n  availability: 99.9\n  latency: { target: 95, threshold: 0.5 }\n';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'otelkit-cli-mixin-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mixin = (...args: string[]) => runCli(['mixin', ...args], {}, dir);

describe('otelkit mixin', () => {
  it('--help documents the options and their choices', async () => {
    const r = await mixin('--help');
    expect(r.code).toBe(0);
    for (const text of ['--out <dir>', '--slo <file>', '--profile <profile>', 'choices: "semconv",', '"prometheus-classic", default: "semconv"']) expect(r.stdout).toContain(text);
  });

  it('writes what generateMixin() generates for the profile and SLO file, and exits 0', async () => {
    writeFileSync(join(dir, 'slo.yaml'), SLO);
    const r = await mixin('--out', 'out', '--slo', 'slo.yaml', '--profile', 'prometheus-classic');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const expected = generateMixin({ profile: 'prometheus-classic', slo: parseSloSpec(SLO) });
    expect(r.stdout).toContain(`wrote ${expected.files.size} files to out (profile prometheus-classic, SLO shop)`);
    for (const [path, content] of expected.files) expect(readFileSync(join(dir, 'out', path), 'utf8'), path).toBe(content);
    expect(readFileSync(join(dir, 'out', 'prometheus/rules/otelkit-slo.yaml'), 'utf8')).toContain('http_requests_total{job="shop"');
  });

  it('exits 1 for an SLO file with a bad field, naming the file, the field and the nearest buckets', async () => {
    writeFileSync(join(dir, 'slo.yaml'), SLO.replace('threshold: 0.5', 'threshold: 2'));
    const r = await mixin('--out', 'out', '--slo', 'slo.yaml');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: OTELKIT_ERR_INVALID_SLO: slo.yaml: objectives.latency.threshold: 2 s is not a bucket boundary of http.server.request.duration, so no series counts the requests under it; the nearest are 1 and 2.5\n');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('exits 2 for bad usage: no --out, an unknown profile, an SLO file that does not exist', async () => {
    const noOut = await mixin();
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain("required option '--out <dir>' not specified");
    const profile = await mixin('--out', 'out', '--profile', 'classic');
    expect(profile.code).toBe(2);
    expect(profile.stderr).toContain("'classic' is invalid");
    const missing = await mixin('--out', 'out', '--slo', 'nope.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('error: --slo nope.yaml: cannot read the file (ENOENT)\n');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('takes the services\' naming from flags, else from the OTELKIT_METRICS_* variables, and exits 2 for a bad entry', async () => {
    const naming = { namespace: 'autonomos', names: { 'job.processed': 'jobs' }, labels: { 'job.status': 'status' } };
    const expected = generateMixin({ profile: 'prometheus-classic', naming }).files;
    const flags = await mixin('--out', 'flags', '--profile', 'prometheus-classic', '--namespace', 'autonomos', '--names', 'job.processed=jobs', '--labels', 'job.status=status');
    expect([flags.code, flags.stderr]).toEqual([0, '']);
    const fromEnv = await runCli(['mixin', '--out', 'env', '--profile', 'prometheus-classic'], { OTELKIT_METRICS_NAMESPACE: 'autonomos', OTELKIT_METRICS_NAMES: 'job.processed=jobs', OTELKIT_METRICS_LABELS: 'job.status=status' }, dir);
    expect([fromEnv.code, fromEnv.stderr]).toEqual([0, '']);
    for (const out of ['flags', 'env']) {
      for (const [path, content] of expected) expect(readFileSync(join(dir, out, path), 'utf8'), path).toBe(content);
    }
    expect(readFileSync(join(dir, 'env', 'prometheus/rules/otelkit-alerts.yaml'), 'utf8')).toContain('autonomos_jobs_total{status="failed"}');
    const bad = await mixin('--out', 'bad', '--names', 'no.such.instrument=x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('option "naming.names.no.such.instrument": not an HTTP or domain instrument of the catalog');
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });
});
