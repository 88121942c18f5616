/**
 * On a Node.js older than the supported 22.15 (these machines ship Node 20), the preload does not
 * start: one warning names the version, and the app runs and answers, uninstrumented.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runApp } from '@otelkit/testing';
import { disposeAll, fixture, get, LISTENING, newReceiver, REGISTER_CJS, sleep, TEST_DIR, warnLines } from './helpers.js';

afterEach(disposeAll);

/** A `node` on PATH outside node_modules whose major version is below 22, if the machine has one. */
function olderNode(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir.includes('node_modules')) continue;
    const candidate = join(dir, 'node');
    if (!existsSync(candidate)) continue;
    try {
      const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
      if (Number(version.slice(1).split('.')[0]) < 22) return candidate;
    } catch {
      // Not runnable: look further.
    }
  }
  return undefined;
}

const OLD_NODE = olderNode();

describe('unsupported Node.js', () => {
  it.runIf(OLD_NODE !== undefined)(`${OLD_NODE ?? 'no Node < 22 on this machine'}: one warning naming the version, the app serves uninstrumented`, async () => {
    const receiver = await newReceiver();
    const app = runApp({ entry: fixture('http-app.cjs'), execPath: OLD_NODE!, preload: 'require', preloadSpecifier: REGISTER_CJS, cwd: TEST_DIR, env: { PORT: '0', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '50' }, timeoutMs: 20_000 });
    try {
      const port = Number((await app.waitForOutput(LISTENING, { stream: 'stdout' }))[1]);
      const res = await get(`http://127.0.0.1:${port}/seq`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-trace-id')).toBeNull();
      await sleep(300);
      expect(receiver.spans()).toEqual([]);
      const warnings = warnLines(app.stderr());
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/needs Node\.js 22\.15 or newer and this is v\d+\./);
    } finally {
      app.kill('SIGKILL');
      await app.exited;
    }
  });
});
