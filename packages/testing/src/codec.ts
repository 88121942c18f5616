/**
 * The receiver's decoding and answers as plain functions, for test servers of their own (a
 * fault-injecting collector that answers at the socket level, say) that must still read what an
 * exporter sent exactly as {@link startOtlpReceiver} does.
 */
import { gunzipLimited } from './body.js';
import { decodeOtlpBody, OtlpDecodeError } from './decode.js';
import { logsFromRequest, metricsFromRequest, spansFromRequest } from './normalise.js';
import { loadOtlpTypes } from './proto.js';
import { encodeErrorResponse, encodeExportResponse, formatOfContentType } from './responses.js';
import type { OtlpSignal, ReceivedLogRecord, ReceivedMetric, ReceivedSpan } from './types.js';

/** The items of one export request. Only the list of the request's signal is filled. */
export interface DecodedExportRequest {
  spans: ReceivedSpan[];
  metrics: ReceivedMetric[];
  logs: ReceivedLogRecord[];
}

/** Why a request body could not be read, with the status a collector would answer. */
export interface ExportRequestError {
  status: 400 | 413 | 415;
  message: string;
}

/** An answer body and its content type. */
export interface ExportAnswer {
  contentType: string;
  body: Buffer;
}

/**
 * Decode an export request body (protobuf or OTLP/JSON, gzip or not) as the test receiver does.
 * `contentType` and `contentEncoding` are the request's header values.
 */
export async function decodeExportRequest(
  signal: OtlpSignal,
  body: Buffer,
  contentType: string,
  contentEncoding = '',
  maxBytes = 32 * 1024 * 1024,
): Promise<DecodedExportRequest | ExportRequestError> {
  const format = formatOfContentType(contentType.split(';')[0]!.trim().toLowerCase());
  if (format === undefined) return { status: 415, message: `unsupported content type "${contentType}"` };
  const encoding = contentEncoding.trim().toLowerCase();
  let raw = body;
  if (encoding === 'gzip') {
    const inflated = await gunzipLimited(body, maxBytes);
    if (!inflated.ok) return { status: inflated.tooLarge ? 413 : 400, message: inflated.message };
    raw = inflated.body;
  } else if (encoding !== '' && encoding !== 'identity') {
    return { status: 415, message: `unsupported content encoding "${contentEncoding}"` };
  }
  let decoded: Record<string, unknown>;
  try {
    decoded = decodeOtlpBody(loadOtlpTypes().services[signal].request, raw, format);
  } catch (error) {
    return { status: 400, message: error instanceof OtlpDecodeError ? error.message : String(error) };
  }
  return {
    spans: signal === 'traces' ? spansFromRequest(decoded) : [],
    metrics: signal === 'metrics' ? metricsFromRequest(decoded) : [],
    logs: signal === 'logs' ? logsFromRequest(decoded) : [],
  };
}

/**
 * The answer to an export request in its own encoding: an `Export*ServiceResponse` for a 2xx status
 * (with a partial success if given), a `google.rpc.Status` carrying `message` otherwise.
 */
export function exportAnswer(
  signal: OtlpSignal,
  contentType: string,
  status: number,
  options: { partialSuccess?: { rejected: number; message: string }; message?: string } = {},
): ExportAnswer {
  const types = loadOtlpTypes();
  const format = formatOfContentType(contentType.split(';')[0]!.trim().toLowerCase());
  if (status >= 200 && status < 300 && format !== undefined) return encodeExportResponse(types.services[signal], format, options.partialSuccess);
  return encodeErrorResponse(types, format, status, options.message ?? `status ${status}`);
}
