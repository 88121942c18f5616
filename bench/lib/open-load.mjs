// Open-model load at a fixed rate: `node open-load.mjs <url> <rate> <seconds> [connections]` sends
// request i at its intended time start + i / rate whatever the answers do, and measures each latency
// from that intended time. A server that slows down therefore shows as latency (and requests waiting
// for a free connection count their wait), never as a lower rate: no coordinated omission. Requests
// still unanswered `DRAIN_MS` after the last intended send are counted as unanswered, with the time
// they had waited as a lower bound of their latency. Prints one JSON line (LoadSummary).
// Run it pinned to the load core (it is a process of its own for that reason).
import { Agent, request } from 'node:http';
import { argv, exit, stdout } from 'node:process';
import { pathToFileURL } from 'node:url';

export const DRAIN_MS = 10_000;

/**
 * @typedef {{
 *   scheduled: number, answered: number, unanswered: number, errors: number, non2xx: number,
 *   rate: number, p50: number, p99: number, max: number, lagP99: number,
 * }} LoadSummary
 * Latencies in ms from the intended send time; `lagP99` is how late the generator itself sent
 * (its 99th percentile, ms): a few ms at most, or the generator could not keep the rate.
 */

const quantile = (sorted, q) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);

/** Run the load; resolves with its LoadSummary. */
export async function openLoad(url, rate, seconds, connections = 64) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const total = Math.round(rate * seconds);
  const latencies = new Float64Array(total).fill(Number.NaN);
  const lags = new Float64Array(total);
  let done = 0;
  let errors = 0;
  let non2xx = 0;
  let allDone;
  const finished = new Promise((resolve) => (allDone = resolve));
  const start = performance.now() + 20;
  const intended = (i) => start + (i * 1000) / rate;
  const settle = () => {
    if (++done === total) allDone();
  };
  const send = (i) => {
    const req = request(target, { agent }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies[i] = performance.now() - intended(i);
        if (res.statusCode < 200 || res.statusCode > 299) non2xx++;
        settle();
      });
    });
    req.on('error', () => {
      latencies[i] = performance.now() - intended(i);
      errors++;
      settle();
    });
    req.end();
  };
  let next = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && intended(next) <= now) {
        lags[next] = now - intended(next);
        send(next++);
      }
      if (next === total) return resolve();
      setTimeout(tick, Math.max(0, intended(next) - performance.now()));
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  const deadline = intended(total - 1) + DRAIN_MS;
  let timer;
  await Promise.race([finished, new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - performance.now()))))]);
  clearTimeout(timer);
  const end = performance.now();
  let unanswered = 0;
  for (let i = 0; i < total; i++) {
    if (Number.isNaN(latencies[i])) {
      latencies[i] = end - intended(i);
      unanswered++;
    }
  }
  agent.destroy();
  const sorted = latencies.sort();
  return {
    scheduled: total,
    answered: total - unanswered - errors,
    unanswered,
    errors,
    non2xx,
    rate: total / seconds,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1],
    lagP99: quantile(lags.sort(), 0.99),
  };
}

if (argv[1] !== undefined && import.meta.url === pathToFileURL(argv[1]).href) {
  const [url, rate, seconds, connections] = argv.slice(2);
  const summary = await openLoad(url, Number(rate), Number(seconds), connections === undefined ? undefined : Number(connections));
  // Requests abandoned at the deadline may still hold the loop: the summary is all that is wanted.
  stdout.write(`${JSON.stringify(summary)}\n`, () => exit(0));
}
