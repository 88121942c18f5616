/**
 * Trace and span ids from a pool of cryptographically random bytes.
 *
 * The SDK's generator writes Math.random() words into a buffer for every id. Here one
 * randomFillSync() call fills a 4 KiB pool that serves ~170 requests (a trace id and a span id
 * each), so an id costs one hex conversion, and ids are unpredictable, as W3C Trace Context asks.
 */
import type { IdGenerator } from '@opentelemetry/sdk-trace';

const POOL_BYTES = 4096;
const INVALID_TRACE_ID = '0'.repeat(32);
const INVALID_SPAN_ID = '0'.repeat(16);

export class PooledIdGenerator implements IdGenerator {
  private readonly pool = Buffer.allocUnsafe(POOL_BYTES);
  private offset = POOL_BYTES;

  private take(bytes: number): string {
    if (this.offset + bytes > POOL_BYTES) {
      process.getBuiltinModule('node:crypto').randomFillSync(this.pool);
      this.offset = 0;
    }
    const id = this.pool.toString('hex', this.offset, this.offset + bytes);
    this.offset += bytes;
    return id;
  }

  generateTraceId(): string {
    let id = this.take(16);
    // All zeros is the invalid id (a 2^-128 chance); draw again rather than emit it.
    while (id === INVALID_TRACE_ID) id = this.take(16);
    return id;
  }

  generateSpanId(): string {
    let id = this.take(8);
    while (id === INVALID_SPAN_ID) id = this.take(8);
    return id;
  }
}
