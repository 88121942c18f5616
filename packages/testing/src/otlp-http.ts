/**
 * The OTLP/HTTP request pipeline: routing, body cap, content type and encoding, gzip, decoding
 * with the official protos, and answers in the request's own encoding. The test receiver runs it
 * with its fault hook; `otelkit dev` runs it through {@link createOtlpHttpHandler}.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { gunzipLimited, readBody } from './body.js';
import { decodeOtlpBody, OtlpDecodeError } from './decode.js';
import { logsFromRequest, metricsFromRequest, spansFromRequest } from './normalise.js';
import { loadOtlpTypes, type OtlpTypes } from './proto.js';
import { encodeErrorResponse, encodeExportResponse, formatOfContentType, type EncodedResponse } from './responses.js';
import type { OtlpSignal, ReceivedLogRecord, ReceivedMetric, ReceivedRequest, ReceivedSpan } from './types.js';

/** One accepted export request, flattened. */
export type OtlpExportBatch =
  | { signal: 'traces'; spans: ReceivedSpan[] }
  | { signal: 'metrics'; metrics: ReceivedMetric[] }
  | { signal: 'logs'; logs: ReceivedLogRecord[] };

/** The answer a gate imposes on an export request whose body was read and checked. */
export interface OtlpGateAnswer {
  /** Status to answer instead of 200; a non-2xx status means the payload is not accepted. */
  status?: number;
  headers?: Record<string, string>;
  partialSuccess?: { rejected: number; message: string };
  /** Never answer (the caller's close() drops the connection). */
  hang?: boolean;
}

/** How {@link serveOtlpRequest} treats a request. */
export interface OtlpPipelineOptions {
  types: OtlpTypes;
  maxBodyBytes: number;
  /** Runs before decoding; `'closed'` drops the request unanswered (the server is closing). */
  gate?: (record: ReceivedRequest) => Promise<OtlpGateAnswer | 'closed' | undefined>;
  /** Takes a decoded payload; returns how many spans, data points or log records it held. */
  accept: (batch: OtlpExportBatch) => number;
}

const SIGNAL_PATHS: Record<string, OtlpSignal> = { '/v1/traces': 'traces', '/v1/metrics': 'metrics', '/v1/logs': 'logs' };

function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The common name of the client certificate a TLS peer presented, if any. */
function clientCertificateName(req: IncomingMessage): string | undefined {
  const socket = req.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  const cn = socket.getPeerCertificate().subject?.CN;
  return typeof cn === 'string' && cn !== '' ? cn : undefined;
}

/** The record of a request as it arrives, before anything is decided about it. */
export function requestRecord(req: IncomingMessage): ReceivedRequest {
  const path = (req.url ?? '/').split('?')[0]!;
  return {
    method: req.method ?? '',
    path,
    signal: SIGNAL_PATHS[path],
    headers: headerRecord(req),
    contentType: mediaType(req.headers['content-type']),
    contentEncoding: (req.headers['content-encoding'] ?? '').trim().toLowerCase(),
    bodySize: 0,
    receivedAt: Date.now(),
    status: null,
    fault: undefined,
    error: undefined,
    itemCount: 0,
    clientCertificate: clientCertificateName(req),
  };
}

function flatten(signal: OtlpSignal, decoded: Record<string, unknown>): OtlpExportBatch {
  if (signal === 'traces') return { signal, spans: spansFromRequest(decoded) };
  if (signal === 'metrics') return { signal, metrics: metricsFromRequest(decoded) };
  return { signal, logs: logsFromRequest(decoded) };
}

function answer(res: ServerResponse, record: ReceivedRequest, status: number, response: EncodedResponse, headers: Record<string, string>): void {
  record.status = status;
  if (res.destroyed) return;
  res.writeHead(status, { ...headers, 'content-type': response.contentType, 'content-length': String(response.body.length) });
  res.end(response.body);
}

/**
 * Serve one request to completion, filling in `record` (status, error, sizes, item count). Rejects
 * only when the upload itself fails (the client went away), when there is nobody left to answer.
 */
export async function serveOtlpRequest(req: IncomingMessage, res: ServerResponse, record: ReceivedRequest, options: OtlpPipelineOptions): Promise<void> {
  const format = formatOfContentType(record.contentType);
  const refuse = (status: number, message: string, headers: Record<string, string> = {}): void => {
    record.error = message;
    answer(res, record, status, encodeErrorResponse(options.types, format, status, message), headers);
  };

  const signal = record.signal;
  if (signal === undefined || record.method !== 'POST') {
    req.resume(); // drain the unwanted body so the connection can be reused
    if (signal === undefined) return refuse(404, `no OTLP endpoint at ${record.path}`);
    return refuse(405, 'only POST is accepted', { allow: 'POST' });
  }

  const { body: wireBody, size, tooLarge } = await readBody(req, options.maxBodyBytes);
  record.bodySize = size;
  if (format === undefined) return refuse(415, `unsupported content type "${record.contentType}"`);
  if (tooLarge) return refuse(413, `body larger than ${options.maxBodyBytes} bytes`, { connection: 'close' });
  if (record.contentEncoding !== '' && record.contentEncoding !== 'identity' && record.contentEncoding !== 'gzip') {
    return refuse(415, `unsupported content encoding "${record.contentEncoding}"`);
  }

  const gate = options.gate === undefined ? undefined : await options.gate(record);
  // A hung request stays open, unanswered, until the client gives up or the server drops it.
  if (gate === 'closed' || gate?.hang === true) return;
  const headers = gate?.headers ?? {};
  const status = gate?.status ?? 200;
  if (status < 200 || status >= 300) return refuse(status, `fault injected by the test receiver (status ${status})`, headers);

  let body = wireBody;
  if (record.contentEncoding === 'gzip') {
    const inflated = await gunzipLimited(wireBody, options.maxBodyBytes);
    if (!inflated.ok) return refuse(inflated.tooLarge ? 413 : 400, inflated.message);
    body = inflated.body;
  }

  const service = options.types.services[signal];
  let decoded: Record<string, unknown>;
  try {
    decoded = decodeOtlpBody(service.request, body, format);
  } catch (error) {
    return refuse(400, error instanceof OtlpDecodeError ? error.message : String(error));
  }
  record.itemCount = options.accept(flatten(signal, decoded));
  answer(res, record, status, encodeExportResponse(service, format, gate?.partialSuccess), headers);
}

/** Options for {@link createOtlpHttpHandler}. */
export interface OtlpHttpHandlerOptions {
  /** Largest body accepted, on the wire and after decompression. Default 32 MiB; larger gets 413. */
  maxBodyBytes?: number;
  /** Called with every accepted export request. An exception it throws becomes a 500 answer. */
  onExport: (batch: OtlpExportBatch) => void;
  /** Called after each answered request that was refused (404, 405, 400, 413, 415, 500). */
  onRefused?: (request: ReceivedRequest) => void;
}

/** The default body cap of the receivers. */
export const DEFAULT_MAX_BODY_BYTES: number = 32 * 1024 * 1024;

/**
 * A `node:http` request listener serving `/v1/traces`, `/v1/metrics` and `/v1/logs` as an OTLP/HTTP
 * receiver (protobuf or JSON, gzip or not), handing each accepted payload to `onExport`. Bad input
 * gets the OTLP error answer (a `google.rpc.Status` in the request's encoding); the listener never
 * throws and never rejects.
 *
 * @example
 * ```ts
 * const server = createServer(createOtlpHttpHandler({ onExport: (batch) => store.add(batch) }));
 * ```
 */
export function createOtlpHttpHandler(options: OtlpHttpHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const types = loadOtlpTypes();
  const pipeline: OtlpPipelineOptions = {
    types,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    accept: (batch) => {
      options.onExport(batch);
      if (batch.signal === 'traces') return batch.spans.length;
      if (batch.signal === 'logs') return batch.logs.length;
      return batch.metrics.reduce((n, m) => n + m.dataPoints.length, 0);
    },
  };
  return (req, res) => {
    const record = requestRecord(req);
    serveOtlpRequest(req, res, record, pipeline).then(
      () => {
        if (record.status !== null && (record.status < 200 || record.status >= 300)) options.onRefused?.(record);
      },
      (error: unknown) => {
        if (record.status === null && !res.headersSent && !req.destroyed) {
          // onExport failed: answer 500 in the request's encoding, so the sender sees a server error.
          const message = `could not store the export: ${error instanceof Error ? error.message : String(error)}`;
          record.error = message;
          answer(res, record, 500, encodeErrorResponse(types, formatOfContentType(record.contentType), 500, message), {});
          options.onRefused?.(record);
          return;
        }
        res.destroy();
      },
    );
  };
}
