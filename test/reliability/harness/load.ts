/**
 * A fixed-rate HTTP load generator: `rps` requests a second for `durationMs`, on keep-alive
 * connections, each carrying a unique `x-test-seq` (the app puts it on its server span). Requests are
 * scheduled by the clock, not by answers, so a slow app shows up as latency rather than a lower rate.
 */
import { Agent, request } from 'node:http';

export interface LoadResult {
  /** Requests sent (= `test.seq` values generated: `<prefix><1..sent>`). */
  sent: number;
  /** Answers by status (`error` for a failed request). */
  statuses: Record<string, number>;
  /** Latencies of the answered requests, ms, sorted. */
  latencies: number[];
  /** Each answered request: when it was sent (ms after the start of the load) and its latency (ms). */
  timeline: Array<{ at: number; ms: number }>;
}

export interface LoadOptions {
  baseUrl: string;
  rps: number;
  durationMs: number;
  /** `test.seq` prefix. Default `r`. */
  prefix?: string;
  /** Path. Default `/load`. */
  path?: string;
  /** Connections. Default 16. */
  connections?: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections ?? 16 });
  const prefix = options.prefix ?? 'r';
  const url = new URL(options.path ?? '/load', options.baseUrl);
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const timeline: Array<{ at: number; ms: number }> = [];
  const pending: Array<Promise<void>> = [];
  const started = Date.now();
  const origin = performance.now();
  let sent = 0;
  const one = (seq: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const at = performance.now();
      const req = request(url, { agent, headers: { 'x-test-seq': `${prefix}${seq}` }, timeout: 10_000 }, (res) => {
        res.resume();
        res.on('end', () => {
          statuses[String(res.statusCode)] = (statuses[String(res.statusCode)] ?? 0) + 1;
          const ms = performance.now() - at;
          latencies.push(ms);
          timeline.push({ at: at - origin, ms });
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        statuses['error'] = (statuses['error'] ?? 0) + 1;
        resolve();
      });
      req.end();
    });
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = Math.min(Date.now() - started, options.durationMs);
      const due = Math.floor((elapsed / 1000) * options.rps);
      while (sent < due) pending.push(one(++sent));
      if (elapsed >= options.durationMs) {
        clearInterval(tick);
        resolve();
      }
    }, 5);
  });
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { sent, statuses, latencies, timeline };
}

/** The q-quantile (0..1) of sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
