/**
 * Single-pass OTLP/protobuf encoding of spans, used by EncodingSpanProcessor.
 *
 * The upstream serializer walks every batch twice (a size pass, then a write pass) and converts
 * ids through intermediate arrays. This writes once into a growing buffer, reserving one byte for
 * each length prefix and shifting the body in the rare case the length needs more. The requests it
 * makes are byte-for-byte what the upstream serializer produces (tests hold it to that), so
 * collectors see exactly the same payloads.
 */
import type { Attributes, HrTime, Link, SpanStatus } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';

/** Strings shorter than this are copied in JavaScript when they are ASCII (see Writer.string). */
const SHORT_STRING = 64;
const HEX: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < 10; i++) table[48 + i] = i;
  for (let i = 0; i < 6; i++) {
    table[97 + i] = 10 + i;
    table[65 + i] = 10 + i;
  }
  return table;
})();
const TWO_32 = 4_294_967_296;

/** A growing protobuf writer; `begin()`/`end()` bracket length-delimited bodies. */
export class Writer {
  buf: Buffer;
  pos = 0;

  /** A new buffer of `size` bytes, or writing over the start of a given one. */
  constructor(sizeOrBuffer: number | Buffer) {
    this.buf = typeof sizeOrBuffer === 'number' ? Buffer.allocUnsafe(sizeOrBuffer) : sizeOrBuffer;
  }

  ensure(extra: number): void {
    const need = this.pos + extra;
    if (need <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Unsigned varint of a non-negative integer up to 2^53. */
  varint(value: number): void {
    this.ensure(10);
    const buf = this.buf;
    let v = value;
    while (v > 0x7f) {
      buf[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    buf[this.pos++] = v;
  }

  /** int64 varint: negative values are written as their 10-byte two's complement. */
  int64(value: number): void {
    if (value >= 0) return this.varint(value);
    let v = BigInt.asUintN(64, BigInt(value));
    this.ensure(10);
    while (v > 0x7fn) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  tag(field: number, wire: number): void {
    const key = field * 8 + wire;
    // Every tag otelkit writes is one byte (fields up to 15).
    if (key < 0x80) {
      this.ensure(1);
      this.buf[this.pos++] = key;
    } else {
      this.varint(key);
    }
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(value >>> 0, this.pos);
    this.pos += 4;
  }

  fixed64(low: number, high: number): void {
    this.ensure(8);
    const buf = this.buf;
    const at = this.pos;
    const lo = low >>> 0;
    const hi = high >>> 0;
    buf[at] = lo & 0xff;
    buf[at + 1] = (lo >>> 8) & 0xff;
    buf[at + 2] = (lo >>> 16) & 0xff;
    buf[at + 3] = lo >>> 24;
    buf[at + 4] = hi & 0xff;
    buf[at + 5] = (hi >>> 8) & 0xff;
    buf[at + 6] = (hi >>> 16) & 0xff;
    buf[at + 7] = hi >>> 24;
    this.pos = at + 8;
  }

  double(value: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  /** Opens a length-delimited field body; returns the position of its one reserved length byte. */
  begin(): number {
    this.ensure(1);
    return this.pos++;
  }

  /** Closes a body opened by begin(), writing its length and shifting the body if it needs more bytes. */
  end(start: number): void {
    const length = this.pos - start - 1;
    if (length < 0x80) {
      this.buf[start] = length;
      return;
    }
    let size = 1;
    for (let v = length; v > 0x7f; v = Math.floor(v / 128)) size++;
    this.ensure(size - 1);
    this.buf.copyWithin(start + size, start + 1, this.pos);
    this.pos += size - 1;
    let v = length;
    let at = start;
    while (v > 0x7f) {
      this.buf[at++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[at] = v;
  }

  string(value: string): void {
    const n = value.length;
    this.ensure(n * 3 + 1);
    // Attribute keys and most values are short ASCII: copied byte by byte they cost less than a
    // native utf8 write (a call into C++ per string). Anything else goes through Buffer.write.
    if (n < SHORT_STRING) {
      const buf = this.buf;
      let at = this.pos;
      buf[at++] = n; // length < 0x80: a one-byte varint
      let i = 0;
      for (; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        buf[at++] = c;
      }
      if (i === n) {
        this.pos = at;
        return;
      }
    }
    const start = this.begin();
    this.pos += this.buf.write(value, this.pos, 'utf8');
    this.end(start);
  }

  bytes(value: Uint8Array): void {
    this.varint(value.length);
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  /** A hex id (trace or span id) as raw bytes. */
  hexBytes(hex: string): void {
    const n = hex.length >> 1;
    this.varint(n);
    this.ensure(n);
    const buf = this.buf;
    for (let i = 0; i < n; i++) {
      const hi = HEX[hex.charCodeAt(2 * i) & 0x7f] ?? 0;
      const lo = HEX[hex.charCodeAt(2 * i + 1) & 0x7f] ?? 0;
      buf[this.pos++] = ((hi < 0 ? 0 : hi) << 4) | (lo < 0 ? 0 : lo);
    }
  }

  /** HrTime as fixed64 nanoseconds, split so no intermediate exceeds 2^53. */
  hrTime(time: HrTime): void {
    // seconds = sHi * 2^16 + sLo; ns = sHi * 1e9 * 2^16 + sLo * 1e9 + nanos. Remainders are taken
    // as x - floor(x / m) * m: `%` on numbers past 2^31 is a call into the C library.
    const seconds = time[0];
    const sHi = Math.floor(seconds / 65536);
    const b = sHi * 1e9;
    const bHi = Math.floor(b / 65536);
    const x = (b - bHi * 65536) * 65536 + (seconds - sHi * 65536) * 1e9 + time[1];
    const xHi = Math.floor(x / TWO_32);
    this.fixed64(x - xHi * TWO_32, bHi + xHi);
  }
}

function anyValue(w: Writer, value: unknown): void {
  switch (typeof value) {
    case 'string':
      w.tag(1, 2);
      w.string(value);
      return;
    case 'boolean':
      w.tag(2, 0);
      w.varint(value ? 1 : 0);
      return;
    case 'number':
      if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63) {
        w.tag(3, 0);
        w.int64(value);
      } else {
        w.tag(4, 1);
        w.double(value);
      }
      return;
    default:
  }
  if (value instanceof Uint8Array) {
    w.tag(7, 2);
    w.bytes(value);
  } else if (Array.isArray(value)) {
    w.tag(5, 2);
    const array = w.begin();
    for (const item of value) {
      w.tag(1, 2);
      const start = w.begin();
      anyValue(w, item);
      w.end(start);
    }
    w.end(array);
  } else if (typeof value === 'object' && value !== null) {
    w.tag(6, 2);
    const list = w.begin();
    const record = value as Record<string, unknown>;
    for (const key in record) {
      if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
      w.tag(1, 2);
      keyValue(w, key, record[key]);
    }
    w.end(list);
  }
}

function keyValue(w: Writer, key: string, value: unknown): void {
  const kv = w.begin();
  w.tag(1, 2);
  w.string(key);
  w.tag(2, 2);
  const v = w.begin();
  anyValue(w, value);
  w.end(v);
  w.end(kv);
}

function attributes(w: Writer, attrs: Attributes, field: number): void {
  for (const key in attrs) {
    if (!Object.prototype.hasOwnProperty.call(attrs, key)) continue;
    w.tag(field, 2);
    keyValue(w, key, attrs[key]);
  }
}

function spanFlags(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 0xff) | 0x100 | (isRemote === true ? 0x200 : 0);
}

function status(w: Writer, s: SpanStatus): void {
  const start = w.begin();
  if (s.message) {
    w.tag(2, 2);
    w.string(s.message);
  }
  w.tag(3, 0);
  w.varint(s.code);
  w.end(start);
}

function event(w: Writer, e: TimedEvent): void {
  const start = w.begin();
  w.tag(1, 1);
  w.hrTime(e.time);
  w.tag(2, 2);
  w.string(e.name);
  if (e.attributes) attributes(w, e.attributes, 3);
  w.tag(4, 0);
  w.varint(e.droppedAttributesCount ?? 0);
  w.end(start);
}

function link(w: Writer, l: Link & { droppedAttributesCount?: number }): void {
  const start = w.begin();
  const ctx = l.context;
  w.tag(1, 2);
  w.hexBytes(ctx.traceId);
  w.tag(2, 2);
  w.hexBytes(ctx.spanId);
  const traceState = ctx.traceState?.serialize();
  if (traceState) {
    w.tag(3, 2);
    w.string(traceState);
  }
  if (l.attributes) attributes(w, l.attributes, 4);
  w.tag(5, 0);
  w.varint(l.droppedAttributesCount ?? 0);
  w.tag(6, 5);
  w.fixed32(spanFlags(ctx.traceFlags, ctx.isRemote));
  w.end(start);
}

/** Writes one Span message body (with its length prefix, without a field tag). */
export function span(w: Writer, s: ReadableSpan): void {
  const start = w.begin();
  const ctx = s.spanContext();
  w.tag(1, 2);
  w.hexBytes(ctx.traceId);
  w.tag(2, 2);
  w.hexBytes(ctx.spanId);
  const traceState = ctx.traceState?.serialize();
  if (traceState) {
    w.tag(3, 2);
    w.string(traceState);
  }
  const parent = s.parentSpanContext;
  if (parent?.spanId) {
    w.tag(4, 2);
    w.hexBytes(parent.spanId);
  }
  w.tag(5, 2);
  w.string(s.name);
  // SpanKind in the api starts at INTERNAL = 0; the proto reserves 0 for UNSPECIFIED.
  const kind = s.kind == null ? 0 : s.kind + 1;
  if (kind !== 0) {
    w.tag(6, 0);
    w.varint(kind);
  }
  w.tag(7, 1);
  w.hrTime(s.startTime);
  w.tag(8, 1);
  w.hrTime(s.endTime);
  if (s.attributes) attributes(w, s.attributes, 9);
  w.tag(10, 0);
  w.varint(s.droppedAttributesCount);
  for (const e of s.events) {
    w.tag(11, 2);
    event(w, e);
  }
  w.tag(12, 0);
  w.varint(s.droppedEventsCount);
  for (const l of s.links) {
    w.tag(13, 2);
    link(w, l);
  }
  w.tag(14, 0);
  w.varint(s.droppedLinksCount);
  w.tag(15, 2);
  status(w, s.status);
  w.tag(16, 5);
  w.fixed32(spanFlags(ctx.traceFlags, parent?.isRemote));
  w.end(start);
}

/** The instrumentation scope of a span, as the encoder reads it. */
export type EncoderScope = ReadableSpan['instrumentationScope'] & { attributes?: Attributes; droppedAttributesCount?: number };
/** The resource of a span, as the encoder reads it. */
export type EncoderResource = ReadableSpan['resource'] & { schemaUrl?: string };

/** Writes ResourceSpans field 1 (the Resource message, tagged). */
function resourceField(w: Writer, resource: EncoderResource): void {
  w.tag(1, 2);
  const res = w.begin();
  attributes(w, resource.attributes, 1);
  w.tag(2, 0);
  w.varint(0);
  w.end(res);
}

/** Writes ScopeSpans field 1 (the InstrumentationScope message, tagged). */
function scopeField(w: Writer, scope: EncoderScope): void {
  w.tag(1, 2);
  const sc = w.begin();
  w.tag(1, 2);
  w.string(scope.name);
  if (scope.version) {
    w.tag(2, 2);
    w.string(scope.version);
  }
  if (scope.attributes) attributes(w, scope.attributes, 3);
  if (scope.droppedAttributesCount) {
    w.tag(4, 0);
    w.varint(scope.droppedAttributesCount);
  }
  w.end(sc);
}

/**
 * Writes one ResourceSpans (field 1 of the request): the resource, then for each scope its header,
 * the span messages that `writeSpans` appends (each tagged as field 2), and the schema URLs.
 */
export function resourceSpans(w: Writer, resource: EncoderResource, scopes: Iterable<readonly [EncoderScope, () => void]>): void {
  w.tag(1, 2);
  const rs = w.begin();
  resourceField(w, resource);
  for (const [scope, writeSpans] of scopes) {
    w.tag(2, 2);
    const ss = w.begin();
    scopeField(w, scope);
    writeSpans();
    if (scope.schemaUrl) {
      w.tag(3, 2);
      w.string(scope.schemaUrl);
    }
    w.end(ss);
  }
  if (resource.schemaUrl) {
    w.tag(3, 2);
    w.string(resource.schemaUrl);
  }
  w.end(rs);
}
