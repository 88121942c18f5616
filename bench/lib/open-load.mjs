// Open-model load at a fixed rate: `node open-load.mjs <url> <rate> <seconds> [connections]` sends
// request i at its intended time start + i / rate whatever the answers do, and measures each latency
// from that intended time. A server that slows down therefore shows as latency (and requests waiting
// for a free connection count their wait), never as a lower rate: no coordinated omission. Requests
// still unanswered `DRAIN_MS` after the last intended send are counted as unanswered, with the time
// they had waited as a lower bound of their latency. Prints one JSON line (LoadSummary).
// Run it pinned to the load core (it is a process of its own for that reason).
//
// HTTP/1.1 GETs on raw keep-alive sockets with a minimal response reader (status, Content-Length or
// chunked): node:http's client costs several times more CPU per request, and every millisecond the
// generator's loop is busy is added to the latencies it measures.
import { connect } from 'node:net';
import { argv, exit, stdout } from 'node:process';
import { pathToFileURL } from 'node:url';

export const DRAIN_MS = 10_000;

/**
 * @typedef {{
 *   scheduled: number, answered: number, unanswered: number, errors: number,
 *   errorCodes: Record<string, number>, non2xx: number,
 *   rate: number, p50: number, p99: number, max: number, lagP99: number,
 * }} LoadSummary
 * Latencies in ms from the intended send time; `lagP99` is how late the generator itself sent
 * (its 99th percentile, ms): a few ms at most, or the generator could not keep the rate.
 */

const quantile = (sorted, q) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);

/**
 * The length of the first complete response in `text` (latin1) and its status, or undefined while
 * it is incomplete.
 */
export function completeResponse(text) {
  const head = text.indexOf('\r\n\r\n');
  if (head < 0) return undefined;
  const status = Number(text.slice(9, 12));
  const headers = text.slice(0, head);
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(headers);
  if (length) {
    const end = head + 4 + Number(length[1]);
    return text.length >= end ? { status, end } : undefined;
  }
  if (/\r\ntransfer-encoding:[^\r]*chunked/i.test(headers)) {
    const last = text.indexOf('\r\n0\r\n\r\n', head + 2);
    return last < 0 ? undefined : { status, end: last + 7 };
  }
  return { status, end: head + 4 };
}

/** Run the load; resolves with its LoadSummary. */
export async function openLoad(url, rate, seconds, connections = 64) {
  const target = new URL(url);
  const requestText = `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n\r\n`;
  const total = Math.round(rate * seconds);
  const latencies = new Float64Array(total).fill(Number.NaN);
  const lags = new Float64Array(total);
  const waiting = [];
  const idle = [];
  const sockets = new Set();
  let done = 0;
  let errors = 0;
  const errorCodes = {};
  let non2xx = 0;
  let allDone;
  const finished = new Promise((resolve) => (allDone = resolve));
  const start = performance.now() + 20;
  const intended = (i) => start + (i * 1000) / rate;
  const settle = (i, status) => {
    latencies[i] = performance.now() - intended(i);
    if (status !== undefined && (status < 200 || status > 299)) non2xx++;
    if (++done === total) allDone();
  };

  /** A keep-alive connection: one request at a time; a request that finds none free waits. */
  const open = () => {
    const conn = { socket: connect(Number(target.port || 80), target.hostname), current: -1, text: '' };
    sockets.add(conn.socket);
    conn.socket.setNoDelay(true);
    conn.socket.setEncoding('latin1');
    conn.socket.on('data', (chunk) => {
      conn.text += chunk;
      const r = completeResponse(conn.text);
      if (r === undefined || conn.current < 0) return;
      conn.text = conn.text.slice(r.end);
      const i = conn.current;
      conn.current = -1;
      settle(i, r.status);
      next(conn);
    });
    const lost = (error) => {
      sockets.delete(conn.socket);
      conn.socket.destroy();
      const at = idle.indexOf(conn);
      if (at >= 0) idle.splice(at, 1);
      if (conn.current >= 0) {
        errors++;
        const code = error?.code ?? 'closed';
        errorCodes[code] = (errorCodes[code] ?? 0) + 1;
        const i = conn.current;
        conn.current = -1;
        settle(i, undefined);
      }
      // Requests that waited for this connection get a new one.
      if (waiting.length > 0 && sockets.size < connections) next(open());
    };
    conn.socket.on('error', lost);
    conn.socket.on('close', () => lost(undefined));
    return conn;
  };
  const next = (conn) => {
    if (waiting.length === 0) return void idle.push(conn);
    conn.current = waiting.shift();
    conn.socket.write(requestText);
  };
  const send = (i) => {
    waiting.push(i);
    const conn = idle.pop() ?? (sockets.size < connections ? open() : undefined);
    if (conn !== undefined) next(conn);
  };

  let sent = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && intended(sent) <= now) {
        lags[sent] = now - intended(sent);
        send(sent++);
      }
      if (sent === total) return resolve();
      setTimeout(tick, Math.max(0, intended(sent) - performance.now()));
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
  waiting.length = 0;
  for (const socket of sockets) socket.destroy();
  const sorted = latencies.sort();
  return {
    scheduled: total,
    answered: total - unanswered - errors,
    unanswered,
    errors,
    errorCodes,
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
  // Sockets closed at the deadline may still hold the loop: the summary is all that is wanted.
  stdout.write(`${JSON.stringify(summary)}\n`, () => exit(0));
}
