/**
 * The W3C Trace Context test suite (../shared/w3c-trace-context, a snapshot of the W3C repository's
 * test/ folder) against a node:http service under the preload (test/fixtures/w3c-service.cjs), at
 * the suite's strict level, as its SNAPSHOT.md says. RELIABILITY T1: 100 % of its cases pass.
 * Needs Debian's python3-aiohttp (.ci/run installs it).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeAll, fixture, REPO_ROOT, startScenario } from '../integration/helpers.js';

const SUITE = join(REPO_ROOT, '..', 'shared', 'w3c-trace-context');
const PYTHON = '/usr/bin/python3';

afterAll(disposeAll);

/** A port free right now, for the harness's own server (it builds its URLs from the number). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function runSuite(url: string): Promise<{ code: number | null; output: string }> {
  const harnessPort = await freePort();
  return new Promise((resolve) => {
    const child = spawn(PYTHON, ['test.py', url], {
      cwd: SUITE,
      env: { ...process.env, STRICT_LEVEL: '2', SPEC_LEVEL: '1', HARNESS_HOST: '127.0.0.1', HARNESS_PORT: String(harnessPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('W3C Trace Context test suite (strict level 2, spec level 1)', () => {
  it('passes every case against a service under the preload', async () => {
    expect(existsSync(join(SUITE, 'test.py')), `the suite at ${SUITE}`).toBe(true);
    const scenario = await startScenario({ entry: fixture('w3c-service.cjs'), env: { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' } });
    const { code, output } = await runSuite(`${scenario.baseUrl}/test`);
    const ran = /Ran (\d+) tests?/.exec(output);
    expect(Number(ran?.[1] ?? 0), output).toBeGreaterThanOrEqual(40);
    expect(output, output).toMatch(/^OK/m);
    expect(code, output).toBe(0);
  }, 150_000);
});
