// The measuring instruments: wrk on the load core, CPU ticks and peak RSS from /proc, the median.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { here, LOAD_CORE, runToEnd } from './processes.mjs';

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** One wrk run (1 thread, on the load core): req/s, request count, p99 in ms, non-2xx count. */
export async function wrk(url, seconds, connections = 50) {
  const r = await runToEnd(LOAD_CORE, 'wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url]);
  if (r.status !== 0) throw new Error(`wrk ${url} failed (${r.signal ?? `code ${r.status}`}): ${r.stderr}`);
  const text = r.stdout;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1]);
  const requests = Number(/(\d+) requests in/.exec(text)?.[1] ?? 0);
  const p99raw = /\s99%\s+([\d.]+)(us|ms|s)/.exec(text);
  const unit = { us: 0.001, ms: 1, s: 1000 };
  const p99 = p99raw ? Number(p99raw[1]) * unit[p99raw[2]] : Number.NaN;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0);
  return { rps, requests, p99, non2xx };
}

/**
 * Open-model load at a fixed rate ([open-load.mjs](open-load.mjs)) on the load core: latencies from
 * each request's intended send time, so a slow server shows as latency, not as a lower rate.
 * @returns {Promise<import('./open-load.mjs').LoadSummary>}
 */
export async function openLoad(url, rate, seconds) {
  const r = await runToEnd(LOAD_CORE, process.execPath, [join(here, 'lib', 'open-load.mjs'), url, String(rate), String(seconds)]);
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  if (r.status !== 0 || line === undefined) throw new Error(`open-load ${url} at ${rate} req/s failed (${r.signal ?? `code ${r.status}`}): ${r.stderr}`);
  return JSON.parse(line);
}

/** CPU time a process has used so far (utime + stime), in clock ticks of 10 ms. */
export function cpuTicks(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]);
}

/** Peak resident set size of a running process, in MB. */
export function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
}
