import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { decodeTraceExportResponse } from './otlp-response.js';

const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];
/** ExportTraceServiceResponse { partial_success (1) { rejected_spans (1), error_message (2) } }, hand-encoded. */
function response(rejected: number[] | undefined, message: string | undefined, extra: number[] = []): Uint8Array {
  const inner = [...(rejected === undefined ? [] : [0x08, ...rejected]), ...(message === undefined ? [] : [0x12, message.length, ...utf8(message)])];
  return Uint8Array.from([...extra, 0x0a, inner.length, ...inner]);
}

describe('decodeTraceExportResponse', () => {
  it('reads a partial success as the upstream deserializer does', () => {
    const cases = [response([7], 'rejected-by-test'), response([0xac, 0x02], undefined), response(undefined, 'only a message'), response(undefined, undefined)];
    for (const bytes of cases) {
      const ours = decodeTraceExportResponse(bytes);
      const upstream = ProtobufTraceSerializer.deserializeResponse(bytes) as { partialSuccess?: { rejectedSpans?: unknown; errorMessage?: string } };
      const theirs = upstream.partialSuccess ?? {};
      expect(ours.partialSuccess).toBeDefined();
      expect(ours.partialSuccess!.errorMessage ?? '').toBe(theirs.errorMessage ?? '');
      expect(Number(ours.partialSuccess!.rejectedSpans ?? 0)).toBe(Number(String(theirs.rejectedSpans ?? 0)));
    }
    expect(decodeTraceExportResponse(response([0xac, 0x02], 'm'))).toEqual({ partialSuccess: { rejectedSpans: 300, errorMessage: 'm' } });
  });

  it('skips unknown fields, and an empty, truncated or malformed body is an answer without partial success', () => {
    // field 2 (varint) and field 3 (fixed32) before the partial success
    expect(decodeTraceExportResponse(response([5], 'x', [0x10, 0x01, 0x1d, 1, 2, 3, 4]))).toEqual({ partialSuccess: { rejectedSpans: 5, errorMessage: 'x' } });
    expect(decodeTraceExportResponse(undefined)).toEqual({});
    expect(decodeTraceExportResponse(new Uint8Array())).toEqual({});
    expect(decodeTraceExportResponse(response([7], 'cut').subarray(0, 5))).toEqual({});
    expect(decodeTraceExportResponse(Uint8Array.from([0x0b]))).toEqual({}); // wire type 3 (groups) is not supported
  });
});
