import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApp, runAppToExit } from './index.js';

let dir: string;

function script(name: string, source: string): string {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'otelkit-run-app-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('runApp', () => {
  it('reports the exit code and the output', async () => {
    const entry = script('exit3.cjs', "console.log('hello from the app'); console.error('to stderr'); process.exit(3);");
    const exit = await runAppToExit({ entry, timeoutMs: 5000 });
    expect(exit).toMatchObject({ code: 3, signal: null, timedOut: false });
    expect(exit.stdout).toBe('hello from the app\n');
    expect(exit.stderr).toBe('to stderr\n');
    expect(exit.durationMs).toBeGreaterThan(0);
  });

  it('passes args and env, and removes env keys set to undefined', async () => {
    const entry = script('env.cjs', 'console.log(JSON.stringify({ argv: process.argv.slice(2), a: process.env.RUN_APP_A, b: process.env.RUN_APP_B ?? null }));');
    process.env['RUN_APP_B'] = 'inherited';
    try {
      const exit = await runAppToExit({ entry, args: ['x', 'y'], env: { RUN_APP_A: 'set', RUN_APP_B: undefined } });
      expect(JSON.parse(exit.stdout)).toEqual({ argv: ['x', 'y'], a: 'set', b: null });
    } finally {
      delete process.env['RUN_APP_B'];
    }
  });

  it('kills a child that ignores SIGTERM once timeoutMs passes', async () => {
    const entry = script('stuck.cjs', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); console.log('stuck');");
    const app = runApp({ entry, timeoutMs: 500 });
    await app.waitForOutput(/stuck/);
    expect(app.kill('SIGTERM')).toBe(true);
    const exit = await app.exited;
    expect(exit).toMatchObject({ code: null, signal: 'SIGKILL', timedOut: true });
    expect(exit.durationMs).toBeGreaterThanOrEqual(450);
  });

  it('waitForOutput resolves with the match, on either stream', async () => {
    const entry = script(
      'listen.cjs',
      "console.error('warming up'); setTimeout(() => console.log('listening on port 4321'), 50); setTimeout(() => {}, 5000);",
    );
    await using app = runApp({ entry });
    expect(app.pid).toBeGreaterThan(0);
    const match = await app.waitForOutput(/listening on port (\d+)/g, { stream: 'stdout' });
    expect(match[1]).toBe('4321');
    expect((await app.waitForOutput(/warming/, { stream: 'stderr' }))[0]).toBe('warming');
    expect(app.stderr()).toBe('warming up\n');
  });

  it('waitForOutput rejects with the output when the child exits first, or on timeout', async () => {
    const quick = runApp({ entry: script('quick.cjs', "console.log('bye');") });
    await expect(quick.waitForOutput(/never printed/)).rejects.toThrow(/exited before .*\n--- stdout ---\nbye\n/);
    await quick.exited;

    await using slow = runApp({ entry: script('slow.cjs', "console.log('still here'); setTimeout(() => {}, 5000);") });
    await expect(slow.waitForOutput(/never printed/, { timeoutMs: 200 })).rejects.toThrow(/within 200 ms[\s\S]*still here/);
  });

  it('asyncDispose kills a running child and waits for it', async () => {
    const entry = script('forever.cjs', "setInterval(() => {}, 1000); console.log('up');");
    let app: ReturnType<typeof runApp> | undefined;
    {
      await using running = runApp({ entry });
      app = running;
      await running.waitForOutput(/up/);
    }
    const exit = await app.exited;
    expect(exit).toMatchObject({ signal: 'SIGKILL', timedOut: false });
  });

  it('passes the preload with --require and --import', async () => {
    const cjsPreload = script('preload.cjs', "console.log('preload ran (require)');");
    const esmPreload = script('preload.mjs', "console.log('preload ran (import)');");
    const entry = script('main.cjs', "console.log('main ran');");

    const required = await runAppToExit({ entry, preload: 'require', preloadSpecifier: cjsPreload });
    expect(required.stdout).toBe('preload ran (require)\nmain ran\n');
    const imported = await runAppToExit({ entry, preload: 'import', preloadSpecifier: esmPreload });
    expect(imported.stdout).toBe('preload ran (import)\nmain ran\n');
    const plain = await runAppToExit({ entry, nodeArgs: ['--no-warnings'] });
    expect(plain.stdout).toBe('main ran\n');
  });

  it('resolves exited with the spawn error when the binary does not exist', async () => {
    const exit = await runAppToExit({ entry: 'whatever.js', execPath: join(dir, 'no-such-node') });
    expect(exit.code).toBeNull();
    expect(exit.spawnError).toBeInstanceOf(Error);
  });
});
