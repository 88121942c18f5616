/**
 * OTLP/HTTP over a plain TCP or TLS socket, for `http://` and `https://` endpoints: the request
 * line, headers and body leave in one write, and the answer is parsed here. Sending through Node's
 * HTTP client runs the client's objects through the same internals as the app's own server
 * responses (OutgoingMessage, the writable stream, the HTTP parser): their inline caches turn
 * megamorphic and every request the app serves gets slower (bench/README items 29 and 39). gzip is
 * compressed here too (on Node's thread pool, as the upstream transport's gzip stream); proxied
 * setups keep the upstream transport. The upstream retrying transport wraps this one, as it wraps
 * its own.
 */
import { connect, isIP, type Socket } from 'node:net';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { OTLPExporterError } from '@opentelemetry/otlp-exporter-base';
import { abandonedError, exportsAbandoned, inFlightSockets } from './export-state.js';
import type { OtlpTlsFiles } from './tls-files.js';

/** What the upstream retrying transport expects from a transport. */
export type SocketExportResponse =
  | { status: 'success'; data?: Uint8Array }
  | { status: 'failure'; error: Error }
  | { status: 'retryable'; retryInMillis?: number; error?: Error };

// As the upstream transport: a larger answer is a failure, not a buffer without bound.
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const hangUp = (): SocketExportResponse => ({ status: 'retryable', error: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
const tooLarge = (): Error => new Error(`OTLP export response body exceeded size limit of ${MAX_RESPONSE_BYTES} bytes`);
const MAX_HEAD_BYTES = 64 * 1024;
// Idle sockets are closed after this long (collectors close theirs after 30 s or more), and at most
// this many are kept.
const IDLE_MS = 15_000;
const MAX_IDLE = 4;
const RETRYABLE_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH']);
const INVALID_HEADER = /[\r\n\0]|^$/;

/** True when this transport can carry the export: http or https, no compression or gzip, sane headers, no proxy. */
export function socketTransportApplies(url: string, compression: string | undefined, headers: Record<string, string>, env: NodeJS.ProcessEnv = process.env): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.username !== '' || parsed.password !== '') return false;
  if (compression !== undefined && compression !== 'none' && compression !== 'gzip') return false;
  // Node's http client honours HTTP_PROXY and friends when NODE_USE_ENV_PROXY is set: keep it then.
  if (env['NODE_USE_ENV_PROXY'] !== undefined && env['NODE_USE_ENV_PROXY'] !== '' && env['NODE_USE_ENV_PROXY'] !== '0') return false;
  if (process.execArgv.some((a) => a.startsWith('--use-env-proxy'))) return false;
  for (const [name, value] of Object.entries(headers)) if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || INVALID_HEADER.test(String(value))) return false;
  return true;
}

function retryAfterMs(value: string | undefined): number | undefined {
  // The upstream rule: seconds, or an HTTP date; 0 when the date has passed.
  if (value === undefined) return undefined;
  const seconds = Number.parseInt(value, 10);
  if (Number.isInteger(seconds)) return seconds > 0 ? seconds * 1000 : -1;
  const delay = new Date(value).getTime() - Date.now();
  return delay >= 0 ? delay : 0;
}

interface ParsedHead {
  status: number;
  statusText: string;
  headers: Map<string, string>;
  bodyStart: number;
}

function parseHead(buf: Buffer): ParsedHead | undefined | Error {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return buf.length > MAX_HEAD_BYTES ? new Error('OTLP export response head too large') : undefined;
  const lines = buf.toString('latin1', 0, end).split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (m === null) return new Error('malformed OTLP export response');
  const headers = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { status: Number(m[1]), statusText: m[2] ?? '', headers, bodyStart: end + 4 };
}

/** Decodes a chunked body; undefined while incomplete, an Error when malformed. */
function dechunk(buf: Buffer, start: number): { body: Buffer; end: number } | undefined | Error {
  const parts: Buffer[] = [];
  let pos = start;
  let total = 0;
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', pos);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(buf.toString('latin1', pos, lineEnd).split(';')[0]!, 16);
    if (!Number.isInteger(size) || size < 0) return new Error('malformed chunked OTLP export response');
    if (size === 0) {
      // The last chunk; trailers (if any) end with an empty line.
      const trailerEnd = buf.indexOf('\r\n\r\n', lineEnd);
      return trailerEnd < 0 ? undefined : { body: Buffer.concat(parts, total), end: trailerEnd + 4 };
    }
    if (buf.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
    total += size;
    if (total > MAX_RESPONSE_BYTES) return tooLarge();
    pos = lineEnd + 2 + size + 2;
  }
}

// node:zlib is loaded at the first compressed export, not with the transport.
let gzipFn: ((data: Uint8Array, done: (error: Error | null, result: Buffer) => void) => void) | undefined;
function gzip(data: Uint8Array): Promise<Buffer> {
  gzipFn ??= process.getBuiltinModule('node:zlib').gzip;
  return new Promise((resolve, reject) => gzipFn!(data, (error, result) => (error === null ? resolve(result) : reject(error))));
}

/** How a SocketExportTransport sends. */
export interface SocketTransportOptions {
  /** `gzip` compresses each body; anything else sends it as it is. */
  compression?: string | undefined;
  /** CA, client certificate and key for an https endpoint (OTEL_EXPORTER_OTLP_*CERTIFICATE, *_CLIENT_KEY). */
  tls?: OtlpTlsFiles | undefined;
  /** How long a kept connection may stay idle. Default 15 s. */
  idleMillis?: number | undefined;
}

/** The OTLP/HTTP transport on its own sockets, keeping a few idle ones open between exports. */
export class SocketExportTransport {
  private readonly idle: Array<{ socket: Socket; timer: NodeJS.Timeout }> = [];
  private readonly host: string;
  private readonly port: number;
  private readonly requestHead: string;
  private readonly compress: boolean;
  private readonly idleMillis: number;
  /** TLS connection options for an https endpoint; undefined for plain http. */
  private readonly tls: ConnectionOptions | undefined;
  /** The last TLS session the receiver gave, offered again by the next connection (a shorter handshake). */
  private tlsSession: Buffer | undefined;
  private closed = false;

  constructor(url: string, headers: Record<string, string>, options: SocketTransportOptions = {}) {
    const u = new URL(url);
    const secure = u.protocol === 'https:';
    this.host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
    this.port = u.port === '' ? (secure ? 443 : 80) : Number(u.port);
    this.compress = options.compression === 'gzip';
    this.idleMillis = options.idleMillis ?? IDLE_MS;
    // As https.Agent: SNI names a host, never an address (RFC 6066), and the certificate is checked
    // against the host either way. NODE_EXTRA_CA_CERTS and NODE_TLS_REJECT_UNAUTHORIZED apply as there.
    this.tls = secure ? { ...options.tls, ...(isIP(this.host) === 0 ? { servername: this.host } : {}) } : undefined;
    let head = `POST ${u.pathname || '/'}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    if (this.compress) head += 'Content-Encoding: gzip\r\n';
    this.requestHead = head;
  }

  private connect(): Socket {
    if (this.tls === undefined) return connect({ host: this.host, port: this.port });
    // node:tls is loaded at the first https export, not with the transport.
    const socket: TLSSocket = process.getBuiltinModule('node:tls').connect({ ...this.tls, host: this.host, port: this.port, session: this.tlsSession });
    socket.on('session', (session: Buffer) => (this.tlsSession = session));
    return socket;
  }

  async send(payload: Uint8Array, timeoutMillis: number): Promise<SocketExportResponse> {
    try {
      // Compressed once per send: the second attempt below (a stale kept connection) reuses the bytes.
      const data = this.compress ? await gzip(payload) : payload;
      if (exportsAbandoned()) return { status: 'failure', error: abandonedError() };
      let reused = this.takeIdle();
      while (reused !== undefined && (reused.destroyed || !reused.writable)) {
        reused.destroy();
        reused = this.takeIdle();
      }
      if (reused !== undefined) {
        const result = await this.attempt(reused, true, data, timeoutMillis);
        // The collector may close an idle connection just as it is reused: nothing was answered, so
        // the request goes once more on a new connection (unless the exports were abandoned).
        if (result !== 'stale') return result;
        if (exportsAbandoned()) return { status: 'failure', error: abandonedError() };
      }
      // A new connection never answers 'stale'.
      return (await this.attempt(this.connect(), false, data, timeoutMillis)) as SocketExportResponse;
    } catch (error) {
      return { status: 'failure', error: error instanceof Error ? error : new Error(String(error)) };
    }
  }

  shutdown(): void {
    this.closed = true;
    for (const { socket, timer } of this.idle.splice(0)) {
      clearTimeout(timer);
      socket.destroy();
    }
  }

  private takeIdle(): Socket | undefined {
    const entry = this.idle.pop();
    if (entry === undefined) return undefined;
    clearTimeout(entry.timer);
    return entry.socket;
  }

  /** One request on a socket; 'stale' when a kept (reused) socket failed before any answer. */
  private attempt(socket: Socket, reused: boolean, data: Uint8Array, timeoutMillis: number): Promise<SocketExportResponse | 'stale'> {
    return new Promise((resolve) => {
      inFlightSockets().add(socket);
      socket.removeAllListeners('close');
      socket.removeAllListeners('error');
      socket.ref();
      let buf: Buffer | undefined;
      let received = false;
      let done = false;
      const finish = (result: SocketExportResponse | 'stale', keep: boolean): void => {
        if (done) return;
        done = true;
        inFlightSockets().delete(socket);
        clearTimeout(timer);
        socket.removeListener('data', onData);
        socket.removeListener('end', onEnd);
        socket.removeListener('error', onError);
        socket.removeListener('close', onClose);
        // An answer that came before the whole request was written leaves the connection mid-request:
        // it is not reused, and the rest of the write is dropped with it.
        if (keep && !this.closed && socket.writableLength === 0 && this.idle.length < MAX_IDLE) this.keepIdle(socket);
        else socket.destroy();
        resolve(result);
      };
      const answer = (head: ParsedHead, body: Buffer, keep: boolean): void => {
        const { status } = head;
        if (status >= 200 && status <= 299) finish({ status: 'success', data: body }, keep);
        else if (status === 429 || status === 502 || status === 503 || status === 504) finish({ status: 'retryable', retryInMillis: retryAfterMs(head.headers.get('retry-after')) }, keep);
        else finish({ status: 'failure', error: new OTLPExporterError(head.statusText, status, body.toString()) }, keep);
      };
      const tryParse = (ended: boolean): void => {
        if (buf === undefined) return;
        const head = parseHead(buf);
        if (head instanceof Error) return finish({ status: 'failure', error: head }, false);
        if (head === undefined) return;
        if (head.status >= 100 && head.status < 200) {
          // An interim answer (100 Continue): drop it and read the final one.
          buf = buf.subarray(head.bodyStart);
          return tryParse(ended);
        }
        const keep = head.headers.get('connection')?.toLowerCase() !== 'close';
        if (head.headers.get('transfer-encoding')?.toLowerCase().includes('chunked')) {
          const chunked = dechunk(buf, head.bodyStart);
          if (chunked instanceof Error) return finish({ status: 'failure', error: chunked }, false);
          if (chunked !== undefined) answer(head, chunked.body, keep && chunked.end === buf.length);
          else if (ended) finish({ status: 'retryable', error: new Error('OTLP export response ended early') }, false);
          return;
        }
        const lengthHeader = head.headers.get('content-length');
        if (lengthHeader === undefined) {
          // No length: the body runs to the end of the connection.
          if (buf.length - head.bodyStart > MAX_RESPONSE_BYTES) return finish({ status: 'failure', error: tooLarge() }, false);
          if (ended) answer(head, buf.subarray(head.bodyStart), false);
          return;
        }
        const length = Number(lengthHeader);
        if (!Number.isInteger(length) || length < 0) return finish({ status: 'failure', error: new Error('malformed OTLP export response') }, false);
        if (length > MAX_RESPONSE_BYTES) return finish({ status: 'failure', error: tooLarge() }, false);
        if (buf.length >= head.bodyStart + length) answer(head, buf.subarray(head.bodyStart, head.bodyStart + length), keep && buf.length === head.bodyStart + length);
        else if (ended) finish({ status: 'retryable', error: new Error('OTLP export response ended early') }, false);
      };
      const onData = (chunk: Buffer): void => {
        received = true;
        buf = buf === undefined ? chunk : Buffer.concat([buf, chunk]);
        tryParse(false);
      };
      const onEnd = (): void => {
        if (!received) return finish(reused ? 'stale' : hangUp(), false);
        tryParse(true);
        finish({ status: 'retryable', error: new Error('OTLP export response ended early') }, false);
      };
      const onError = (error: NodeJS.ErrnoException): void => {
        // Any error on a kept connection before an answer (reset, broken pipe, write after its end)
        // means the collector closed it.
        if (!received && reused) return finish('stale', false);
        const retryable = typeof error.code === 'string' && RETRYABLE_NETWORK_CODES.has(error.code);
        finish(retryable ? { status: 'retryable', error } : { status: 'failure', error }, false);
      };
      const onClose = (): void => {
        if (!received && reused) return finish('stale', false);
        finish(hangUp(), false);
      };
      const timer = setTimeout(() => finish({ status: 'retryable', error: new Error('Request timed out') }, false), timeoutMillis);
      socket.on('data', onData);
      socket.on('end', onEnd);
      socket.on('error', onError);
      socket.on('close', onClose);
      socket.cork();
      socket.write(`${this.requestHead}Content-Length: ${data.byteLength}\r\n\r\n`, 'latin1');
      socket.write(data);
      socket.uncork();
    });
  }

  private keepIdle(socket: Socket): void {
    const drop = (): void => {
      const i = this.idle.findIndex((e) => e.socket === socket);
      if (i >= 0) clearTimeout(this.idle.splice(i, 1)[0]!.timer);
      socket.destroy();
    };
    socket.unref();
    socket.on('close', drop);
    socket.on('error', drop);
    // A timer of its own, not socket.setTimeout(): that is Node's stream timeout, which the app's
    // server calls on every response it sends (the keep-alive timeout), and a client socket going
    // through it too made every request slower (polymorphic inline caches; bench/README item 38).
    const timer = setTimeout(drop, this.idleMillis);
    timer.unref();
    this.idle.push({ socket, timer });
  }
}
