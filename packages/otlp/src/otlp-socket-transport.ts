/**
 * OTLP/HTTP over a plain TCP or TLS socket, for `http://` and `https://` endpoints: the request
 * line, headers and body leave in one write, and the answer is parsed here. Sending through Node's
 * HTTP client runs the client's objects through the same internals as the app's own server
 * responses (OutgoingMessage, the writable stream, the HTTP parser): their inline caches turn
 * megamorphic and every request the app serves gets slower (docs/performance.md, "Exports on otelkit's own
 * sockets" and "https exports on otelkit's sockets, with the TLS files read"). gzip is
 * compressed here too (on Node's thread pool, as the upstream transport's gzip stream); proxied
 * setups go through Node's HTTP client (otlp-node-http-transport.ts). otelkit's retry policy
 * (export-retry.ts) wraps both.
 */
import { connect, isIP, type Socket } from 'node:net';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { OTLPExporterError } from '@opentelemetry/otlp-exporter-base';
import { outsideRequests, rememberStartFrame } from '@otelkit/core';
import { abandonedError, exportsAbandoned, inFlightSockets } from './export-state.js';
import { isRetryableNetworkError, isRetryableStatus, parseRetryAfter, timeoutError } from './export-retry.js';
import type { OtlpTlsFiles } from './tls-files.js';

/** What the retrying transport (export-retry.ts) expects from a transport. */
export type SocketExportResponse =
  | { status: 'success'; data?: Uint8Array }
  | { status: 'failure'; error: Error }
  | { status: 'retryable'; retryInMillis?: number; error?: Error };

// As the upstream transport: a larger answer is a failure, not a buffer without bound.
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const hangUp = (): SocketExportResponse => ({ status: 'retryable', error: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
const tooLarge = (): Error => Object.assign(new Error(`OTLP export response body exceeded size limit of ${MAX_RESPONSE_BYTES} bytes`), { errorType: 'response_too_large' });
const MAX_HEAD_BYTES = 64 * 1024;
// Idle sockets are closed after this long (collectors close theirs after 30 s or more), and at most
// this many are kept.
const IDLE_MS = 15_000;
const MAX_IDLE = 4;
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

/*
 * Reading the answer: the message-length rules of RFC 9112 section 6.3. Only POST is sent (never
 * HEAD or CONNECT), so the body of an answer is, in this order:
 * - none for 1xx, 204 and 304, whatever their headers say. 1xx answers are interim: skipped, and the
 *   next answer is read from the same connection (101 was never asked for: it fails);
 * - with Transfer-Encoding ending in chunked: the chunks, extensions and trailers read and dropped;
 *   with any other Transfer-Encoding: everything up to the end of the connection;
 * - with Content-Length (1*DIGIT; repeated, only the same value): that many bytes;
 * - otherwise everything up to the end of the connection.
 * Framing that can't be trusted (a bad or conflicting Content-Length, both Transfer-Encoding and
 * Content-Length, Transfer-Encoding on HTTP/1.0, a bad chunk) fails the export, and the connection
 * is closed: the next answer read from it might not start where this one ends. A connection is kept
 * only when the answer ended by its framing with nothing after it, and neither `Connection: close`
 * nor HTTP/1.0 without keep-alive said otherwise. gzip content (or transfer) coding is undone before
 * the body reaches the deserializer, which reads protobuf or JSON (otlp-response.ts); the common
 * answer (no coding) takes no extra step.
 */

interface ResponseHead {
  status: number;
  statusText: string;
  /** Where the body starts in the buffer. */
  bodyStart: number;
  http10: boolean;
  /** Field values, joined with ", " when repeated; undefined when absent. */
  contentLength: string | undefined;
  transferEncoding: string | undefined;
  contentEncoding: string | undefined;
  connection: string | undefined;
  retryAfter: string | undefined;
}

/** A whole answer: its body still in its codings (listed in the order they were applied). */
interface ResponseMessage {
  head: ResponseHead;
  body: Buffer;
  keep: boolean;
  codings: string[] | undefined;
}

const EMPTY = Buffer.alloc(0);
const malformed = (why: string): Error => new Error(`malformed OTLP export response: ${why}`);

function joined(previous: string | undefined, value: string): string {
  return previous === undefined ? value : `${previous}, ${value}`;
}

function hasToken(list: string | undefined, token: string): boolean {
  return list !== undefined && list.split(',').some((t) => t.trim().toLowerCase() === token);
}

/** Parses the answer head starting at `start`; undefined while incomplete. */
function parseHead(buf: Buffer, start: number): ResponseHead | undefined | Error {
  const end = buf.indexOf('\r\n\r\n', start);
  if (end < 0) return buf.length - start > MAX_HEAD_BYTES ? new Error('OTLP export response head too large') : undefined;
  const text = buf.toString('latin1', start, end + 2);
  let lineEnd = text.indexOf('\r\n');
  const m = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(text.slice(0, lineEnd));
  if (m === null) return malformed('not an HTTP/1.x status line');
  const head: ResponseHead = { status: Number(m[2]), statusText: m[3] ?? '', bodyStart: end + 4, http10: m[1] === '0', contentLength: undefined, transferEncoding: undefined, contentEncoding: undefined, connection: undefined, retryAfter: undefined };
  // Only the fields read here are looked at, matched by length first: the others cost no string.
  let last: keyof ResponseHead | undefined;
  for (let pos = lineEnd + 2; pos < text.length; pos = lineEnd + 2) {
    lineEnd = text.indexOf('\r\n', pos);
    const first = text.charCodeAt(pos);
    if (first === 32 || first === 9) {
      // obs-fold: the line continues the previous field (RFC 9112 section 5.2).
      if (last !== undefined) (head[last] as string) += ` ${text.slice(pos, lineEnd).trim()}`;
      continue;
    }
    last = undefined;
    const colon = text.indexOf(':', pos);
    if (colon < 0 || colon > lineEnd) continue;
    const n = colon - pos;
    const name = n === 14 || n === 17 || n === 16 || n === 10 || n === 11 ? text.slice(pos, colon).toLowerCase() : '';
    if (name === 'content-length') last = 'contentLength';
    else if (name === 'transfer-encoding') last = 'transferEncoding';
    else if (name === 'content-encoding') last = 'contentEncoding';
    else if (name === 'connection') last = 'connection';
    else if (name === 'retry-after') last = 'retryAfter';
    else continue;
    const value = text.slice(colon + 1, lineEnd).trim();
    head[last] = last === 'retryAfter' ? value : joined(head[last], value);
  }
  return head;
}

/** Content-Length as a number: -1 when absent, -2 when invalid or conflicting. */
function contentLength(value: string | undefined): number {
  if (value === undefined) return -1;
  if (/^\d{1,15}$/.test(value)) return Number(value);
  let length = -1;
  for (const part of value.split(',')) {
    const v = part.trim();
    if (!/^\d{1,15}$/.test(v) || (length !== -1 && Number(v) !== length)) return -2;
    length = Number(v);
  }
  return length;
}

/** The codings of a field, lower case, without identity; undefined when none is left. */
function codingList(value: string): string[] | undefined {
  const list = value.split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '' && c !== 'identity');
  return list.length > 0 ? list : undefined;
}

/** The size on a chunk line (1*HEXDIG, then BWS and extensions); -1 when malformed. */
function chunkSize(buf: Buffer, from: number, to: number): number {
  let size = 0;
  let i = from;
  for (; i < to && i - from < 16; i++) {
    const c = buf[i]! | 32;
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (digit < 0) break;
    size = size * 16 + digit;
  }
  if (i === from) return -1;
  while (i < to && (buf[i] === 32 || buf[i] === 9)) i++;
  return i === to || buf[i] === 59 ? size : -1;
}

/** Reads one answer from the bytes of a connection, as they come. */
class ResponseReader {
  private buf: Buffer | undefined;
  /** The buffer `buf` grows in once an answer comes in several pieces (see append). */
  private backing: Buffer | undefined;
  private head: ResponseHead | undefined;
  /** The next unread byte: the start of a head, then of the body or of the next chunk line. */
  private pos = 0;
  /** -1: up to the end of the connection; -2: chunked; else the body's length. */
  private length = 0;
  private codings: string[] | undefined;
  private keep = false;
  private chunks: Buffer[] | undefined;
  private total = 0;
  /** Data bytes of the current chunk not read yet; then whether its closing CRLF is still due. */
  private chunkLeft = 0;
  private chunkEnd = false;

  /** Takes bytes; returns the answer once whole, an Error when it can't be read, else undefined. */
  push(chunk: Buffer): ResponseMessage | Error | undefined {
    this.buf = this.buf === undefined ? chunk : this.append(this.buf, chunk);
    return this.read(false);
  }

  /**
   * `buf` and then `chunk`, in a backing buffer that doubles when full: an answer read in many
   * pieces (a large or hostile body, up to the 4 MiB limit) costs its size in copies, where a new
   * buffer per piece cost the square (~130 MiB of copies for 4 MiB in 64 KiB pieces). It never
   * grows past what the answer can take: its announced length, else the limit. The bytes already
   * handed out (views of the backing) are never written again.
   */
  private append(buf: Buffer, chunk: Buffer): Buffer {
    const length = buf.length + chunk.length;
    const backing = this.backing;
    if (backing !== undefined && buf.buffer === backing.buffer && buf.byteOffset === backing.byteOffset && backing.length >= length) {
      chunk.copy(backing, buf.length);
      return backing.subarray(0, length);
    }
    const most = this.head !== undefined && this.length >= 0 ? this.pos + this.length : MAX_RESPONSE_BYTES + MAX_HEAD_BYTES;
    const grown = Buffer.allocUnsafe(Math.max(length, Math.min(buf.length * 2, most)));
    buf.copy(grown, 0);
    chunk.copy(grown, buf.length);
    this.backing = grown;
    return grown.subarray(0, length);
  }

  /** At the end of the connection: the answer, an Error, or undefined when it was cut short. */
  end(): ResponseMessage | Error | undefined {
    return this.read(true);
  }

  private read(ended: boolean): ResponseMessage | Error | undefined {
    if (this.head === undefined) {
      if (this.buf === undefined) return undefined;
      const error = this.readHead(this.buf);
      if (error !== undefined) return error;
      if (this.head === undefined) return undefined;
    }
    // Read after the heads: skipping an interim answer lets go of its bytes.
    // Undefined once a chunked answer's bytes were all read (see unread).
    const buf = this.buf ?? EMPTY;
    const head: ResponseHead = this.head;
    const start = this.pos;
    if (this.length === -2) return this.readChunks(buf, head);
    if (this.length === -1) {
      if (buf.length - start > MAX_RESPONSE_BYTES) return tooLarge();
      return ended ? { head, body: buf.subarray(start), keep: false, codings: this.codings } : undefined;
    }
    if (buf.length < start + this.length) return undefined;
    const body = this.length === 0 ? EMPTY : buf.subarray(start, start + this.length);
    return { head, body, keep: this.keep && buf.length === start + this.length, codings: this.codings };
  }

  /** Reads heads until a final one and sets the framing; an Error when it can't be trusted. */
  private readHead(buf: Buffer): Error | undefined {
    for (;;) {
      const head = parseHead(buf, this.pos);
      if (head === undefined || head instanceof Error) return head;
      if (head.status >= 200) return this.frame(head);
      if (head.status === 101) return malformed('101 Switching Protocols, never asked for');
      // An interim answer (100 Continue, 103 Early Hints): dropped, and its bytes let go.
      this.buf = head.bodyStart === buf.length ? undefined : buf.subarray(head.bodyStart);
      this.pos = 0;
      if (this.buf === undefined) return undefined;
      buf = this.buf;
    }
  }

  private frame(head: ResponseHead): Error | undefined {
    this.head = head;
    this.pos = head.bodyStart;
    this.keep = head.http10 ? hasToken(head.connection, 'keep-alive') && !hasToken(head.connection, 'close') : !hasToken(head.connection, 'close');
    if (head.status === 204 || head.status === 304) {
      this.length = 0;
      return undefined;
    }
    if (head.contentEncoding !== undefined) this.codings = codingList(head.contentEncoding);
    if (head.transferEncoding !== undefined) {
      if (head.http10) return malformed('Transfer-Encoding in an HTTP/1.0 answer');
      if (head.contentLength !== undefined) return malformed('both Transfer-Encoding and Content-Length');
      const codings = codingList(head.transferEncoding) ?? [];
      if (codings.at(-1) === 'chunked') {
        codings.pop();
        this.length = -2;
      } else {
        this.length = -1;
      }
      if (codings.length > 0) this.codings = [...(this.codings ?? []), ...codings];
      return undefined;
    }
    const length = contentLength(head.contentLength);
    if (length === -2) return malformed(`Content-Length ${JSON.stringify(head.contentLength)}`);
    if (length > MAX_RESPONSE_BYTES) return tooLarge();
    this.length = length;
    return undefined;
  }

  /**
   * Keep only the bytes not read yet (none: the next piece of the connection is used as it comes),
   * so that a long chunked answer holds its chunks' data and not every byte of the connection
   * again (RSS stayed ~17 MiB up after a 4 MiB answer).
   */
  private unread(buf: Buffer): undefined {
    if (this.pos >= buf.length) this.buf = undefined;
    else if (this.pos > 0) this.buf = buf.subarray(this.pos);
    this.pos = 0;
    return undefined;
  }

  /**
   * Chunked framing, read as the bytes come: a chunk's data is kept as views of the connection's
   * pieces, whatever piece it starts or ends in; only a size line or a CRLF cut between two pieces
   * is copied.
   */
  private readChunks(buf: Buffer, head: ResponseHead): ResponseMessage | Error | undefined {
    const chunks = (this.chunks ??= []);
    for (;;) {
      if (this.chunkLeft > 0) {
        const take = Math.min(this.chunkLeft, buf.length - this.pos);
        if (take > 0) chunks.push(buf.subarray(this.pos, this.pos + take));
        this.pos += take;
        this.chunkLeft -= take;
        if (this.chunkLeft > 0) return this.unread(buf);
        this.chunkEnd = true;
      }
      if (this.chunkEnd) {
        if (buf.length < this.pos + 2) return this.unread(buf);
        if (buf[this.pos] !== 13 || buf[this.pos + 1] !== 10) return malformed('chunk longer than its size');
        this.pos += 2;
        this.chunkEnd = false;
      }
      const pos = this.pos;
      const lineEnd = buf.indexOf('\r\n', pos);
      if (lineEnd < 0) return buf.length - pos > MAX_HEAD_BYTES ? malformed('chunk line too long') : this.unread(buf);
      const size = chunkSize(buf, pos, lineEnd);
      if (size < 0) return malformed(`chunk size ${JSON.stringify(buf.toString('latin1', pos, Math.min(lineEnd, pos + 20)))}`);
      if (size === 0) {
        // The last chunk; the trailer section (dropped) ends with an empty line.
        const end = buf.indexOf('\r\n\r\n', lineEnd);
        if (end < 0) return buf.length - lineEnd > MAX_HEAD_BYTES ? malformed('trailers too large') : undefined;
        const body = chunks.length === 1 ? chunks[0]! : chunks.length === 0 ? EMPTY : Buffer.concat(chunks, this.total);
        return { head, body, keep: this.keep && buf.length === end + 4, codings: this.codings };
      }
      if (this.total + size > MAX_RESPONSE_BYTES) return tooLarge();
      this.total += size;
      this.chunkLeft = size;
      this.pos = lineEnd + 2;
    }
  }
}

// node:zlib is loaded at the first compressed export (or answer), not with the transport.
let zlib: typeof import('node:zlib') | undefined;
function gzip(data: Uint8Array): Promise<Buffer> {
  zlib ??= process.getBuiltinModule('node:zlib');
  return new Promise((resolve, reject) => zlib!.gzip(data, (error, result) => (error === null ? resolve(result) : reject(error))));
}

/**
 * Undoes the codings of a body, last applied first: the body as the collector encoded it
 * (protobuf or JSON), undefined when a coding is unknown or the data doesn't decode, and the size
 * error when the decoded body would pass the limit. Never rejects.
 */
async function decodeBody(body: Buffer, codings: string[]): Promise<Buffer | undefined | Error> {
  if (body.length === 0) return body;
  zlib ??= process.getBuiltinModule('node:zlib');
  for (let i = codings.length - 1; i >= 0; i--) {
    if (codings[i] !== 'gzip' && codings[i] !== 'x-gzip') return undefined;
    const input = body;
    const out = await new Promise<Buffer | undefined | Error>((resolve) =>
      zlib!.gunzip(input, { maxOutputLength: MAX_RESPONSE_BYTES }, (error, result) => resolve(error === null ? result : (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? tooLarge() : undefined)),
    );
    if (!(out instanceof Buffer)) return out;
    body = out;
  }
  return body;
}

/** The outcome of a final answer other than 429/502/503/504; `body` undefined when unreadable. */
function answer(head: ResponseHead, body: Buffer | undefined): SocketExportResponse {
  if (head.status >= 200 && head.status <= 299) return { status: 'success', data: body };
  return { status: 'failure', error: new OTLPExporterError(statusMessage(head), head.status, body?.toString() ?? '') };
}

/** `HTTP 503 Service Unavailable`: warnings name the status whatever reason phrase came with it. */
function statusMessage(head: ResponseHead): string {
  return head.statusText === '' ? `HTTP ${head.status}` : `HTTP ${head.status} ${head.statusText}`;
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
    rememberStartFrame();
  }

  /**
   * A new connection, made in the context otelkit started in: a socket keeps the context it was made
   * in for its whole life, across many exports, and the export that opens it may have been set off
   * inside a request (@otelkit/core, start-frame.ts).
   */
  private connect(): Socket {
    return outsideRequests(() => this.open());
  }

  private open(): Socket {
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
      const reader = new ResponseReader();
      let received = false;
      let done = false;
      const finish = (result: SocketExportResponse | 'stale' | Promise<SocketExportResponse>, keep: boolean): void => {
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
      const settle = (message: ResponseMessage | Error | undefined, ended: boolean): void => {
        if (message instanceof Error) return finish({ status: 'failure', error: message }, false);
        if (message === undefined) {
          if (ended) finish({ status: 'retryable', error: new Error('OTLP export response ended early') }, false);
          return;
        }
        // The connection is free once the answer is whole; decoding a coded body comes after.
        const { head, body, keep, codings } = message;
        const status = head.status;
        // The error names the status (the error.type counted if the batch is given up).
        if (isRetryableStatus(status)) return finish({ status: 'retryable', retryInMillis: parseRetryAfter(head.retryAfter), error: new OTLPExporterError(statusMessage(head), status) }, keep);
        if (codings === undefined) return finish(answer(head, body), keep);
        finish(
          decodeBody(body, codings).then((decoded) => (decoded instanceof Error ? { status: 'failure', error: decoded } : answer(head, decoded ?? (status <= 299 ? undefined : body)))),
          keep,
        );
      };
      const onData = (chunk: Buffer): void => {
        received = true;
        settle(reader.push(chunk), false);
      };
      const onEnd = (): void => {
        if (!received) return finish(reused ? 'stale' : hangUp(), false);
        settle(reader.end(), true);
      };
      const onError = (error: NodeJS.ErrnoException): void => {
        // Any error on a kept connection before an answer (reset, broken pipe, write after its end)
        // means the collector closed it.
        if (!received && reused) return finish('stale', false);
        const retryable = isRetryableNetworkError(error);
        finish(retryable ? { status: 'retryable', error } : { status: 'failure', error }, false);
      };
      const onClose = (): void => {
        if (!received && reused) return finish('stale', false);
        finish(hangUp(), false);
      };
      const timer = setTimeout(() => finish({ status: 'retryable', error: timeoutError() }, false), timeoutMillis);
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
    // through it too made every request slower (polymorphic inline caches;
    // docs/performance.md, "No stream timeout on the export's sockets").
    const timer = outsideRequests(() => setTimeout(drop, this.idleMillis));
    timer.unref();
    this.idle.push({ socket, timer });
  }
}
