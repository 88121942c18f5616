/**
 * The `otelkit dev` process: an OTLP/HTTP receiver and the viewer (static UI plus a small JSON API)
 * on 127.0.0.1, both feeding from and reading one {@link TelemetryStore}.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { createOtlpHttpHandler, type OtlpExportBatch } from '@otelkit/testing/otlp-http';
import type { ReceivedRequest } from '@otelkit/testing';
import { NdjsonWriter, reloadNdjson, type ReloadResult } from './ndjson.js';
import { redByRoute, runtimeCharts } from './red.js';
import { TelemetryStore, type TraceQuery } from './store.js';

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** UI port; 0 picks a free one. */
  port: number;
  /** OTLP/HTTP port; 0 picks a free one. */
  otlpPort: number;
  host?: string;
  maxSpans: number;
  /** Append every accepted item to this file, after reloading what it holds. */
  ndjson?: string;
  /** Folder of the built UI (index.html, app.js, style.css and the vendored libraries). */
  uiDir: string;
  /** One line per distinct problem per minute goes here. */
  warn?: (line: string) => void;
}

/** A running viewer. */
export interface DevServer {
  readonly uiUrl: string;
  readonly otlpUrl: string;
  readonly store: TelemetryStore;
  readonly reloaded: ReloadResult | undefined;
  close(): Promise<void>;
}

/** A port that could not be bound, with the flag that sets it. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly port: number,
    readonly flag: string,
    code: string,
  ) {
    super(
      code === 'EADDRINUSE'
        ? `port ${port} (${flag}) is in use by another process: stop it, or choose another port with ${flag} <port>`
        : `cannot listen on port ${port} (${flag}): ${code}`,
    );
  }
}

const WARN_INTERVAL_MS = 60_000;
const TRACE_ID = /^[0-9a-f]{32}$/;
const UI_FILE = /^[\w.-]+$/;
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};
// uPlot sizes its canvas through style attributes, hence 'unsafe-inline' for styles only.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** One line per distinct key per minute. */
function rateLimited(warn: (line: string) => void): (key: string, line: string) => void {
  const last = new Map<string, number>();
  return (key, line) => {
    const now = Date.now();
    if (now - (last.get(key) ?? -Infinity) < WARN_INTERVAL_MS) return;
    if (last.size > 1000) last.clear();
    last.set(key, now);
    warn(line);
  };
}

function listen(server: Server, port: number, host: string, flag: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => reject(new PortInUseError(port, flag, error.code ?? error.message));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': String(data.length), 'cache-control': 'no-store' });
  res.end(data);
}

/** The trace search of a `/api/traces` query string. */
export function parseTraceQuery(params: URLSearchParams): TraceQuery {
  const query: TraceQuery = {};
  const str = (name: string): string | undefined => {
    const v = params.get(name)?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const traceId = str('traceId');
  if (traceId !== undefined) query.traceId = traceId;
  const service = str('service');
  if (service !== undefined) query.service = service;
  const route = str('route');
  if (route !== undefined) query.route = route;
  const status = str('status');
  if (status !== undefined) query.status = status;
  const min = Number(str('minMs'));
  if (Number.isFinite(min) && min > 0) query.minDurationMs = min;
  const attributes = params
    .getAll('attr')
    .map((a) => a.trim())
    .filter((a) => a.includes('='))
    .map((a) => [a.slice(0, a.indexOf('=')).trim(), a.slice(a.indexOf('=') + 1).trim()] as const);
  if (attributes.length > 0) query.attributes = attributes;
  return query;
}

/** Requests whose Host is not this machine are refused, so a web page cannot reach the viewer through DNS rebinding. */
function isLocalHost(header: string | undefined): boolean {
  const host = (header ?? '').replace(/:\d+$/, '').toLowerCase();
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

/** Start the receiver and the viewer. Rejects with {@link PortInUseError} when a port cannot be bound. */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const host = options.host ?? '127.0.0.1';
  const store = new TelemetryStore({ maxSpans: options.maxSpans });
  const warn = rateLimited(options.warn ?? ((line) => process.stderr.write(`${line}\n`)));

  let reloaded: ReloadResult | undefined;
  let writer: NdjsonWriter | undefined;
  if (options.ndjson !== undefined) {
    reloaded = await reloadNdjson(options.ndjson, store);
    writer = new NdjsonWriter(options.ndjson);
  }

  const onExport = (batch: OtlpExportBatch): void => {
    if (batch.signal === 'traces') store.addSpans(batch.spans);
    else if (batch.signal === 'logs') store.addLogs(batch.logs);
    else store.addMetrics(batch.metrics);
    writer?.append(batch);
    if (writer?.error !== undefined) warn('ndjson', `otelkit dev: cannot append to ${options.ndjson}: ${writer.error.message}; going on in memory only`);
  };
  const onRefused = (request: ReceivedRequest): void => {
    warn(`${request.status} ${request.path}`, `otelkit dev: refused an OTLP request to ${request.path} (HTTP ${request.status}): ${request.error ?? ''}`);
  };
  const otlpServer = createServer(createOtlpHttpHandler({ onExport, onRefused }));

  const ui = createServer((req, res) => {
    handleUi(req, res, store, options.uiDir).catch((error: unknown) => {
      warn('ui', `otelkit dev: the viewer could not answer ${req.url ?? ''}: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });

  const servers: Server[] = [];
  try {
    const otlpPort = await listen(otlpServer, options.otlpPort, host, '--otlp-port');
    servers.push(otlpServer);
    const uiPort = await listen(ui, options.port, host, '--port');
    servers.push(ui);
    return {
      uiUrl: `http://${host}:${uiPort}`,
      otlpUrl: `http://${host}:${otlpPort}`,
      store,
      reloaded,
      close: async () => {
        await Promise.all(servers.map(close));
        await writer?.close();
      },
    };
  } catch (error) {
    await Promise.all(servers.map(close));
    await writer?.close();
    throw error;
  }
}

async function handleUi(req: IncomingMessage, res: ServerResponse, store: TelemetryStore, uiDir: string): Promise<void> {
  if (!isLocalHost(req.headers.host)) return sendJson(res, 403, { error: 'the viewer answers only to 127.0.0.1 and localhost' });
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'only GET' });
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  const service = url.searchParams.get('service') ?? undefined;

  if (path === '/api/traces') {
    const limit = Math.min(1000, Math.max(1, Number(url.searchParams.get('limit') ?? 200) || 200));
    return sendJson(res, 200, { version: store.version, ...store.searchTraces(parseTraceQuery(url.searchParams), limit) });
  }
  if (path.startsWith('/api/traces/')) {
    const id = path.slice('/api/traces/'.length).toLowerCase();
    const trace = TRACE_ID.test(id) ? store.trace(id) : undefined;
    if (trace === undefined) return sendJson(res, 404, { error: `no trace ${id} in the viewer (it may not have arrived yet, or was evicted)` });
    return sendJson(res, 200, { traceId: id, version: store.version, ...trace });
  }
  if (path === '/api/version') return sendJson(res, 200, { version: store.version });
  if (path === '/api/facets') return sendJson(res, 200, { ...store.facets(), metricServices: store.metricServices(), metricNames: store.metricNames() });
  if (path === '/api/red') return sendJson(res, 200, { version: store.version, routes: redByRoute(store, service) });
  if (path === '/api/runtime') return sendJson(res, 200, { version: store.version, charts: runtimeCharts(store, service) });
  if (path === '/api/stats') {
    const memory = process.memoryUsage();
    return sendJson(res, 200, { ...store.stats(), memory: { rss: memory.rss, heapUsed: memory.heapUsed } });
  }
  if (path.startsWith('/api/')) return sendJson(res, 404, { error: `no API at ${path}` });

  // Every page of the app is index.html; the app reads the path (/, /traces/<id>, /metrics).
  const file = path.startsWith('/ui/') ? path.slice(4) : 'index.html';
  if (!UI_FILE.test(file)) return sendJson(res, 404, { error: 'not found' });
  let body: Buffer;
  try {
    body = await readFile(join(uiDir, file));
  } catch {
    return sendJson(res, 404, { error: `not found: ${path}` });
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': String(body.length),
    'cache-control': 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
