// The loop behind every runbook example's `npm run traffic -- --seconds N [--rps R] [--url U]`:
// an open-loop stream of requests at R per second (the next one does not wait for the last), extra
// requests on timers, each with its own X-Correlation-ID, and one summary line of the answers by
// status at the end. The example decides what each request is.
'use strict';
const { parseArgs } = require('node:util');

/**
 * @typedef {{ method?: string, path: string, body?: unknown }} TrafficRequest  a string body is sent as is (malformed JSON on purpose)
 * @param {{ defaultPort: number, defaultRps: number, next: () => TrafficRequest, every?: Array<{ ms: number, after?: number, requests: () => TrafficRequest[] }>, maxInFlight?: number }} options
 *   `every`: extra requests every `ms`, the first after `after` ms (default 0: at the start)
 */
function driveTraffic({ defaultPort, defaultRps, next, every = [], maxInFlight = 200 }) {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '60' },
      rps: { type: 'string', default: String(defaultRps) },
      url: { type: 'string', default: process.env.BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? defaultPort}` },
    },
  });
  const seconds = Number(values.seconds);
  const rps = Number(values.rps);
  if (!(seconds > 0) || !(rps > 0)) {
    console.error('--seconds and --rps must be positive numbers');
    process.exitCode = 2;
    return;
  }

  const statuses = new Map();
  const count = (key) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
  let inFlight = 0;
  let sent = 0;

  const send = async ({ method = 'POST', path, body }) => {
    if (inFlight >= maxInFlight) return count('skipped');
    inFlight += 1;
    sent += 1;
    try {
      const res = await fetch(`${values.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-correlation-id': `req-${process.pid}-${sent}` },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      await res.arrayBuffer();
      count(res.status);
    } catch (error) {
      count(error.cause?.code ?? error.name);
    } finally {
      inFlight -= 1;
    }
  };

  const started = Date.now();
  const timers = [setInterval(() => void send(next()), 1000 / rps)];
  for (const { ms, after = 0, requests } of every) {
    const fire = () => {
      for (const r of requests()) void send(r);
    };
    timers.push(
      setTimeout(() => {
        fire();
        timers.push(setInterval(fire, ms));
      }, after),
    );
  }
  setTimeout(() => void finish(), seconds * 1000);

  async function finish() {
    for (const t of timers) clearInterval(t);
    while (inFlight > 0) await new Promise((r) => setTimeout(r, 50));
    const summary = [...statuses].sort().map(([k, v]) => `${k}: ${v}`).join(', ');
    console.log(`traffic: ${sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s to ${values.url} (${summary})`);
    // Exit 1 when the service never answered, so a wrong --url is not mistaken for a run.
    process.exitCode = [...statuses.keys()].some((k) => typeof k === 'number') ? 0 : 1;
  }
}

module.exports = { driveTraffic };
