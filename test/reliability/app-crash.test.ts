/**
 * L6: the app throws an uncaught exception (or leaves an unhandled rejection) while under load.
 * Criterion: exit code and the stderr stack identical to the same run without otelkit; otelkit never
 * swallows the error. otelkit has no crash flush: spans still queued at the crash are lost, as
 * documented in docs/reliability.md. Shortened: the crash comes at t=2 s of 50 rps instead of t=5 s.
 */
import { runApp, type AppExit } from '@otelkit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { runLoad } from './harness/load.js';
import { reliabilityFixture, TEST_DIR } from './harness/app.js';
import { startFaultReceiver, type FaultReceiver } from './harness/receiver.js';

const LISTENING = /listening on http:\/\/127\.0\.0\.1:(\d+)/;
const receivers: FaultReceiver[] = [];
afterAll(async () => Promise.all(receivers.map((r) => r.close())));

function cleanEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { NODE_OPTIONS: undefined };
  for (const key of Object.keys(process.env)) if (key.startsWith('OTEL_') || key.startsWith('OTELKIT_')) env[key] = undefined;
  return env;
}

async function crashUnderLoad(crash: 'throw' | 'reject', preload: 'require' | 'none'): Promise<AppExit> {
  const receiver = await startFaultReceiver();
  receivers.push(receiver);
  const app = runApp({
    entry: reliabilityFixture('crash-app.cjs'),
    preload,
    cwd: TEST_DIR,
    timeoutMs: 30_000,
    env: { ...cleanEnv(), PORT: '0', CRASH: crash, CRASH_AFTER_MS: '2000', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_METRICS_EXPORTER: 'none' },
  });
  const port = Number((await app.waitForOutput(LISTENING, { stream: 'stdout', timeoutMs: 15_000 }))[1]);
  // Load until past the crash; requests after it fail, which is the point.
  const load = runLoad({ baseUrl: `http://127.0.0.1:${port}`, rps: 50, durationMs: 3000 });
  const exit = await app.exited;
  await load;
  return exit;
}

/** stderr without otelkit's own lines (a warning about telemetry is not part of the crash report). */
const crashReport = (stderr: string): string =>
  stderr
    .split('\n')
    .filter((l) => !l.startsWith('otelkit '))
    .join('\n');

describe('L6: the app crashes under load', () => {
  it.each(['throw', 'reject'] as const)('%s: exit code and stderr stack identical to the run without otelkit', async (crash) => {
    const bare = await crashUnderLoad(crash, 'none');
    const instrumented = await crashUnderLoad(crash, 'require');
    expect(bare.code).toBe(1);
    expect(bare.timedOut).toBe(false);
    expect(instrumented.timedOut).toBe(false);
    expect(instrumented.signal).toBe(bare.signal);
    expect(instrumented.code).toBe(bare.code);
    const message = crash === 'throw' ? 'Error: app crash at t=5s' : 'Error: app rejection at t=5s';
    expect(crashReport(bare.stderr)).toContain(message);
    expect(crashReport(instrumented.stderr)).toBe(crashReport(bare.stderr));
  });
});
