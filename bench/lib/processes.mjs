// Every process a mode starts goes through here: pinned to a core with taskset, run from bench/,
// and kept in one registry so that the CLI stops whatever is still running when a mode ends, fails
// or is interrupted. A leftover server would hold core 0 and skew the next measurement.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/, the working directory of every process started here. */
export const here = dirname(dirname(fileURLToPath(import.meta.url)));

/** The core the measured servers run on; wrk and the sink get the other one. */
export const SERVER_CORE = '0';
export const LOAD_CORE = '1';

const live = new Set();

/** Spawn `command args` pinned to `core`, registered until it exits. */
export function spawnPinned(core, command, args, options = {}) {
  const child = spawn('taskset', ['-c', core, command, ...args], { cwd: here, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  live.add(child);
  child.once('exit', () => live.delete(child));
  // A spawn failure is reported through the promises built on 'exit'; without a listener it would
  // be thrown from the event loop instead.
  child.once('error', () => live.delete(child));
  return child;
}

/** A child's exit as a promise of its code and signal (also when it already exited). */
export function exitOf(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
  });
}

/**
 * Start a process that announces `listening on http://127.0.0.1:PORT` and resolve `listening` with
 * that URL; it rejects, with the process's output, if the process exits or fails to start first,
 * or prints nothing of the kind within 20 s.
 */
export function startProcess(core, command, args, env = {}) {
  const child = spawnPinned(core, command, args, { env: { ...process.env, ...env } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const what = [command, ...args].join(' ');
  const listening = new Promise((resolve, reject) => {
    const fail = (why) => {
      clearTimeout(timer);
      reject(new Error(`${what}: ${why}${out ? `:\n${out}` : ''}`));
    };
    const timer = setTimeout(() => fail('no listening line within 20 s'), 20_000);
    child.stdout.on('data', () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code, signal) => fail(`exited (${signal ?? `code ${code}`}) before listening`));
    child.once('error', (error) => fail(error.message));
  });
  // Callers that stop waiting (a sibling failed first) must not leave an unhandled rejection.
  listening.catch(() => {});
  return { child, listening, exited: exitOf(child), output: () => out };
}

/** Run `command args` pinned to `core` to its end: its exit status and what it printed. */
export async function runToEnd(core, command, args, env = {}) {
  const child = spawnPinned(core, command, args, { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const { code, signal, error } = await exitOf(child);
  return { status: code, signal, stdout, stderr: error ? `${stderr}${error.message}` : stderr };
}

/**
 * Like runToEnd, but synchronous: for timing a whole process from outside, where the event loop
 * must not add its latency to the figure. It blocks signal handling until the child exits, so it
 * suits short runs only.
 */
export function runToEndSync(core, command, args, env = {}) {
  return spawnSync('taskset', ['-c', core, command, ...args], { cwd: here, encoding: 'utf8', env: { ...process.env, ...env } });
}

/** Stop one process: `signal` first, SIGKILL if it is still running after `graceMs`. */
export async function stop(child, signal = 'SIGKILL', graceMs = 3000) {
  const exited = exitOf(child);
  child.kill(signal);
  if (signal !== 'SIGKILL') {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
  return exited;
}

/** Stop every process still running (SIGKILL) and wait until each has exited. */
export async function stopAll() {
  await Promise.all([...live].map((child) => stop(child)));
}

/** The same without waiting, for the moment the CLI itself is about to exit. */
export function killAllNow() {
  for (const child of live) child.kill('SIGKILL');
}

/** The OTLP sink ([sink.mjs](../sink.mjs)) on the load core: its URL and process. */
export async function startSink() {
  const sink = startProcess(LOAD_CORE, process.execPath, [join(here, 'sink.mjs')]);
  return { url: await sink.listening, child: sink.child };
}
