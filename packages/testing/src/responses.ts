/**
 * Bodies of the receiver's answers, in the request's own encoding as OTLP/HTTP requires: an
 * `Export*ServiceResponse` on success, a `google.rpc.Status` on failure.
 */
import type { OtlpFormat } from './decode.js';
import type { OtlpServiceTypes, OtlpTypes } from './proto.js';

/** A response ready to write. */
export interface EncodedResponse {
  contentType: string;
  body: Buffer;
}

const CONTENT_TYPES: Record<OtlpFormat, string> = { protobuf: 'application/x-protobuf', json: 'application/json' };

// gRPC codes carried in Status.code; the HTTP status is what clients act on, this is informative.
const RPC_CODES: Record<number, number> = { 400: 3, 404: 12, 413: 8, 415: 3, 429: 8, 500: 13, 502: 14, 503: 14, 504: 14 };

/** The success body, with a partial success when the test asked for one. */
export function encodeExportResponse(
  service: OtlpServiceTypes,
  format: OtlpFormat,
  partialSuccess: { rejected: number; message: string } | undefined,
): EncodedResponse {
  const payload =
    partialSuccess === undefined
      ? {}
      : {
          partialSuccess: {
            [service.rejectedField]: String(partialSuccess.rejected),
            errorMessage: partialSuccess.message,
          },
        };
  if (format === 'json') return { contentType: CONTENT_TYPES.json, body: Buffer.from(JSON.stringify(payload)) };
  const message = service.response.fromObject(payload);
  return { contentType: CONTENT_TYPES.protobuf, body: Buffer.from(service.response.encode(message).finish()) };
}

/**
 * An error body. Without a known request encoding (unsupported content type, unknown path) the
 * answer is plain text, since the client's preferred encoding cannot be known.
 */
export function encodeErrorResponse(
  types: OtlpTypes,
  format: OtlpFormat | undefined,
  httpStatus: number,
  message: string,
): EncodedResponse {
  const status = { code: RPC_CODES[httpStatus] ?? 2, message };
  if (format === 'json') return { contentType: CONTENT_TYPES.json, body: Buffer.from(JSON.stringify(status)) };
  if (format === 'protobuf') {
    const encoded = types.status.encode(types.status.fromObject(status)).finish();
    return { contentType: CONTENT_TYPES.protobuf, body: Buffer.from(encoded) };
  }
  return { contentType: 'text/plain; charset=utf-8', body: Buffer.from(`${message}\n`) };
}

/** The encoding a `Content-Type` media type selects, if OTLP/HTTP defines one for it. */
export function formatOfContentType(mediaType: string): OtlpFormat | undefined {
  if (mediaType === 'application/x-protobuf') return 'protobuf';
  if (mediaType === 'application/json') return 'json';
  return undefined;
}
