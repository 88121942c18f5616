// Pieces shared by run.mjs, cpu.mjs and pair.mjs: the preloads compared, child processes that
// announce `listening on http://…`, wrk on core 1, the median, command-line variants and CPU ticks.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));

/** Node flags of each compared variant. */
/**
 * otelkit's default resource detectors, which are also upstream's default ('all') without the
 * cloud ones: those probe metadata addresses outside this machine.
 */
export const RESOURCE_DETECTORS = 'env,host,os,process,serviceinstance,container';

export const PRELOADS = {
  baseline: [],
  otelkit: ['--require', '@otelkit/node/register'],
  upstream: ['--require', '@opentelemetry/auto-instrumentations-node/register'],
};

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Spawn a process (cwd bench/) and resolve `listening` with the URL it prints. */
export function startProcess(cmd, args, env) {
  const child = spawn(cmd, args, { cwd: here, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const listening = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line from ${args.join(' ')}:\n${out}`)), 20_000);
    const check = () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', check);
    child.on('exit', () => reject(new Error(`exited before listening:\n${out}`)));
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, listening, exited, output: () => out };
}

/** One wrk run (1 thread, on core 1): req/s, request count, p99 in ms, non-2xx count. */
export function wrk(url, seconds, connections = 50) {
  const text = execFileSync('taskset', ['-c', '1', 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url], { encoding: 'utf8' });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1]);
  const requests = Number(/(\d+) requests in/.exec(text)?.[1]);
  const p99raw = /\s99%\s+([\d.]+)(us|ms|s)/.exec(text);
  const unit = { us: 0.001, ms: 1, s: 1000 };
  const p99 = p99raw ? Number(p99raw[1]) * unit[p99raw[2]] : Number.NaN;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0);
  return { rps, requests, p99, non2xx };
}

/** `--name=value` from the command line, or the fallback. */
export function option(argv, name, fallback) {
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
}

const SAMPLED = { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.01' };

/**
 * A variant from the command line: `baseline`, `otelkit`, `upstream`, `otelkit-sampled` (ratio 0.01),
 * optionally with a `:label` suffix, then `=VAR=value,...` for environment variables; `ARGS=...`
 * in that list adds node flags (space separated) instead.
 */
export function parseVariant(spec) {
  const eq = spec.indexOf('=');
  const name = eq < 0 ? spec : spec.slice(0, eq);
  const env = Object.fromEntries((eq < 0 ? '' : spec.slice(eq + 1)).split(',').filter(Boolean).map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
  const base = name.replace(/:.*$/, '');
  const flags = env.ARGS === undefined ? [] : env.ARGS.split(' ');
  delete env.ARGS;
  return { name, args: [...flags, ...(PRELOADS[base.replace(/-sampled$/, '')] ?? [])], env: base.endsWith('-sampled') ? { ...SAMPLED, ...env } : env };
}

/** CPU time a process has used so far (utime + stime), in clock ticks of 10 ms. */
export function cpuTicks(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]);
}
