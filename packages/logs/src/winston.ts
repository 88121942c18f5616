/**
 * winston correlation: a format (for explicit use) and the write wrapper the preload installs on
 * `Logger.prototype`. Both add `trace_id`, `span_id`, `trace_flags` and the request-scoped fields to
 * the `info` object.
 */
import { emitLogRecord, sendingEnabled, severityFromWinstonLevel } from './emit.js';
import { escapeLineSeparators } from './escape.js';
import { redactSet } from './redact.js';
import { addCorrelationFields } from './trace-fields.js';

/** winston's `info` object (logform's `TransformableInfo`, restated so winston's types are not needed). */
export interface OtelkitWinstonInfo {
  level: string;
  message: unknown;
  [key: string | symbol]: unknown;
}

/**
 * The shape winston's `format.combine()` accepts: any object with a `transform(info)` method. It
 * returns the `info` it is given, so it is assignable to logform's `Format`.
 */
export interface OtelkitWinstonFormat {
  options: Record<string, never>;
  transform(info: OtelkitWinstonInfo): OtelkitWinstonInfo;
}

/**
 * A winston format that adds the correlation fields. Put it before the final format.
 * @example
 * const logger = winston.createLogger({ format: winston.format.combine(winstonFormat(), winston.format.json()) });
 */
export function winstonFormat(): OtelkitWinstonFormat {
  return { options: {}, transform: (info) => addCorrelationFields(info as Record<string, unknown>) as OtelkitWinstonInfo };
}

const MESSAGE_KEYS = new Set(['level', 'message']);

/** Send one winston `info` as an OpenTelemetry log record (when sending is on). Never throws. */
export function sendWinstonInfo(info: Record<string, unknown>, redact?: readonly string[]): void {
  if (!sendingEnabled()) return;
  try {
    const fields: Record<string, unknown> = {};
    for (const key of Object.keys(info)) if (!MESSAGE_KEYS.has(key)) fields[key] = info[key];
    const level = typeof info['level'] === 'string' ? info['level'] : 'info';
    emitLogRecord(severityFromWinstonLevel(level), level.toUpperCase(), info['message'] ?? '', fields, redactSet(redact));
  } catch {
    // Best effort.
  }
}

type WinstonWrite = (this: unknown, info: unknown, ...rest: unknown[]) => boolean;

/** triple-beam's key for the serialised line a winston format produces. */
const MESSAGE = Symbol.for('message');
const ESCAPING = Symbol.for('otelkit.logs.winston-escaping');

interface WinstonFormatLike {
  options?: unknown;
  transform(info: unknown, options?: unknown): unknown;
  [ESCAPING]?: true;
}

/**
 * The logger's final format leaves U+2028/U+2029 raw in the line, as JSON.stringify does (RELIABILITY
 * T8): wrap it once so the serialised line has them escaped. A logger reconfigured later gets its new
 * format wrapped on its next write.
 */
function escapeFormatOf(logger: { format?: WinstonFormatLike }): void {
  const format = logger.format;
  if (format === undefined || format === null || format[ESCAPING] === true || typeof format.transform !== 'function') return;
  logger.format = {
    [ESCAPING]: true,
    get options() {
      return format.options;
    },
    transform(info: unknown, options?: unknown): unknown {
      const out = format.transform(info, options) as Record<symbol, unknown> | false;
      if (out && typeof out[MESSAGE] === 'string') out[MESSAGE] = escapeLineSeparators(out[MESSAGE]);
      return out;
    },
  };
}

/** Wrap `Logger.prototype.write`: correlate, send when on, then write as before. */
export function wrapWinstonWrite(original: WinstonWrite): WinstonWrite {
  return function otelkitWinstonWrite(this: unknown, info: unknown, ...rest: unknown[]): boolean {
    if (info !== null && typeof info === 'object') {
      addCorrelationFields(info as Record<string, unknown>);
      sendWinstonInfo(info as Record<string, unknown>);
    }
    if (this !== null && typeof this === 'object') {
      try {
        escapeFormatOf(this);
      } catch {
        // A logger whose format cannot be replaced writes as before.
      }
    }
    return original.call(this, info, ...rest);
  };
}
