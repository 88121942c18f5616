/**
 * otelkit's retry policy for OTLP/HTTP exports, as a transport around the one that sends
 * (otlp-socket-transport.ts or otlp-node-http-transport.ts). Per batch it retries the answers the
 * transport calls retryable (429, 502, 503, 504, connection errors, timeouts) for as long as a
 * budget in time allows (OTELKIT_EXPORT_RETRY_BUDGET), not a fixed number of times: an outage of a
 * minute costs a minute of retries, whatever the hint. The waits:
 * - `Retry-After` in seconds or as an HTTP date, honoured (plus up to 10 % jitter, so that batches
 *   held back together do not all come back in the same millisecond);
 * - otherwise (no hint, or garbage, 0, negative, a past date) exponential backoff from 1 s, doubled
 *   each time up to 8 s, plus up to 20 % jitter;
 * - never less than 1 s between two attempts of a batch: a collector that answers `Retry-After: 0`
 *   does not get a hot loop;
 * - a wait that would end past the budget is not started: the batch is given up at once (the
 *   caller counts it as failed, with the answer's error).
 * While the process exits (export-state.ts) each batch gets one attempt.
 */
import type { ExportResponse, IExporterTransport } from '@opentelemetry/otlp-exporter-base';
import { retriesStopped } from './export-state.js';

export const INITIAL_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 8000;
const BACKOFF_JITTER = 0.2;
const HINT_JITTER = 0.1;

/** An attempt that got no answer within OTEL_EXPORTER_OTLP_TIMEOUT; counted as `error.type=timeout`. */
export function timeoutError(): Error {
  return Object.assign(new Error('Request timed out'), { errorType: 'timeout' });
}

/** The answers OTLP/HTTP says to retry: 429, 502, 503 and 504. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH']);

/** A connection error that a later attempt may not meet (reset, refused, unreachable, DNS). */
export function isRetryableNetworkError(error: { code?: unknown }): boolean {
  return typeof error.code === 'string' && RETRYABLE_NETWORK_CODES.has(error.code);
}

/**
 * Milliseconds a `Retry-After` value asks to wait: whole seconds (RFC 9110 delay-seconds) or an
 * HTTP date; undefined for anything else and for a wait of 0 or less, which the backoff replaces.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return seconds > 0 ? seconds * 1000 : undefined;
  }
  // A date must name a weekday or month: Date.parse() also reads '-1' or '2' as a year.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at) || at <= now) return undefined;
  return at - now;
}

/** The wait before retry number `retry` (1 for the first retry), `random` in [0, 1). */
export function backoffMs(retry: number, random: number = Math.random()): number {
  const base = Math.min(INITIAL_BACKOFF_MS * 2 ** (retry - 1), MAX_BACKOFF_MS);
  return base * (1 + BACKOFF_JITTER * random);
}

/** The wait before retry number `retry` after an answer with (or without) a valid hint. */
export function retryWaitMs(retry: number, hintMs: number | undefined, random: number = Math.random()): number {
  if (hintMs === undefined) return backoffMs(retry, random);
  return Math.max(hintMs, INITIAL_BACKOFF_MS) * (1 + HINT_JITTER * random);
}

/** Retries a transport's retryable answers within a budget per batch (see the file comment). */
export class RetryingExportTransport implements IExporterTransport {
  constructor(
    private readonly transport: IExporterTransport,
    private readonly budgetMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  async send(data: Uint8Array, timeoutMillis: number): Promise<ExportResponse> {
    const deadline = Date.now() + this.budgetMs;
    let result = await this.transport.send(data, timeoutMillis);
    for (let retry = 1; result.status === 'retryable'; retry++) {
      if (retriesStopped()) return giveUp(result, 'no retry while the process exits');
      // The transports give only a valid hint (parseRetryAfter); 0 or less would be a hot loop.
      const hint = result.retryInMillis;
      const wait = retryWaitMs(retry, hint !== undefined && hint > 0 ? hint : undefined, this.random());
      const left = deadline - Date.now();
      if (wait > left) return giveUp(result, 'the next wait would pass the retry budget, OTELKIT_EXPORT_RETRY_BUDGET');
      // Unref'd: a wait between attempts must not hold a process that has nothing else to do (a
      // script that ended while the collector is down): its exit runs the bounded shutdown instead.
      await new Promise<void>((resolve) => setTimeout(resolve, wait).unref());
      if (retriesStopped()) return giveUp(result, 'no retry while the process exits');
      result = await this.transport.send(data, timeoutMillis);
    }
    return result;
  }

  shutdown(): void {
    this.transport.shutdown();
  }
}

/**
 * A final failure out of a retryable answer, its error kept (its `code` is the error.type counted).
 * The reason is fixed text: warnings are rate-limited per distinct message.
 */
function giveUp(result: Extract<ExportResponse, { status: 'retryable' }>, why: string): ExportResponse {
  const error = result.error ?? new Error('export failed with a retryable answer');
  if (!error.message.includes('gave up')) error.message = `${error.message} (gave up: ${why})`;
  return { status: 'failure', error };
}
