/**
 * The optional NDJSON file of `otelkit dev --ndjson`: one received span, log record or metric per
 * line (`{"span":{...}}`, `{"log":{...}}`, `{"metric":{...}}`), appended as it arrives and read
 * back into the store at start, so a restart keeps what was seen (within the store's bounds).
 */
import { createReadStream, createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { OtlpExportBatch } from '@otelkit/testing/otlp-http';
import type { TelemetryStore } from './store.js';

/** What a reload found. */
export interface ReloadResult {
  spans: number;
  logs: number;
  metrics: number;
  /** Lines that were not JSON or not one of the three shapes. */
  skipped: number;
}

/** Read `path` into `store` line by line (memory stays within the store's bounds). A missing file is empty. */
export async function reloadNdjson(path: string, store: TelemetryStore): Promise<ReloadResult> {
  const result: ReloadResult = { spans: 0, logs: 0, metrics: 0, skipped: 0 };
  if (!existsSync(path)) return result;
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let item: unknown;
    try {
      item = JSON.parse(line);
    } catch {
      result.skipped++;
      continue;
    }
    if (item === null || typeof item !== 'object') {
      result.skipped++;
    } else if ('span' in item && isRecord(item.span, 'traceId')) {
      store.addSpans([item.span as never]);
      result.spans++;
    } else if ('log' in item && isRecord(item.log, 'traceId')) {
      store.addLogs([item.log as never]);
      result.logs++;
    } else if ('metric' in item && isRecord(item.metric, 'dataPoints')) {
      store.addMetrics([item.metric as never]);
      result.metrics++;
    } else {
      result.skipped++;
    }
  }
  return result;
}

function isRecord(value: unknown, field: string): boolean {
  return value !== null && typeof value === 'object' && field in value;
}

/** Appends every accepted batch to a file. */
export class NdjsonWriter {
  private readonly stream: WriteStream;
  /** The last write error, if the file could not be written (the viewer goes on without it). */
  error: Error | undefined;

  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: 'a' });
    this.stream.on('error', (error) => {
      this.error = error;
    });
  }

  append(batch: OtlpExportBatch): void {
    if (this.error !== undefined) return;
    let text = '';
    if (batch.signal === 'traces') for (const span of batch.spans) text += `${JSON.stringify({ span })}\n`;
    else if (batch.signal === 'logs') for (const log of batch.logs) text += `${JSON.stringify({ log })}\n`;
    else for (const metric of batch.metrics) text += `${JSON.stringify({ metric })}\n`;
    if (text !== '') this.stream.write(text);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(() => resolve()));
  }
}
