/**
 * Trace and span ids from a pool of cryptographically random bytes.
 *
 * The SDK's generator writes Math.random() words into a buffer for every id. Here one
 * randomFillSync() call fills a 64 kB pool that serves about 2,700 requests (a trace id and a span
 * id each): under load a refill costs mostly its cold start (OpenSSL's state out of the caches by
 * then), so the larger pool costs less per request than 4 kB did (docs/performance.md,
 * "64 kB pools of random bytes"), and ids
 * stay unpredictable, as W3C Trace Context asks.
 * Each id is converted on its own (`toString('hex', start, end)`): a flat string that holds no
 * reference to the pool, so an id kept past its request pins nothing, and every later reader of
 * its characters (samplers, validity checks, the OTLP encoder) reads a sequential string rather
 * than a slice of a larger one.
 */
import type { IdGenerator } from '@opentelemetry/sdk-trace';

const POOL_BYTES = 65536;
const INVALID_TRACE_ID = '0'.repeat(32);
const INVALID_SPAN_ID = '0'.repeat(16);
// Looked up at the first refill, once: the module loader's hooks wrap getBuiltinModule.
let randomFillSync: ((buffer: Buffer) => Buffer) | undefined;

export class PooledIdGenerator implements IdGenerator {
  private readonly pool = Buffer.allocUnsafe(POOL_BYTES);
  private offset = POOL_BYTES;
  private primed: string | undefined;
  /** The last trace id drawn from the pool (not a primed one), and {@link lastTraceIdWords} of it. */
  lastTraceId: string | undefined;
  /**
   * XOR of the four big-endian 32-bit words of {@link lastTraceId}: the figure the trace id ratio
   * sampler computes from the 32 hex characters, taken here from the bytes (see RatioSampler).
   */
  lastTraceIdWords = 0;

  /**
   * The next generateTraceId() returns this id. The server instrumentation draws a root span's trace
   * id itself to take the sampling decision without the SDK; when it samples, the SDK must start the
   * span on that same id, or a ratio sampler would decide twice on two ids (sampling ratio²).
   */
  prime(traceId: string | undefined): void {
    this.primed = traceId;
  }

  /** Offset of `bytes` fresh random bytes in the pool. */
  private take(bytes: number): number {
    if (this.offset + bytes > POOL_BYTES) {
      (randomFillSync ??= process.getBuiltinModule('node:crypto').randomFillSync)(this.pool);
      this.offset = 0;
    }
    const at = this.offset;
    this.offset = at + bytes;
    return at;
  }

  generateTraceId(): string {
    const primed = this.primed;
    if (primed !== undefined) {
      this.primed = undefined;
      return primed;
    }
    const pool = this.pool;
    for (;;) {
      const at = this.take(16);
      const id = pool.toString('hex', at, at + 16);
      // All zeros is the invalid id (a 2^-128 chance); draw again rather than emit it.
      if (id === INVALID_TRACE_ID) continue;
      this.lastTraceId = id;
      this.lastTraceIdWords = (pool.readUInt32BE(at) ^ pool.readUInt32BE(at + 4) ^ pool.readUInt32BE(at + 8) ^ pool.readUInt32BE(at + 12)) >>> 0;
      return id;
    }
  }

  generateSpanId(): string {
    const pool = this.pool;
    for (;;) {
      const at = this.take(8);
      const id = pool.toString('hex', at, at + 8);
      if (id !== INVALID_SPAN_ID) return id;
    }
  }
}
