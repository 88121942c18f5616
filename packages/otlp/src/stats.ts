/**
 * What the export pipeline did, per signal: the one place processors and exporters report to, and
 * the one place self-metrics (`otel.sdk.*`), `/status` and the exit summary read from.
 * Plain counters, no allocation on the hot path.
 */

export type PipelineSignal = 'traces' | 'metrics' | 'logs';

/** Counters of one signal's pipeline since start. */
export interface SignalStats {
  /** Items waiting in the processor's queue right now. */
  queued: number;
  /** The queue's bound (OTEL_BSP_MAX_QUEUE_SIZE / OTEL_BLRP_MAX_QUEUE_SIZE); 0 when there is no queue. */
  queueCapacity: number;
  /** Items the exporter delivered. */
  exported: number;
  /** Items an export attempt failed for, by error type (e.g. `timeout`, `http_503`, `unavailable`). */
  failed: Record<string, number>;
  /** Items dropped before export, by reason (e.g. `queue_full`, `encode_error`). */
  dropped: Record<string, number>;
  /**
   * The same exported and failed counts, by exporter (`otel.component.type`: `otlp_http_span_exporter`,
   * `ConsoleSpanExporter`, ...). With two exporters a span is exported twice, once by each.
   */
  byExporter: Record<string, ExporterStats>;
  /** OTLP/HTTP exports in flight right now (sent or waiting between retries), and the most at once. */
  inFlight: number;
  inFlightMax: number;
  /** Last export failure message (redacted by the diag bridge rules), if any. */
  lastError?: string;
  lastSuccessAt?: number;
  lastFailureAt?: number;
}

/** What one exporter of a signal did. */
export interface ExporterStats {
  exported: number;
  failed: Record<string, number>;
}

function empty(): SignalStats {
  return { queued: 0, queueCapacity: 0, exported: 0, failed: {}, dropped: {}, byExporter: {}, inFlight: 0, inFlightMax: 0 };
}

const STATS: Record<PipelineSignal, SignalStats> = { traces: empty(), metrics: empty(), logs: empty() };

/** The live counters of one signal (read-only for consumers). */
export function signalStats(signal: PipelineSignal): Readonly<SignalStats> {
  return STATS[signal];
}

/** Snapshot of every signal, for `/status` and diagnostics. */
export function pipelineStats(): Record<PipelineSignal, SignalStats> {
  const snapshot = (signal: PipelineSignal): SignalStats => ({ ...structuredClone(STATS[signal]), queued: queueLength(signal) });
  return { traces: snapshot('traces'), metrics: snapshot('metrics'), logs: snapshot('logs') };
}

const queueReaders: Partial<Record<PipelineSignal, Array<() => number>>> = {};

/**
 * Let a processor report its queue length when asked, instead of on every item. A signal with two
 * processors (e.g. OTLP and console) reports the sum of both queues against the sum of their bounds.
 */
export function registerQueue(signal: PipelineSignal, read: () => number, capacity: number): void {
  (queueReaders[signal] ??= []).push(read);
  STATS[signal].queueCapacity += capacity;
}

/**
 * The queue of an upstream batch processor, seen from outside: items accepted minus items its
 * exporter has taken. The upstream processors drop at a full queue with only a debug line; their
 * wrappers ask `hasRoom()` first, so they drop at the same bound and count it. A batch the
 * processor has taken but not yet handed over (waiting for a resource's async attributes) is still
 * counted: the bound is then met a little early, never late.
 */
export class CountedQueue {
  private accepted = 0;
  private taken = 0;

  constructor(
    signal: PipelineSignal,
    readonly capacity: number,
  ) {
    registerQueue(signal, () => this.accepted - this.taken, capacity);
  }

  /** True while the queue can take one more item. */
  hasRoom(): boolean {
    return this.accepted - this.taken < this.capacity;
  }

  /** One item went into the processor. */
  accept(): void {
    this.accepted++;
  }

  /** The exporter took `count` items off the queue. */
  take(count: number): void {
    this.taken += count;
  }
}

/** Queue length of a signal right now. */
export function queueLength(signal: PipelineSignal): number {
  const readers = queueReaders[signal];
  if (readers === undefined) return 0;
  let length = 0;
  for (const read of readers) length += read();
  return length;
}

/** An export of `signal` started (+1) or settled (-1). */
export function recordInFlight(signal: PipelineSignal, delta: 1 | -1): void {
  const s = STATS[signal];
  s.inFlight += delta;
  if (s.inFlight > s.inFlightMax) s.inFlightMax = s.inFlight;
}

/**
 * A short `error.type` for a failed export: the type an otelkit error names (`errorType`), the HTTP
 * status when there is one, else the error's name.
 */
export function exportErrorType(error: unknown): string {
  const own = (error as { errorType?: unknown } | undefined)?.errorType;
  if (typeof own === 'string') return own;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'number' && Number.isInteger(code)) return String(code);
  if (typeof code === 'string' && /^[A-Z0-9_]{1,32}$/.test(code)) return code;
  const name = (error as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && name !== '' && name !== 'Error' ? name : 'export_failed';
}

function exporterStats(s: SignalStats, exporter: string): ExporterStats {
  return (s.byExporter[exporter] ??= { exported: 0, failed: {} });
}

/** `count` items delivered by `exporter` (its `otel.component.type`). */
export function recordExported(signal: PipelineSignal, count: number, exporter: string): void {
  const s = STATS[signal];
  s.exported += count;
  exporterStats(s, exporter).exported += count;
  s.lastSuccessAt = Date.now();
}

/** `count` items `exporter` (its `otel.component.type`) failed to deliver. */
export function recordFailed(signal: PipelineSignal, count: number, exporter: string, errorType: string, message?: string): void {
  const s = STATS[signal];
  s.failed[errorType] = (s.failed[errorType] ?? 0) + count;
  const e = exporterStats(s, exporter);
  e.failed[errorType] = (e.failed[errorType] ?? 0) + count;
  s.lastFailureAt = Date.now();
  if (message !== undefined) s.lastError = message;
}

/**
 * A successful export of `count` items: delivered, except the items a partial success rejected,
 * which are counted failed as `rejected` (they were not exported and must not be retried).
 */
export function recordDelivered(signal: PipelineSignal, count: number, exporter: string, rejected: number | undefined, message?: string): void {
  const refused = Math.min(Math.max(rejected ?? 0, 0), count);
  if (refused > 0) recordFailed(signal, refused, exporter, 'rejected', message);
  recordExported(signal, count - refused, exporter);
}

export function recordDropped(signal: PipelineSignal, count: number, reason: string): void {
  const s = STATS[signal];
  s.dropped[reason] = (s.dropped[reason] ?? 0) + count;
}

/** `ok` unless the last export attempt of this signal failed (then `degraded`). */
export function exporterState(signal: PipelineSignal): 'ok' | 'degraded' {
  const s = STATS[signal];
  return s.lastFailureAt !== undefined && (s.lastSuccessAt === undefined || s.lastFailureAt > s.lastSuccessAt) ? 'degraded' : 'ok';
}

/** For tests: forget everything. */
export function resetPipelineStats(): void {
  for (const key of Object.keys(STATS) as PipelineSignal[]) {
    STATS[key] = empty();
    delete queueReaders[key];
  }
}
