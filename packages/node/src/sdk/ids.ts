/**
 * Trace and span ids from a pool of cryptographically random bytes (RandomBytePool of
 * @otelkit/core: one randomFillSync() per ~2,700 requests' ids).
 *
 * The SDK's generator writes Math.random() words into a buffer for every id.
 * Each id is converted on its own (`toString('hex', start, end)`): a flat string that holds no
 * reference to the pool, so an id kept past its request pins nothing, and every later reader of
 * its characters (samplers, validity checks, the OTLP encoder) reads a sequential string rather
 * than a slice of a larger one.
 */
import type { IdGenerator } from '@opentelemetry/sdk-trace';
import { RandomBytePool } from '@otelkit/core';

const INVALID_TRACE_ID = '0'.repeat(32);
const INVALID_SPAN_ID = '0'.repeat(16);

export class PooledIdGenerator implements IdGenerator {
  private readonly pool = new RandomBytePool();
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
   * Why: docs/performance.md, "Sampling decision before the span start".
   */
  prime(traceId: string | undefined): void {
    this.primed = traceId;
  }

  generateTraceId(): string {
    const primed = this.primed;
    if (primed !== undefined) {
      this.primed = undefined;
      return primed;
    }
    const pool = this.pool;
    for (;;) {
      const at = pool.take(16);
      const bytes = pool.bytes;
      const id = bytes.toString('hex', at, at + 16);
      // All zeros is the invalid id (a 2^-128 chance); draw again rather than emit it.
      if (id === INVALID_TRACE_ID) continue;
      this.lastTraceId = id;
      this.lastTraceIdWords = (bytes.readUInt32BE(at) ^ bytes.readUInt32BE(at + 4) ^ bytes.readUInt32BE(at + 8) ^ bytes.readUInt32BE(at + 12)) >>> 0;
      return id;
    }
  }

  generateSpanId(): string {
    const pool = this.pool;
    for (;;) {
      const at = pool.take(8);
      const id = pool.bytes.toString('hex', at, at + 8);
      if (id !== INVALID_SPAN_ID) return id;
    }
  }
}
