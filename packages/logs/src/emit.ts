/**
 * Sends log calls as OpenTelemetry log records through the global LoggerProvider, when the distro
 * (or the app) turned sending on. The record is emitted in the caller's context, so the SDK puts the
 * active span's ids on it.
 */
import { context, createContextKey, logs, type AnyValue, type Logger, type LoggerProvider, type SeverityNumber } from '@opentelemetry/api';
import { OTELKIT_VERSION } from '@otelkit/core';
import { REDACTED } from './redact.js';
import { state, scopedFields } from './state.js';

/** Keys the correlation adds; they travel as the record's trace context, not as attributes. */
const CORRELATION_KEYS = new Set(['trace_id', 'span_id', 'trace_flags']);
const MAX_STRING = 8192;

// The key @opentelemetry/core sets while an exporter runs (createContextKey is Symbol.for).
const SUPPRESS_TRACING_KEY = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

let cached: { provider: LoggerProvider; logger: Logger } | undefined;
// A log call made while a record is being emitted (an exporter or SDK diagnostic that logs through
// an instrumented logger) is not sent again: the pipeline must never feed itself.
let emitting = false;

function otelLogger(): Logger {
  const provider = logs.getLoggerProvider();
  if (cached?.provider !== provider) cached = { provider, logger: provider.getLogger('@otelkit/logs', OTELKIT_VERSION) };
  return cached.logger;
}

function toAnyValue(value: unknown): AnyValue | undefined {
  switch (typeof value) {
    case 'string':
      return value.length > MAX_STRING ? value.slice(0, MAX_STRING) : value;
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'object': {
      if (value === null) return null;
      if (value instanceof Error) return `${value.name}: ${value.message}`;
      try {
        const json = JSON.stringify(value);
        return json === undefined ? undefined : json.length > MAX_STRING ? json.slice(0, MAX_STRING) : json;
      } catch {
        return '[unserializable]';
      }
    }
    default:
      return undefined;
  }
}

/**
 * True when log calls should also become OpenTelemetry log records: sending is on, and the call
 * does not come from the pipeline itself (an emit in progress, or code running inside an export).
 */
export function sendingEnabled(): boolean {
  return state.settings.sendToOtel && !emitting && context.active().getValue(SUPPRESS_TRACING_KEY) !== true;
}

/**
 * Emit one record. `fields` become attributes (redacted keys replaced, correlation keys left out,
 * nested values as JSON), after the logger's own `bindings` (a pino child's), which they override.
 * Never throws.
 */
export function emitLogRecord(
  severityNumber: SeverityNumber,
  severityText: string,
  body: unknown,
  fields: Readonly<Record<string, unknown>> | null | undefined,
  redacted: ReadonlySet<string>,
  bindings?: Readonly<Record<string, unknown>>,
): void {
  if (emitting) return;
  emitting = true;
  try {
    const admit = state.settings.admit;
    if (admit !== undefined && !admit()) return;
    const attributes: Record<string, AnyValue> = {};
    const scoped = scopedFields();
    for (const source of [scoped, bindings, fields]) {
      if (source === undefined || source === null || typeof source !== 'object') continue;
      for (const key of Object.keys(source)) {
        if (CORRELATION_KEYS.has(key)) continue;
        if (redacted.has(key.toLowerCase())) {
          attributes[key] = REDACTED;
          continue;
        }
        const value = toAnyValue(source[key]);
        if (value !== undefined) attributes[key] = value;
      }
    }
    const error = fields?.['err'] ?? fields?.['error'];
    if (error instanceof Error) {
      attributes['exception.type'] = error.name;
      attributes['exception.message'] = error.message;
      if (error.stack !== undefined) attributes['exception.stacktrace'] = error.stack;
    }
    otelLogger().emit({ severityNumber, severityText, body: toAnyValue(body) ?? '', attributes, timestamp: Date.now() });
  } catch {
    // Sending is best effort; the line itself is already written.
  } finally {
    emitting = false;
  }
}

/** pino and bunyan level numbers → OpenTelemetry severity numbers. */
export function severityFromPinoLevel(level: number): SeverityNumber {
  if (level >= 60) return 21;
  if (level >= 50) return 17;
  if (level >= 40) return 13;
  if (level >= 30) return 9;
  if (level >= 20) return 5;
  return 1;
}

const WINSTON_SEVERITY: Readonly<Record<string, number>> = {
  emerg: 24, alert: 23, crit: 22, error: 17, warning: 13, warn: 13, notice: 10, info: 9, http: 7, verbose: 6, debug: 5, silly: 1,
};

/** winston level names (npm and syslog sets) → OpenTelemetry severity numbers. */
export function severityFromWinstonLevel(level: string): SeverityNumber {
  return WINSTON_SEVERITY[level] ?? 9;
}
