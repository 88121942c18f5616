/**
 * The `/metrics` handler an app mounts on its own server, for node:http, Express, Koa-style
 * `(req, res)` callers and Fastify (`reply.raw`). It serves whatever the running SDK's Prometheus
 * reader collects: @otelkit/node registers that reader here under a process-wide key, so the
 * handler works whether it was imported before or after `start()` and from any copy of this package.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { diagLog, warnOnce } from '@otelkit/core';
import { PROMETHEUS_CONTENT_TYPE } from './serialize.js';
import { pauseIfDue } from './slice.js';

/** Something that can produce the exposition text; concurrent calls should share one collection. */
export interface PrometheusCollector {
  collect(): Promise<string>;
  /**
   * The same exposition, UTF-8 encoded in pieces (`serializePrometheusChunks`), preferred by the
   * handler when present: scrapes that share a collection then share its bytes, and a large body
   * is written a piece at a time.
   */
  collectBody?(): Promise<readonly Uint8Array[]>;
}

const KEY = Symbol.for('otelkit.metrics.prometheus.v1');
const holder = globalThis as unknown as Record<symbol, PrometheusCollector | undefined>;

/** Register (or, with undefined, remove) the process's Prometheus collector. */
export function registerPrometheusCollector(collector: PrometheusCollector | undefined): void {
  holder[KEY] = collector;
}

/** The registered collector, if an SDK with metrics is running. */
export function getPrometheusCollector(): PrometheusCollector | undefined {
  return holder[KEY];
}

/**
 * Wrap a collect function so that concurrent scrapes share one collection in progress (RELIABILITY M3):
 * a scrape storm costs one collection at a time, not one per request.
 */
export function coalesce<T>(collect: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => {
    inFlight ??= collect().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}

// For a collector that gives text only: the last body, encoded once, so that scrapes sharing one
// collection (a storm, M3) share the bytes too instead of each encoding megabytes of text on the
// event loop. Kept until the next turn only.
let lastText: string | undefined;
let lastBytes: readonly Uint8Array[] | undefined;

function encoded(text: string): readonly Uint8Array[] {
  if (text === lastText && lastBytes !== undefined) return lastBytes;
  const bytes = [Buffer.from(text)];
  if (lastText === undefined) {
    setImmediate(() => {
      lastText = undefined;
      lastBytes = undefined;
    }).unref();
  }
  lastText = text;
  lastBytes = bytes;
  return bytes;
}

// Bytes handed to the socket per write. Coalesced scrapes all get their body when one collection
// ends: written in one go, fifty 4 MB bodies are ~100 ms of kernel copies in a single turn. A write
// is at most this much, and writes go through the time slices of `pauseIfDue`. Small writes cost the
// app more CPU in all (64 KiB: about 1.7× that of whole-body writes) but keep each turn short: in
// the shortened M3 storm on a quiet host, 32 KiB writes with 0.5 ms slices gave an app p99 of about
// 5 ms, against 12-15 ms with 1 MiB writes and 2 ms slices.
const WRITE_BYTES = 32 * 1024;

/** Resolves when `res` can take more, or is closed. */
function writable(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** `body` cut or grouped into runs of about WRITE_BYTES (views, no copies). */
function* writeGroups(body: readonly Uint8Array[]): Generator<Uint8Array[], void> {
  let group: Uint8Array[] = [];
  let size = 0;
  for (const chunk of body) {
    for (let at = 0; at < chunk.length; at += WRITE_BYTES) {
      const part = at === 0 && chunk.length <= WRITE_BYTES ? chunk : chunk.subarray(at, at + WRITE_BYTES);
      if (size > 0 && size + part.length > WRITE_BYTES) {
        yield group;
        group = [];
        size = 0;
      }
      group.push(part);
      size += part.length;
    }
  }
  if (size > 0) yield group;
}

/** Write `body` a group at a time (one writev each), yielding to the app between slices; stops if the client goes away. */
async function writeBody(res: ServerResponse, body: readonly Uint8Array[]): Promise<void> {
  for (const group of writeGroups(body)) {
    const pause = pauseIfDue();
    if (pause !== undefined) await pause;
    if (res.destroyed) return;
    res.cork();
    let more = true;
    for (const part of group) more = res.write(part);
    res.uncork();
    if (!more) await writable(res);
  }
  if (!res.destroyed) res.end();
}

// Compressed bodies, one per collection: scrapes that share a collection share its gzip too. The
// text is label names and numbers and shrinks 20-30 times (3.8 MB to 139 KB for 2,000 histogram
// series), and the app spends about a quarter less CPU a scrape (docs/reliability.md, "M3: where a
// large scrape's time goes"). The compression runs on libuv's thread pool.
const gzipped = new WeakMap<readonly Uint8Array[], Promise<readonly Uint8Array[]>>();
// Below this a body goes out as is: compression would save less than its own headers and round trip.
const GZIP_MIN_BYTES = 1024;

function gzipOnce(body: readonly Uint8Array[]): Promise<readonly Uint8Array[]> {
  let done = gzipped.get(body);
  if (done === undefined) {
    const input = body.length === 1 ? body[0]! : Buffer.concat(body);
    // Loaded on the first compressed scrape: node:zlib at startup costs every process ~2 ms.
    const zlib = process.getBuiltinModule('node:zlib');
    // Level 1: for this text it is several times faster than the default and nearly as small.
    done = new Promise((resolve) => {
      zlib.gzip(input, { level: zlib.constants.Z_BEST_SPEED }, (error, out) => {
        if (error !== null) {
          warnOnce('prometheus:gzip', `compressing a /metrics body failed, serving it uncompressed: ${error.message}`);
          resolve(body);
        } else resolve([out]);
      });
    });
    gzipped.set(body, done);
  }
  return done;
}

/**
 * Whether the client accepts gzip (RFC 9110 Accept-Encoding, as Prometheus sends it: `gzip`).
 * `gzip;q=0` refuses it; `*` accepts it unless gzip is named with q=0.
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  const value = Array.isArray(header) ? header.join(',') : header;
  let star = false;
  for (const part of value.split(',')) {
    const [name = '', ...params] = part.split(';');
    const coding = name.trim().toLowerCase();
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') continue;
    let q = 1;
    for (const param of params) {
      const [key = '', v = ''] = param.split('=');
      if (key.trim().toLowerCase() === 'q') q = Number(v.trim());
    }
    const accepted = Number.isFinite(q) && q > 0;
    if (coding === '*') star = accepted;
    else return accepted;
  }
  return star;
}

function byteLength(body: readonly Uint8Array[]): number {
  let n = 0;
  for (const chunk of body) n += chunk.length;
  return n;
}

/** Write one scrape response. Never throws and never rejects. */
export async function writeMetricsResponse(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    const collector = getPrometheusCollector();
    if (collector === undefined) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('no metrics pipeline is running (OTEL_SDK_DISABLED, OTEL_METRICS_EXPORTER=none, or otelkit not started)\n');
      return;
    }
    const plain = collector.collectBody !== undefined ? await collector.collectBody() : encoded(await collector.collect());
    const compress = byteLength(plain) >= GZIP_MIN_BYTES && acceptsGzip(req.headers['accept-encoding']);
    const body = compress ? await gzipOnce(plain) : plain;
    const headers: Record<string, string | number> = { 'content-type': PROMETHEUS_CONTENT_TYPE, 'content-length': byteLength(body), 'cache-control': 'no-store', vary: 'Accept-Encoding' };
    if (body !== plain) headers['content-encoding'] = 'gzip';
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else await writeBody(res, body);
  } catch (error) {
    warnOnce('prometheus:scrape', `a /metrics scrape failed: ${(error as Error).message}`);
    // Part of a body may be out already (its length announced): then only closing the connection tells the client.
    if (res.headersSent) res.destroy();
    else res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics collection failed\n');
  }
}

export interface MetricsHandlerOptions {
  /** Path served (default `/metrics`); other paths fall through to `next` or return false. */
  path?: string;
}

/**
 * A handler for `/metrics`. As node:http code: `if (handle(req, res)) return;`. As Express or Connect
 * middleware: `app.use(handle)` (other paths go to `next`). For Fastify:
 * `app.get('/metrics', (req, reply) => { reply.hijack(); handle(req.raw, reply.raw); })`.
 */
export function metricsHandler(options: MetricsHandlerOptions = {}): (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => boolean {
  const path = options.path ?? '/metrics';
  return (req, res, next) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    if ((q < 0 ? url : url.slice(0, q)) !== path) {
      next?.();
      return false;
    }
    writeMetricsResponse(req, res).catch((error: unknown) => diagLog('debug', `metrics response: ${String(error)}`));
    return true;
  };
}
