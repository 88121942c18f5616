/**
 * Trace and span ids from a pool of cryptographically random bytes.
 *
 * The SDK's generator writes Math.random() words into a buffer for every id. Here one
 * randomFillSync() call fills a 480-byte pool that serves 20 requests (a trace id and a span id
 * each), so an id costs a string slice, and ids are unpredictable, as W3C Trace Context asks.
 * The pool stays small because each id is a slice that keeps its whole pool string alive: ids held
 * past their request (the last span context of an idle keep-alive connection) would otherwise each
 * pin an 8 kB string, which the garbage collector copies and promotes.
 */
import type { IdGenerator } from '@opentelemetry/sdk-trace';

const POOL_BYTES = 480;
const INVALID_TRACE_ID = '0'.repeat(32);
const INVALID_SPAN_ID = '0'.repeat(16);

export class PooledIdGenerator implements IdGenerator {
  private readonly pool = Buffer.allocUnsafe(POOL_BYTES);
  private hex = '';
  private offset = 0;
  private primed: string | undefined;

  /**
   * The next generateTraceId() returns this id. The server instrumentation draws a root span's trace
   * id itself to take the sampling decision without the SDK; when it samples, the SDK must start the
   * span on that same id, or a ratio sampler would decide twice on two ids (sampling ratio²).
   */
  prime(traceId: string | undefined): void {
    this.primed = traceId;
  }

  private take(bytes: number): string {
    const chars = bytes * 2;
    if (this.offset + chars > this.hex.length) {
      process.getBuiltinModule('node:crypto').randomFillSync(this.pool);
      // One hex conversion per refill; each id is then a slice of that string (no native call per id).
      this.hex = this.pool.toString('hex');
      this.offset = 0;
    }
    const id = this.hex.slice(this.offset, this.offset + chars);
    this.offset += chars;
    return id;
  }

  generateTraceId(): string {
    const primed = this.primed;
    if (primed !== undefined) {
      this.primed = undefined;
      return primed;
    }
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
