/**
 * Reading and decompressing request bodies under a size cap, so a runaway sender (or a gzip bomb)
 * costs the test process a bounded amount of memory.
 */
import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';

/** What {@link readBody} collected. */
export interface ReadBodyResult {
  /** The bytes, or empty when the cap was exceeded. */
  body: Buffer;
  /** Bytes received on the wire, counted even past the cap. */
  size: number;
  tooLarge: boolean;
}

/**
 * Read the whole request. Past `limit` bytes the data is drained and dropped rather than the
 * socket cut, so the sender finishes writing and can read the 413 that follows.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<ReadBodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => {
      const tooLarge = size > limit;
      resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks, size), size, tooLarge });
    });
    req.on('error', reject);
  });
}

/** Outcome of {@link gunzipLimited}. */
export type GunzipResult = { ok: true; body: Buffer } | { ok: false; tooLarge: boolean; message: string };

/** Decompress a gzip body, refusing to inflate past `limit` bytes. */
export function gunzipLimited(body: Buffer, limit: number): Promise<GunzipResult> {
  return new Promise((resolve) => {
    gunzip(body, { maxOutputLength: limit }, (error, result) => {
      if (error === null) {
        resolve({ ok: true, body: result });
        return;
      }
      const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError;
      resolve({ ok: false, tooLarge, message: `invalid gzip body: ${error.message}` });
    });
  });
}
