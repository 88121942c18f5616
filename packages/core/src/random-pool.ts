/**
 * Cryptographically random bytes handed out in small pieces from one large buffer, for the ids
 * otelkit generates on hot paths (trace and span ids, request ids).
 *
 * One randomFillSync() call refills the whole buffer. Under load a refill costs mostly its cold
 * start (OpenSSL's state out of the caches by then), so a 64 kB pool costs less per id than a
 * 4 kB one (docs/performance.md, "64 kB pools of random bytes"), and every id stays unpredictable,
 * as W3C Trace Context asks. The buffer is allocated
 * at the first refill, and node:crypto looked up then (the module loader's hooks wrap
 * getBuiltinModule): a process that never draws an id pays for neither.
 */

/** Bytes per refill: ~2,700 requests' trace and span ids, or 4,096 UUIDs. */
export const RANDOM_POOL_BYTES = 65536;

let randomFillSync: ((buffer: Buffer) => Buffer) | undefined;

export class RandomBytePool {
  /** The pool. Read it after {@link take}, which may replace it at the first refill. */
  bytes: Buffer = Buffer.alloc(0);
  private offset: number;

  constructor(readonly size: number = RANDOM_POOL_BYTES) {
    this.offset = size;
  }

  /** Offset in {@link bytes} of `count` fresh random bytes (`count` at most {@link size}). */
  take(count: number): number {
    if (this.offset + count > this.size) {
      if (this.bytes.length !== this.size) this.bytes = Buffer.allocUnsafe(this.size);
      (randomFillSync ??= process.getBuiltinModule('node:crypto').randomFillSync)(this.bytes);
      this.offset = 0;
    }
    const at = this.offset;
    this.offset = at + count;
    return at;
  }
}
