/**
 * The `/metrics` handler an app mounts on its own server, for node:http, Express, Koa-style
 * `(req, res)` callers and Fastify (`reply.raw`). It serves whatever the running SDK's Prometheus
 * reader collects: @otelkit/node registers that reader here under a process-wide key, so the
 * handler works whether it was imported before or after `start()` and from any copy of this package.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { diagLog, warnOnce } from '@otelkit/core';
import { PROMETHEUS_CONTENT_TYPE } from './serialize.js';

/** Something that can produce the exposition text; concurrent calls should share one collection. */
export interface PrometheusCollector {
  collect(): Promise<string>;
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
export function coalesce(collect: () => Promise<string>): () => Promise<string> {
  let inFlight: Promise<string> | undefined;
  return () => {
    inFlight ??= collect().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}

// The last body, encoded once: scrapes that share one collection (a storm, M3) share the bytes too,
// instead of each encoding megabytes of text on the event loop. Kept until the next turn only.
let lastText: string | undefined;
let lastBytes: Buffer | undefined;

function encoded(text: string): Buffer {
  if (text === lastText && lastBytes !== undefined) return lastBytes;
  const bytes = Buffer.from(text);
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
    const body = encoded(await collector.collect());
    res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'content-length': body.length, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch (error) {
    warnOnce('prometheus:scrape', `a /metrics scrape failed: ${(error as Error).message}`);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('metrics collection failed\n');
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
