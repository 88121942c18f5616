/**
 * A fault-injecting OTLP/HTTP collector for the reliability scenarios (RELIABILITY.md, "Harness").
 *
 * It decodes protobuf and JSON for traces, metrics and logs with @otelkit/testing's decoder (the
 * official protos), and answers each request as a script says: a status with `Retry-After` (seconds,
 * HTTP date or garbage), a delay, no answer at all (blackhole), a reset right after the headers, a
 * 200 whose body is huge or a gzip bomb, or a partial success. The script is a function of the
 * request (its index, signal, and time since the receiver started), so faults can be set per request
 * or by time. `down()` closes the port (ECONNREFUSED) and `up()` opens the same port again.
 *
 * Every item (span, log record, metric data point) carrying a `test.seq` attribute is counted by
 * that value, so a test can tell delivered from lost and see duplicates; every request keeps its
 * arrival and end times (retry spacing, export durations) and the receiver tracks how many requests
 * and connections were open at once.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as HttpsServerOptions } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { decodeExportRequest, exportAnswer, type OtlpSignal, type ReceivedLogRecord, type ReceivedMetric, type ReceivedSpan } from '@otelkit/testing';

/** What to do with one export request. Fields combine where that makes sense. */
export interface Fault {
  /** Answer this status (default 200). A non-2xx answer does not record the items. */
  status?: number;
  /** `Retry-After` header value, sent as it is (so garbage is possible). */
  retryAfter?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Read the request and never answer; the client has to give up (its socket is tracked). */
  blackhole?: boolean;
  /** Send the status line and headers of a 200, then reset the connection. The items are recorded. */
  resetAfterHeaders?: boolean;
  /** Answer 200 with a body of this many bytes (announced by Content-Length, or chunked with `chunked`). */
  bodyBytes?: number;
  /** Send `bodyBytes` chunked instead of with a Content-Length. */
  chunked?: boolean;
  /** Answer 200 with `Content-Encoding: gzip` and a body inflating to this many bytes. */
  gzipBombBytes?: number;
  /** Answer 200 with a partial success carrying this rejected count and message. */
  partialSuccess?: { rejected: number; message: string };
}

/** What the script sees of a request. */
export interface RequestInfo {
  /** 0 for the first export request of any signal. */
  index: number;
  /** 0 for the first request of this signal. */
  signalIndex: number;
  signal: OtlpSignal;
  /** Milliseconds since the receiver started (or since the last `reset()`). */
  elapsedMs: number;
  /** `Date.now()` when the request's headers arrived. */
  at: number;
}

/** Decides the fault for a request; undefined answers 200. */
export type Script = (request: RequestInfo) => Fault | undefined;

/** One export request as the receiver saw and answered it. */
export interface RequestRecord extends RequestInfo {
  /** `Date.now()` when the answer was written or the connection ended, whichever came first. */
  endedAt: number | undefined;
  /** How it ended: the status answered, `reset`, `blackhole` (client gave up) or `aborted`. */
  outcome: number | 'reset' | 'blackhole' | 'aborted' | undefined;
  fault: Fault | undefined;
  bodyBytes: number;
  /** SHA-1 of the body as sent: the attempts of one batch share it (retry spacing per batch). */
  bodyHash: string;
  contentType: string;
  contentEncoding: string;
  /** Items the body held (0 when it was not decoded). */
  items: number;
}

/** Options of {@link startFaultReceiver}. */
export interface FaultReceiverOptions {
  /** Serve https with these options (an untrusted certificate for E11, say). */
  tls?: HttpsServerOptions;
  /** The script; see {@link FaultReceiver.setScript}. Default: answer 200 to everything. */
  script?: Script;
}

/** A running fault-injecting receiver. */
export interface FaultReceiver {
  /** Base URL, e.g. `http://127.0.0.1:41234` (paths `/v1/traces`, `/v1/metrics`, `/v1/logs`). */
  readonly url: string;
  readonly port: number;
  /** Replace the script (applies to requests that arrive from now on). */
  setScript(script: Script): void;
  /** Every export request so far, in arrival order (optionally of one signal). */
  requests(signal?: OtlpSignal): RequestRecord[];
  spans(): ReceivedSpan[];
  logs(): ReceivedLogRecord[];
  metrics(): ReceivedMetric[];
  /** How many times each `test.seq` value arrived, per signal (metric data points for metrics). */
  seqCounts(signal: OtlpSignal): ReadonlyMap<string, number>;
  /** Distinct `test.seq` values received for a signal. */
  delivered(signal: OtlpSignal): number;
  /** How many `test.seq` values of a signal arrived more than once. */
  duplicates(signal: OtlpSignal): number;
  /** Requests unanswered right now, and the most there ever were at once. */
  inFlight(): { now: number; max: number };
  /** Connections open right now, the most there ever were at once, and how many were accepted in all. */
  connections(): { now: number; max: number; total: number };
  /** Stop accepting connections (ECONNREFUSED from now on) and drop the open ones. */
  down(): Promise<void>;
  /** Listen on the same port again. */
  up(): Promise<void>;
  /** Forget requests, items, counts and maxima; the clock of the script restarts. */
  reset(): void;
  close(): Promise<void>;
}

const SIGNAL_PATHS: Record<string, OtlpSignal> = { '/v1/traces': 'traces', '/v1/metrics': 'metrics', '/v1/logs': 'logs' };
const SEQ = 'test.seq';

// A gzip bomb costs this process its compressed bytes only: one gzip member of up to 8 MiB of
// zeros, repeated (a gzip stream may hold several members; a reader inflates them all), made once
// per size.
const bombs = new Map<number, Buffer>();
function gzipBomb(inflatedBytes: number): Buffer {
  let bomb = bombs.get(inflatedBytes);
  if (bomb === undefined) {
    const piece = Math.min(inflatedBytes, 8 * 2 ** 20);
    const member = gzipSync(Buffer.alloc(piece), { level: 9 });
    const rest = inflatedBytes - piece * Math.floor(inflatedBytes / piece);
    const members = Array.from({ length: Math.floor(inflatedBytes / piece) }, () => member);
    if (rest > 0) members.push(gzipSync(Buffer.alloc(rest), { level: 9 }));
    bomb = Buffer.concat(members);
    bombs.set(inflatedBytes, bomb);
  }
  return bomb;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Write `bytes` zero bytes in 64 KiB pieces, honouring backpressure; stops if the client goes away. */
async function writeZeros(res: ServerResponse, bytes: number): Promise<void> {
  const piece = Buffer.alloc(64 * 1024);
  for (let left = bytes; left > 0 && !res.destroyed; left -= piece.length) {
    const part = left >= piece.length ? piece : piece.subarray(0, left);
    if (!res.write(part)) await new Promise<void>((resolve) => {
      res.once('drain', resolve);
      res.once('close', resolve);
    });
  }
  if (!res.destroyed) res.end();
}

class Receiver implements FaultReceiver {
  url = '';
  port = 0;
  private script: Script;
  private started = Date.now();
  private requestList: RequestRecord[] = [];
  private spanList: ReceivedSpan[] = [];
  private logList: ReceivedLogRecord[] = [];
  private metricList: ReceivedMetric[] = [];
  private counts: Record<OtlpSignal, Map<string, number>> = { traces: new Map(), metrics: new Map(), logs: new Map() };
  private signalIndex: Record<OtlpSignal, number> = { traces: 0, metrics: 0, logs: 0 };
  private open = 0;
  private maxOpen = 0;
  private sockets = new Set<Socket>();
  private maxSockets = 0;
  private totalSockets = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly server: Server,
    private readonly scheme: 'http' | 'https',
    script: Script | undefined,
  ) {
    this.script = script ?? (() => undefined);
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      this.totalSockets++;
      this.maxSockets = Math.max(this.maxSockets, this.sockets.size);
      socket.on('close', () => this.sockets.delete(socket));
    });
    // TLS handshakes that fail (E11) must not surface as errors of the test process.
    server.on('tlsClientError', () => undefined);
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `${this.scheme}://127.0.0.1:${this.port}`;
  }

  setScript(script: Script): void {
    this.script = script;
  }

  requests(signal?: OtlpSignal): RequestRecord[] {
    return signal === undefined ? this.requestList.slice() : this.requestList.filter((r) => r.signal === signal);
  }

  spans(): ReceivedSpan[] {
    return this.spanList.slice();
  }

  logs(): ReceivedLogRecord[] {
    return this.logList.slice();
  }

  metrics(): ReceivedMetric[] {
    return this.metricList.slice();
  }

  seqCounts(signal: OtlpSignal): ReadonlyMap<string, number> {
    return this.counts[signal];
  }

  delivered(signal: OtlpSignal): number {
    return this.counts[signal].size;
  }

  duplicates(signal: OtlpSignal): number {
    let n = 0;
    for (const count of this.counts[signal].values()) if (count > 1) n++;
    return n;
  }

  inFlight(): { now: number; max: number } {
    return { now: this.open, max: this.maxOpen };
  }

  connections(): { now: number; max: number; total: number } {
    return { now: this.sockets.size, max: this.maxSockets, total: this.totalSockets };
  }

  async down(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  async up(): Promise<void> {
    await this.listen(this.port);
  }

  reset(): void {
    this.started = Date.now();
    this.requestList = [];
    this.spanList = [];
    this.logList = [];
    this.metricList = [];
    this.counts = { traces: new Map(), metrics: new Map(), logs: new Map() };
    this.signalIndex = { traces: 0, metrics: 0, logs: 0 };
    this.maxOpen = this.open;
    this.maxSockets = this.sockets.size;
    this.totalSockets = 0;
  }

  close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    return new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  /** Never rejects: a failure becomes a reset connection. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const signal = SIGNAL_PATHS[(req.url ?? '/').split('?')[0]!];
    if (signal === undefined || req.method !== 'POST') {
      req.resume();
      res.writeHead(404).end();
      return;
    }
    const record: RequestRecord = {
      index: this.requestList.length,
      signalIndex: this.signalIndex[signal]++,
      signal,
      elapsedMs: Date.now() - this.started,
      at: Date.now(),
      endedAt: undefined,
      outcome: undefined,
      fault: undefined,
      bodyBytes: 0,
      bodyHash: '',
      contentType: String(req.headers['content-type'] ?? ''),
      contentEncoding: String(req.headers['content-encoding'] ?? ''),
      items: 0,
    };
    this.requestList.push(record);
    this.open++;
    this.maxOpen = Math.max(this.maxOpen, this.open);
    const end = (outcome: RequestRecord['outcome']): void => {
      if (record.endedAt !== undefined) return;
      record.endedAt = Date.now();
      record.outcome = outcome;
      this.open--;
    };
    // The client giving up (timeout, abort) closes the connection before any answer.
    res.on('close', () => end(record.fault?.blackhole === true ? 'blackhole' : 'aborted'));
    res.on('finish', () => end(res.statusCode));
    try {
      await this.answer(req, res, record, signal, end);
    } catch {
      res.destroy();
    }
  }

  private async answer(req: IncomingMessage, res: ServerResponse, record: RequestRecord, signal: OtlpSignal, end: (outcome: RequestRecord['outcome']) => void): Promise<void> {
    const body = await readAll(req);
    record.bodyBytes = body.length;
    record.bodyHash = createHash('sha1').update(body).digest('hex');
    const fault = this.script(record);
    record.fault = fault;
    if (fault?.delayMs !== undefined && fault.delayMs > 0) await this.sleep(fault.delayMs);
    if (this.closed || res.destroyed) return;
    if (fault?.blackhole === true) return;

    const status = fault?.status ?? 200;
    const headers: Record<string, string> = fault?.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter };
    if (status < 200 || status > 299) {
      const answer = exportAnswer(signal, record.contentType, status, { message: `fault injected (status ${status})` });
      res.writeHead(status, { ...headers, 'content-type': answer.contentType, 'content-length': String(answer.body.length) }).end(answer.body);
      return;
    }

    const decoded = await decodeExportRequest(signal, body, record.contentType, record.contentEncoding);
    if ('status' in decoded) {
      const answer = exportAnswer(signal, record.contentType, decoded.status, { message: decoded.message });
      res.writeHead(decoded.status, { 'content-type': answer.contentType, 'content-length': String(answer.body.length) }).end(answer.body);
      return;
    }
    record.items = this.store(signal, decoded);

    if (fault?.resetAfterHeaders === true) {
      res.writeHead(200, { 'content-type': record.contentType, 'content-length': '1000' });
      // The head and a first body byte leave now; the reset comes after, so the client reads headers, then a cut.
      res.write(Buffer.alloc(1));
      this.sleep(50).then(() => {
        end('reset');
        res.socket?.resetAndDestroy();
      }, () => undefined);
      return;
    }
    if (fault?.gzipBombBytes !== undefined) {
      const bomb = gzipBomb(fault.gzipBombBytes);
      res.writeHead(200, { ...headers, 'content-type': record.contentType, 'content-encoding': 'gzip', 'content-length': String(bomb.length) }).end(bomb);
      return;
    }
    if (fault?.bodyBytes !== undefined) {
      res.writeHead(200, { ...headers, 'content-type': record.contentType, ...(fault.chunked === true ? {} : { 'content-length': String(fault.bodyBytes) }) });
      await writeZeros(res, fault.bodyBytes);
      return;
    }
    const answer = exportAnswer(signal, record.contentType, status, fault?.partialSuccess === undefined ? {} : { partialSuccess: fault.partialSuccess });
    res.writeHead(status, { ...headers, 'content-type': answer.contentType, 'content-length': String(answer.body.length) }).end(answer.body);
  }

  private store(signal: OtlpSignal, decoded: { spans: ReceivedSpan[]; metrics: ReceivedMetric[]; logs: ReceivedLogRecord[] }): number {
    const counts = this.counts[signal];
    const count = (seq: unknown): void => {
      if (seq === undefined || seq === null) return;
      const key = String(seq);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    };
    if (signal === 'traces') {
      for (const span of decoded.spans) count(span.attributes[SEQ]);
      this.spanList.push(...decoded.spans);
      return decoded.spans.length;
    }
    if (signal === 'logs') {
      for (const log of decoded.logs) count(log.attributes[SEQ]);
      this.logList.push(...decoded.logs);
      return decoded.logs.length;
    }
    let points = 0;
    for (const metric of decoded.metrics) {
      for (const point of metric.dataPoints) {
        points++;
        count(point.attributes[SEQ]);
      }
    }
    this.metricList.push(...decoded.metrics);
    return points;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

/** Start a fault-injecting receiver on 127.0.0.1, on a free port. */
export async function startFaultReceiver(options: FaultReceiverOptions = {}): Promise<FaultReceiver> {
  const server = (options.tls === undefined ? createServer() : createHttpsServer(options.tls)) as Server;
  // A blackholed request stays open until the client gives up, not until the server's own timeout.
  server.requestTimeout = 0;
  const receiver = new Receiver(server, options.tls === undefined ? 'http' : 'https', options.script);
  // handle() never rejects.
  server.on('request', (req: IncomingMessage, res: ServerResponse) => void receiver.handle(req, res));
  await receiver.listen(0);
  return receiver;
}

/** A script that runs `faults` in order, one per request of `signal` (default traces), then answers 200. */
export function inOrder(faults: Array<Fault | undefined>, signal: OtlpSignal = 'traces'): Script {
  return (r) => (r.signal === signal ? faults[r.signalIndex] : undefined);
}

/** A script that applies `fault` to requests arriving between `fromMs` and `toMs` after the start. */
export function during(fromMs: number, toMs: number, fault: Fault, otherwise: Script = () => undefined): Script {
  return (r) => (r.elapsedMs >= fromMs && r.elapsedMs < toMs ? fault : otherwise(r));
}
