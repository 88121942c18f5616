/**
 * The collector's answer to a protobuf trace export (ExportTraceServiceResponse), decoded without
 * the upstream transformer. Loaded from the installed package, the transformer blocked the event
 * loop for ~50 ms at the first export (the generated code of every signal and a second metrics
 * SDK); it is bundled now (otlp-serializers.ts) but only metrics, logs and http/json need
 * it, and the span path, which encodes its own requests, has no reason to initialise it for two fields.
 */

/** The shape the upstream response handler reads: `partialSuccess` only when the collector sent one. */
export interface TraceExportResponse {
  partialSuccess?: { rejectedSpans?: number; errorMessage?: string };
}

const decoder = new TextDecoder();

/** Reads protobuf wire format; every method throws a RangeError past the end of the data. */
class Reader {
  pos = 0;
  constructor(private readonly data: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.data.length;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const byte = this.byte();
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
    throw new RangeError('varint longer than 10 bytes');
  }

  bytes(): Uint8Array {
    const length = this.varint();
    const end = this.pos + length;
    if (end > this.data.length) throw new RangeError('length past the end');
    const out = this.data.subarray(this.pos, end);
    this.pos = end;
    return out;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.advance(8);
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.advance(4);
    else throw new RangeError(`unsupported wire type ${wireType}`);
  }

  private advance(n: number): void {
    if (this.pos + n > this.data.length) throw new RangeError('field past the end');
    this.pos += n;
  }

  private byte(): number {
    if (this.pos >= this.data.length) throw new RangeError('varint past the end');
    return this.data[this.pos++]!;
  }
}

function partialSuccess(data: Uint8Array): NonNullable<TraceExportResponse['partialSuccess']> {
  const r = new Reader(data);
  const out: NonNullable<TraceExportResponse['partialSuccess']> = {};
  while (!r.done) {
    const key = r.varint();
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (field === 1 && wireType === 0) out.rejectedSpans = r.varint();
    else if (field === 2 && wireType === 2) out.errorMessage = decoder.decode(r.bytes());
    else r.skip(wireType);
  }
  return out;
}

/** Decode an export response; an empty or unreadable body is an answer without partial success. */
export function decodeTraceExportResponse(data: Uint8Array | undefined): TraceExportResponse {
  if (data === undefined || data.length === 0) return {};
  try {
    const r = new Reader(data);
    const response: TraceExportResponse = {};
    while (!r.done) {
      const key = r.varint();
      if (key === (1 << 3) + 2) response.partialSuccess = partialSuccess(r.bytes());
      else r.skip(key % 8);
    }
    return response;
  } catch {
    return {};
  }
}
