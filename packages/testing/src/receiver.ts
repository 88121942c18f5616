/**
 * An OTLP/HTTP receiver for tests: records what senders export, decoded with the official protos,
 * and misbehaves on request (errors, delays, hangs) to exercise retry and timeout paths.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as HttpsServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { DEFAULT_MAX_BODY_BYTES, requestRecord, serveOtlpRequest, type OtlpExportBatch, type OtlpGateAnswer } from './otlp-http.js';
import { loadOtlpTypes, type OtlpTypes } from './proto.js';
import type {
  OtlpFault,
  ReceivedLogRecord,
  ReceivedMetric,
  ReceivedRequest,
  ReceivedSpan,
} from './types.js';
import { pollUntil, type WaitOptions } from './wait.js';

/** Options for {@link startOtlpReceiver}. */
export interface OtlpReceiverOptions {
  /** Port to listen on. Default 0: a free port chosen by the system. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Largest body accepted, on the wire and after decompression. Default 32 MiB; larger gets 413. */
  maxBodyBytes?: number;
  /** Serve https with these options (key, cert, and for mTLS `ca` with `requestCert`). Default: plain http. */
  tls?: HttpsServerOptions;
}

/** A running test receiver. See {@link startOtlpReceiver}. */
export interface OtlpReceiver {
  /** Base URL, e.g. `http://127.0.0.1:43817`; signal paths are `/v1/traces`, `/v1/metrics`, `/v1/logs`. */
  readonly url: string;
  readonly port: number;
  /** Spans accepted so far, in arrival order. */
  spans(): ReceivedSpan[];
  /** Metrics accepted so far, in arrival order. */
  metrics(): ReceivedMetric[];
  /** Log records accepted so far, in arrival order. */
  logs(): ReceivedLogRecord[];
  /** Every request seen, including refused and faulted ones. */
  requests(): ReceivedRequest[];
  /** How many distinct `test.seq` span attribute values arrived more than once. */
  duplicateSeqs(): number;
  /** Resolve when `predicate(receiver)` is true; reject with a summary of what arrived after the timeout. */
  waitFor(predicate: (receiver: OtlpReceiver) => boolean, options?: WaitOptions): Promise<void>;
  /** Wait until at least `count` spans arrived, then return all spans. */
  waitForSpans(count: number, options?: WaitOptions): Promise<ReceivedSpan[]>;
  /** Wait until at least `count` metrics arrived, then return all metrics. */
  waitForMetrics(count: number, options?: WaitOptions): Promise<ReceivedMetric[]>;
  /** Wait until at least `count` log records arrived, then return all log records. */
  waitForLogs(count: number, options?: WaitOptions): Promise<ReceivedLogRecord[]>;
  /** Script the next requests: the first fault applies to the next export request, and so on; then 200s resume. */
  setFaults(faults: OtlpFault[]): void;
  /** A fault for every export request not covered by {@link OtlpReceiver.setFaults}; `undefined` clears it. */
  setDefaultFault(fault: OtlpFault | undefined): void;
  /** Forget received data, requests, sequence counts and scripted faults. */
  reset(): void;
  /** Stop listening and drop open connections, including hung ones. Safe to call twice. */
  close(): Promise<void>;
}

const SEQ_ATTRIBUTE = 'test.seq';

class TestReceiver implements OtlpReceiver {
  readonly url: string;
  readonly port: number;
  private readonly server: Server;
  private readonly types: OtlpTypes;
  private readonly maxBodyBytes: number;
  private spanList: ReceivedSpan[] = [];
  private metricList: ReceivedMetric[] = [];
  private logList: ReceivedLogRecord[] = [];
  private requestList: ReceivedRequest[] = [];
  private seqCounts = new Map<string, number>();
  private faultQueue: OtlpFault[] = [];
  private defaultFault: OtlpFault | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closing: Promise<void> | undefined;

  constructor(server: Server, types: OtlpTypes, host: string, maxBodyBytes: number, scheme: 'http' | 'https') {
    this.server = server;
    this.types = types;
    this.maxBodyBytes = maxBodyBytes;
    this.port = (server.address() as AddressInfo).port;
    this.url = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
  }

  spans(): ReceivedSpan[] {
    return this.spanList.slice();
  }

  metrics(): ReceivedMetric[] {
    return this.metricList.slice();
  }

  logs(): ReceivedLogRecord[] {
    return this.logList.slice();
  }

  requests(): ReceivedRequest[] {
    return this.requestList.slice();
  }

  duplicateSeqs(): number {
    let duplicates = 0;
    for (const count of this.seqCounts.values()) if (count > 1) duplicates++;
    return duplicates;
  }

  waitFor(predicate: (receiver: OtlpReceiver) => boolean, options?: WaitOptions): Promise<void> {
    return pollUntil(() => predicate(this), () => this.summary(), options);
  }

  async waitForSpans(count: number, options?: WaitOptions): Promise<ReceivedSpan[]> {
    await pollUntil(() => this.spanList.length >= count, () => `wanted ${count} spans; ${this.summary()}`, options);
    return this.spans();
  }

  async waitForMetrics(count: number, options?: WaitOptions): Promise<ReceivedMetric[]> {
    await pollUntil(() => this.metricList.length >= count, () => `wanted ${count} metrics; ${this.summary()}`, options);
    return this.metrics();
  }

  async waitForLogs(count: number, options?: WaitOptions): Promise<ReceivedLogRecord[]> {
    await pollUntil(() => this.logList.length >= count, () => `wanted ${count} logs; ${this.summary()}`, options);
    return this.logs();
  }

  setFaults(faults: OtlpFault[]): void {
    this.faultQueue = faults.slice();
  }

  setDefaultFault(fault: OtlpFault | undefined): void {
    this.defaultFault = fault;
  }

  reset(): void {
    this.spanList = [];
    this.metricList = [];
    this.logList = [];
    this.requestList = [];
    this.seqCounts = new Map();
    this.faultQueue = [];
    this.defaultFault = undefined;
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
      this.server.close(() => resolve());
      // close() alone waits for keep-alive and hung connections; a test must not wait for them.
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  /** Entry point for every HTTP request. Never rejects: failures become answers. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const record = requestRecord(req);
    this.requestList.push(record);
    try {
      await serveOtlpRequest(req, res, record, {
        types: this.types,
        maxBodyBytes: this.maxBodyBytes,
        gate: (r) => this.gate(r),
        accept: (batch) => this.store(batch),
      });
    } catch (error) {
      // Only an aborted upload gets here; there is nobody left to answer.
      record.error = error instanceof Error ? error.message : String(error);
      res.destroy();
    }
  }

  /** The scripted fault of this export request, applied once its body has been read. */
  private async gate(record: ReceivedRequest): Promise<OtlpGateAnswer | 'closed' | undefined> {
    const fault = this.faultQueue.shift() ?? this.defaultFault;
    record.fault = fault;
    if (fault === undefined) return undefined;
    if (fault.delayMs !== undefined && fault.delayMs > 0) await this.sleep(fault.delayMs);
    if (this.closing !== undefined) return 'closed';
    return {
      ...(fault.status === undefined ? {} : { status: fault.status }),
      ...(fault.retryAfter === undefined ? {} : { headers: { 'retry-after': fault.retryAfter } }),
      ...(fault.partialSuccess === undefined ? {} : { partialSuccess: fault.partialSuccess }),
      ...(fault.hang === true ? { hang: true } : {}),
    };
  }

  /** Add an accepted payload to the received records; returns how many items it held. */
  private store(batch: OtlpExportBatch): number {
    if (batch.signal === 'traces') {
      for (const span of batch.spans) {
        const seq = span.attributes[SEQ_ATTRIBUTE];
        if (seq !== undefined) this.seqCounts.set(String(seq), (this.seqCounts.get(String(seq)) ?? 0) + 1);
      }
      this.spanList.push(...batch.spans);
      return batch.spans.length;
    }
    if (batch.signal === 'metrics') {
      this.metricList.push(...batch.metrics);
      return batch.metrics.reduce((n, m) => n + m.dataPoints.length, 0);
    }
    this.logList.push(...batch.logs);
    return batch.logs.length;
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

  private summary(): string {
    return (
      `received ${this.spanList.length} spans, ${this.metricList.length} metrics, ` +
      `${this.logList.length} logs in ${this.requestList.length} requests`
    );
  }
}

/**
 * Start an OTLP/HTTP receiver for a test. It accepts protobuf and JSON bodies, gzip or not, on
 * `/v1/traces`, `/v1/metrics` and `/v1/logs`, and answers like a collector would.
 *
 * @example
 * ```ts
 * const receiver = await startOtlpReceiver();
 * process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
 * // ... run the code under test ...
 * const [span] = await receiver.waitForSpans(1);
 * await receiver.close();
 * ```
 */
export async function startOtlpReceiver(options: OtlpReceiverOptions = {}): Promise<OtlpReceiver> {
  const host = options.host ?? '127.0.0.1';
  const types = loadOtlpTypes();
  // Requests are handled only once listen() has called back, after `receiver` below is set.
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    // handle() answers every request itself; should it ever fail, the client sees a reset connection
    // instead of the test process an unhandled rejection.
    receiver.handle(req, res).catch(() => res.destroy());
  };
  const server = (options.tls === undefined ? createServer(handler) : createHttpsServer(options.tls, handler)) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const receiver = new TestReceiver(server, types, host, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, options.tls === undefined ? 'http' : 'https');
  return receiver;
}
