/**
 * The preload bundle keeps the names of classes and functions: the SDK's debug lines and stack
 * traces name what upstream names (`OSDetector found resource.`), not a minifier's two letters.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REGISTER_CJS, TEST_DIR } from './helpers.js';

const run = promisify(execFile);

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL')));
  return { ...env, OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', ...extra };
}

describe('readable names in the preload bundle', () => {
  it('OTEL_LOG_LEVEL=debug names the resource detectors by their class names', async () => {
    const { stderr } = await run(process.execPath, ['--require', REGISTER_CJS, '-e', '0'], { cwd: TEST_DIR, env: cleanEnv({ OTEL_LOG_LEVEL: 'debug' }) });
    const found = stderr.split('\n').flatMap((line) => /DEBUG sdk: (\S+) found resource\./.exec(line)?.[1] ?? []);
    expect(found).toEqual(expect.arrayContaining(['OSDetector', 'ProcessDetector']));
    // otelkit's own detectors (host on Linux, service instance id) too, never a bare `Object`.
    expect(found).toEqual(expect.arrayContaining([process.platform === 'linux' ? 'LinuxHostDetector' : 'HostDetector', 'ServiceInstanceIdDetector']));
    expect(found).not.toContain('Object');
  });

  it("a stack trace through the bundle names the SDK's classes", async () => {
    const script = [
      "const { trace } = require('@opentelemetry/api');",
      "try { trace.getTracer('names').startActiveSpan('s', () => { throw new Error('from the app'); }); } catch (error) { console.log(error.stack); }",
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--require', REGISTER_CJS, '-e', script], { cwd: TEST_DIR, env: cleanEnv({}) });
    expect(stdout).toMatch(/^\s+at AsyncLocalStorageContextManager\.with \(.*register\.bundle\.cjs:\d+:\d+\)$/m);
    // Tracer$1: the name upstream's own build gave the class.
    expect(stdout).toMatch(/^\s+at Tracer(\$1)?\.startActiveSpan \(.*register\.bundle\.cjs:\d+:\d+\)$/m);
  });
});
