/**
 * `otelkit config validate` and `otelkit config print`, run as the built binary: exit codes, the
 * errors' field names, redaction, and the round trip print → OTEL_CONFIG_FILE → print.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.test-support.js';

const dir = mkdtempSync(join(tmpdir(), 'otelkit-cli-config-'));
function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('otelkit config validate', () => {
  it('exit 0 for a valid file, with warnings for what otelkit does not honour', async () => {
    const file = write('ok.yaml', 'file_format: "1.0"\ntracer_provider:\n  processors:\n    - simple:\n        exporter:\n          console:\n');
    const r = await runCli(['config', 'validate', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${file}: valid\n`);
    expect(r.stderr).toBe(`${file}: warning: tracer_provider.processors[0].simple: not supported, batch used\n`);
  });

  it('exit 1 for an invalid file, naming the field and the problem', async () => {
    const file = write('bad.yaml', 'file_format: "1.1"\nmeter_provider:\n  readers:\n    - periodic:\n        interval: often\n        exporter:\n          console:\n');
    const r = await runCli(['config', 'validate', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: error: meter_provider\\.readers\\[0\\]\\.periodic\\.interval: must be integer`, 'm'));
  });

  it('exit 2 without a file', async () => {
    const r = await runCli(['config', 'validate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing required argument 'file'");
  });
});

describe('otelkit config print', () => {
  it('prints the environment as a file that validates, loads back to the same file, and hides credentials', async () => {
    const env = {
      OTEL_SERVICE_NAME: 'shop',
      OTEL_TRACES_SAMPLER: 'traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.5',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://tempo.example:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Basic%20czNjcmV0,X-Scope-OrgID=team-a',
      OTEL_METRICS_EXPORTER: 'prometheus',
      OTELKIT_HEALTH_PORT: '9465',
    };
    const first = await runCli(['config', 'print'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^file_format: "1\.1"/);
    expect(first.stdout).not.toContain('czNjcmV0');
    expect(first.stdout).toContain('team-a');
    expect(first.stdout).toContain('endpoint: https://tempo.example:4318/v1/traces');
    expect(first.stdout).toContain('health_port: 9465');
    const file = write('printed.yaml', first.stdout);
    expect((await runCli(['config', 'validate', file])).code).toBe(0);
    // Conflicting variables are not read once the file is given.
    const second = await runCli(['config', 'print'], { OTEL_CONFIG_FILE: file, OTEL_SERVICE_NAME: 'other', OTEL_TRACES_SAMPLER: 'always_off' });
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  it('exit 1 when OTEL_CONFIG_FILE is invalid', async () => {
    const r = await runCli(['config', 'print'], { OTEL_CONFIG_FILE: join(dir, 'absent.yaml') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('absent.yaml: error: cannot be read (ENOENT)');
  });
});
