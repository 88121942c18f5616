import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MODES } from '../modes/index.mjs';
import { parseCommandLine, UsageError } from '../lib/command-line.mjs';
import { unsupportedNode } from '../lib/other-node.mjs';
import { here } from '../lib/processes.mjs';
import { parseVariant, PRELOADS } from '../lib/variants.mjs';

const fixture = join(here, 'test', 'fixtures', 'app.cjs');
const dir = mkdtempSync(join(tmpdir(), 'otelkit-bench-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Processes a test saw (the CLI, its sink, the fixture servers): whatever a failing test left
// running is killed after it, so that a broken cleanup fails its test without leaking processes.
const seen = new Set();
afterEach(() => {
  for (const pid of seen) if (running(pid)) process.kill(pid, 'SIGKILL');
  seen.clear();
});
const pidIn = (file) => {
  const pid = Number(readFileSync(file, 'utf8'));
  if (pid > 0) seen.add(pid);
  return pid;
};

describe('variants', () => {
  it('parses the named variants, labels, environment and node flags', () => {
    expect(parseVariant('baseline')).toEqual({ name: 'baseline', args: [], env: {} });
    expect(parseVariant('otelkit')).toEqual({ name: 'otelkit', args: PRELOADS.otelkit, env: {} });
    expect(parseVariant('upstream:b')).toEqual({ name: 'upstream:b', args: PRELOADS.upstream, env: {} });
    expect(parseVariant('otelkit-sampled')).toEqual({
      name: 'otelkit-sampled',
      args: PRELOADS.otelkit,
      env: { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.01' },
    });
    expect(parseVariant('otelkit-sampled:half=OTEL_TRACES_SAMPLER_ARG=0.5,X=a=b').env).toEqual({
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.5',
      X: 'a=b',
    });
    // Any other name has no preload: ARGS brings the build to compare.
    expect(parseVariant('old=ARGS=--require /tmp/old/register.cjs --no-warnings,A=1')).toEqual({
      name: 'old',
      args: ['--require', '/tmp/old/register.cjs', '--no-warnings'],
      env: { A: '1' },
    });
    expect(parseVariant('baseline:floor=ARGS=--require /x/floor.cjs').args).toEqual(['--require', '/x/floor.cjs']);
    expect(() => parseVariant('otelkit=NOVALUE')).toThrow(/not VAR=value/);
  });
});

describe('command line', () => {
  const parse = (...argv) => parseCommandLine(argv, MODES);

  it('applies defaults, converts options and takes variants', () => {
    const cpu = parse('cpu', '--rounds=2', '--seconds', '1', '--app=hello.cjs', 'baseline', 'old=ARGS=--require /o.cjs');
    expect(cpu.mode.name).toBe('cpu');
    expect(cpu.options).toEqual({ app: 'hello.cjs', path: '/', rounds: 2, seconds: 1, warmup: 2 });
    expect(cpu.variants.map((v) => v.name)).toEqual(['baseline', 'old']);
    expect(parse('survivors').variants.map((v) => v.name)).toEqual(['baseline', 'otelkit', 'otelkit-sampled']);
    expect(parse('survivors').options.path).toBe('/users/42');
    expect(parse('survivors').options.rate).toBe(0);
    expect(parse('survivors', '--rate=1000').options.rate).toBe(1000);
    expect(parse('pair', 'a', 'b').options.warmup).toBeUndefined();
    // A full run adds Node 22; a quick or partial one does not unless asked.
    expect(parse('budgets').options).toEqual({ quick: false, only: undefined, node: process.execPath, node22: 'install' });
    expect(parse('budgets', '--quick', '--only=startup,pino').options).toEqual({ quick: true, only: ['startup', 'pino'], node: process.execPath, node22: 'none' });
    expect(parse('budgets', '--only=pgredis', '--node=/n24', '--node22=/n22').options).toEqual({ quick: false, only: ['pgredis'], node: '/n24', node22: '/n22' });
    expect(parse('--help')).toEqual({ help: true });
    expect(parse('pair', '--help')).toEqual({ help: true, mode: MODES.pair });
  });

  it('refuses what it cannot run, before anything starts', () => {
    const refused = (argv, message) => expect(() => parse(...argv)).toThrow(new RegExp(message));
    refused(['speed'], 'unknown mode "speed"');
    refused(['cpu', '--round=3'], "Unknown option '--round'");
    refused(['cpu', '--rounds=none'], '--rounds needs a positive number');
    refused(['cpu', '--seconds=0'], '--seconds needs a positive number');
    refused(['pair', 'otelkit'], 'pair needs 2 or more variants');
    refused(['pair', 'otelkit', 'otelkit'], 'given twice');
    refused(['budgets', 'otelkit'], 'budgets takes no variants');
    refused(['budgets', '--only=hello,nope'], 'unknown nope');
    expect(() => parse('cpu', '--rounds=x')).toThrow(UsageError);
  });
});

/** Run the CLI to its end (killed after 15 s): exit code, output and the sink's port and pid. */
function runCli(argv, { onOutput } = {}) {
  const child = spawn(process.execPath, [join(here, 'cli.mjs'), ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
  seen.add(child.pid);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  let out = '';
  const collect = (d) => {
    out += d;
    onOutput?.(out, child);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const sink = /sink (http:\/\/127\.0\.0\.1:(\d+)) \(pid (\d+)\)/.exec(out);
      if (sink) seen.add(Number(sink[3]));
      resolve({ code, signal, out, sinkPort: Number(sink?.[2]), sinkPid: Number(sink?.[3]) });
    });
  });
}

/** Whether a process still runs (a zombie left for its new parent to reap does not). */
function running(pid) {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function gone(pid) {
  for (let i = 0; i < 40 && running(pid); i++) await sleep(50);
  return !running(pid);
}

const refusesConnections = (port) =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error) => resolve(error.code === 'ECONNREFUSED'));
  });

describe('survivors', () => {
  it('at a fixed rate: the open-model load, the scavenges of the warm-up and after, the new space and the peak RSS', async () => {
    const r = await runCli(['survivors', `--app=${fixture}`, '--rate=200', '--seconds=2', 'baseline']);
    expect(r.code, r.out).toBe(0);
    const line = /^baseline\s+(\d+) req\/s, (\d+) scavenges; per scavenge, first third \/ rest: copied [\d.]+ \/ [\d.]+ kB, promoted [\d.]+ \/ [\d.]+ kB; allocated [\d.]+ kB per request; new space up to (\d+) MB; peak RSS ([\d.]+) MB$/m.exec(r.out);
    expect(line, r.out).not.toBeNull();
    // The fixed rate, not wrk's saturation (thousands a second against this server).
    expect(Number(line[1])).toBeGreaterThanOrEqual(190);
    expect(Number(line[1])).toBeLessThanOrEqual(200);
    expect(Number(line[4])).toBeGreaterThan(10);
    expect(await gone(r.sinkPid)).toBe(true);
  });
});

describe('cleanup', () => {
  it('stops the sink when the app exits before listening', async () => {
    const r = await runCli(['cpu', `--app=${fixture}`, '--rounds=1', '--seconds=1', 'baseline:bad=EXIT_EARLY=1']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/cpu failed: .*exited \(code 3\) before listening/);
    expect(r.sinkPid).toBeGreaterThan(0);
    expect(await gone(r.sinkPid)).toBe(true);
    expect(await refusesConnections(r.sinkPort)).toBe(true);
  });

  it('stops the servers that did start when another one fails', async () => {
    const pidFile = join(dir, 'pair.pid');
    const r = await runCli(['pair', `--app=${fixture}`, '--rounds=1', '--seconds=1', `baseline:up=PID_FILE=${pidFile}`, `baseline:bad=EXIT_EARLY=1,WAIT_FOR=${pidFile}`]);
    const pid = pidIn(pidFile);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/pair failed: .*before listening/);
    expect(pid).toBeGreaterThan(0);
    expect(await gone(pid)).toBe(true);
    expect(await gone(r.sinkPid)).toBe(true);
    expect(await refusesConnections(r.sinkPort)).toBe(true);
  });

  it('stops the sink and the server on SIGINT', async () => {
    const pidFile = join(dir, 'silent.pid');
    let polling = false;
    const r = await runCli(['survivors', `--app=${fixture}`, '--seconds=1', `baseline:silent=SILENT=1,PID_FILE=${pidFile}`], {
      // Interrupt once the server is up (its pid written) and the CLI waits for its listening line.
      onOutput: (out, child) => {
        if (!polling && /sink .* \(pid \d+\)/.test(out)) {
          polling = true;
          const poll = setInterval(() => {
            if (existsSync(pidFile) && readFileSync(pidFile, 'utf8')) {
              clearInterval(poll);
              child.kill('SIGINT');
            }
          }, 20);
        }
      },
    });
    const pid = pidIn(pidFile);
    expect(r.code).toBe(130);
    expect(pid).toBeGreaterThan(0);
    expect(await gone(pid)).toBe(true);
    expect(await gone(r.sinkPid)).toBe(true);
    expect(await refusesConnections(r.sinkPort)).toBe(true);
  });

  it('refuses, starting nothing, to measure under a Node that runs the preload as a no-op', async () => {
    // A stand-in binary: `-v` is all the CLI asks of it before refusing.
    const old = join(dir, 'node20');
    writeFileSync(old, '#!/bin/sh\necho v20.20.2\n', { mode: 0o755 });
    const r = await runCli(['budgets', '--quick', '--only=startup', `--node=${old}`]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/Node v20\.20\.2 runs otelkit's preload as a no-op \(it needs 22\.15 or later\)/);
    expect(r.out).not.toMatch(/sink http/);
    expect(unsupportedNode('v22.14.0')).toMatch(/no-op/);
    expect(unsupportedNode('v22.15.0')).toBeUndefined();
    expect(unsupportedNode('v24.21.0')).toBeUndefined();
  });

  it('exits with a usage error, starting nothing, on a bad command line', async () => {
    const r = await runCli(['cpu', '--rounds=0']);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/--rounds needs a positive number/);
    expect(r.out).not.toMatch(/sink http/);
  });
});
