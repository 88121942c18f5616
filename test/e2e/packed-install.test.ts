/**
 * @otelkit/node installed the way a user installs a private build: `npm pack` of the packages,
 * then `npm install` of the @otelkit/node tarball alone (with the @opentelemetry/api peer) into an
 * empty app. Its dependencies resolve from the registry or the npm cache (network: e2e only). The
 * other @otelkit packages are bundled into it, so no other tarball is needed; what it loads from
 * node_modules at run time (the ES module build's instrumentation base, the gRPC exporters) must
 * be among its dependencies.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installApp, packPackages, ROOT, tarballsFor } from '../../scripts/packed.mjs';

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'otelkit-packed-'));
const app = join(work, 'app');
afterAll(() => rmSync(work, { recursive: true, force: true }), 60_000);

const NODE_PACKAGE = JSON.parse(readFileSync(join(ROOT, 'packages', 'node', 'package.json'), 'utf8')) as { version: string; peerDependencies: Record<string, string> };

/** The app's environment: none of the test run's OTEL_* settings, console export. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL') && !k.startsWith('NODE_OPTIONS')));
  return { ...clean, OTEL_SERVICE_NAME: 'packed', OTEL_TRACES_EXPORTER: 'console', OTEL_METRICS_EXPORTER: 'none', ...extra };
}

type Tarball = { name: string; file: string };
let tarballs: Tarball[] = [];
const apiRange = (): string => NODE_PACKAGE.peerDependencies['@opentelemetry/api']!;

beforeAll(async () => {
  tarballs = (await packPackages(work)) as Tarball[];
  const needed = tarballsFor('@otelkit/node', tarballs) as Tarball[];
  expect(needed.map((t) => t.name)).toEqual(['@otelkit/node']);
  mkdirSync(app);
  await installApp(app, { '@otelkit/node': `file:${needed[0]!.file}`, '@opentelemetry/api': apiRange() });
}, 300_000);

describe('@otelkit/node from its tarball alone', () => {
  it('--require: a one-line app prints its span on the console exporter, with the distro on the resource', async () => {
    const script = "require('@opentelemetry/api').trace.getTracer('packed').startActiveSpan('packed-cjs-span', (span) => span.end())";
    const { stdout, stderr } = await run(process.execPath, ['--require', '@otelkit/node/register', '-e', script], { cwd: app, env: env(), timeout: 30_000 });
    expect(stdout).toContain("name: 'packed-cjs-span'");
    expect(stdout).toContain(`'telemetry.distro.version': '${NODE_PACKAGE.version}'`);
    expect(stderr).toBe('');
  });

  it('import { start }: the ES module build finds what it loads from node_modules', async () => {
    const script = [
      "import { start } from '@otelkit/node';",
      "import { trace } from '@opentelemetry/api';",
      "const otel = await start({ tracesExporter: ['console'] });",
      "trace.getTracer('packed').startActiveSpan('packed-esm-span', (span) => span.end());",
      'await otel.shutdown();',
    ].join('\n');
    const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: app, env: env(), timeout: 30_000 });
    expect(stdout).toContain("name: 'packed-esm-span'");
    expect(stderr).toBe('');
  });

  it('OTEL_EXPORTER_OTLP_PROTOCOL=grpc: the gRPC exporter loads from the installed dependencies', async () => {
    const script = "require('@opentelemetry/api').trace.getTracer('packed').startActiveSpan('packed-grpc-span', (span) => span.end())";
    const { stderr } = await run(process.execPath, ['--require', '@otelkit/node/register', '-e', script], {
      cwd: app,
      env: env({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', OTEL_EXPORTER_OTLP_TIMEOUT: '1000', OTELKIT_SHUTDOWN_TIMEOUT: '15000' }),
      timeout: 30_000,
    });
    expect(stderr).not.toMatch(/could not be (created|loaded)|Cannot find module/);
    // The exporter was created and the export went out over gRPC: it failed (nothing listens on
    // port 1) or, on a slow host, was still connecting at the shutdown bound.
    expect(stderr).toMatch(/UNAVAILABLE.*ECONNREFUSED|shutdown did not finish/);
  });
});

describe('the whole tarball set, installed in one command', () => {
  it('each package resolves its @otelkit dependencies from the set and loads', async () => {
    const dir = join(work, 'set');
    mkdirSync(dir);
    await installApp(dir, { ...Object.fromEntries(tarballs.map((t) => [t.name, `file:${t.file}`])), '@opentelemetry/api': apiRange() });
    // The libraries load; the command line package (`otelkit`, no library entry) runs its bin.
    const names = tarballs.map((t) => t.name).filter((n) => n.startsWith('@otelkit/') && n !== '@otelkit/node');
    const script = `for (const name of ${JSON.stringify(names)}) console.log(name, Object.keys(require(name)).length > 0);`;
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: dir, env: env(), timeout: 30_000 });
    expect(stdout.trim().split('\n')).toEqual(names.map((n) => `${n} true`));
    const cli = await run(process.execPath, [join(dir, 'node_modules', 'otelkit', 'dist', 'cli.js'), '--version'], { cwd: dir, env: env(), timeout: 30_000 });
    expect(cli.stdout.trim()).toMatch(/\d+\.\d+\.\d+/);
  }, 300_000);
});
