/** Memory and disk readings for `/health` and `/status`. Never throw. */
import type { CheckStatus } from './types.js';

export interface MemoryReading {
  status: CheckStatus;
  rssBytes: number;
  heapUsedBytes: number;
  /** V8's heap size limit (`--max-old-space-size` or the default for this machine). */
  heapLimitBytes: number;
  heapUsedRatio: number;
}

export interface DiskReading {
  status: CheckStatus;
  path: string;
  totalBytes?: number;
  availableBytes?: number;
  usedRatio?: number;
  message?: string;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

export function readMemory(warnRatio: number): MemoryReading {
  const usage = process.memoryUsage();
  const limit = process.getBuiltinModule('node:v8').getHeapStatistics().heap_size_limit;
  const ratio = limit > 0 ? usage.heapUsed / limit : 0;
  return {
    status: ratio >= warnRatio ? 'warn' : 'ok',
    rssBytes: usage.rss,
    heapUsedBytes: usage.heapUsed,
    heapLimitBytes: limit,
    heapUsedRatio: round(ratio),
  };
}

export async function readDisk(path: string, warnRatio: number): Promise<DiskReading> {
  try {
    const s = await process.getBuiltinModule('node:fs/promises').statfs(path);
    const total = s.blocks * s.bsize;
    const available = s.bavail * s.bsize;
    // Pseudo file systems report zero blocks: nothing to judge.
    const ratio = total > 0 ? 1 - available / total : 0;
    return { status: ratio >= warnRatio ? 'warn' : 'ok', path, totalBytes: total, availableBytes: available, usedRatio: round(ratio) };
  } catch (error) {
    return { status: 'warn', path, message: `statfs failed: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
}
