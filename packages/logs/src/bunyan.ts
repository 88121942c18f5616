/**
 * bunyan correlation. bunyan serializers only run for keys the caller passes, so they cannot add
 * fields to every record; correlation instead goes through the record itself: the preload wraps
 * `Logger.prototype._emit`, and {@link bunyanStream} wraps a stream for explicit use.
 */
import { emitLogRecord, sendingEnabled, severityFromPinoLevel } from './emit.js';
import { escapeLineSeparators } from './escape.js';
import { redactSet } from './redact.js';
import { addCorrelationFields } from './trace-fields.js';

const RECORD_KEYS = new Set(['name', 'hostname', 'pid', 'level', 'msg', 'time', 'v', 'src']);
const LEVEL_NAMES: Readonly<Record<number, string>> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Send one bunyan record as an OpenTelemetry log record (when sending is on). Never throws. */
export function sendBunyanRecord(rec: Record<string, unknown>, redact?: readonly string[]): void {
  if (!sendingEnabled()) return;
  try {
    const fields: Record<string, unknown> = {};
    for (const key of Object.keys(rec)) if (!RECORD_KEYS.has(key)) fields[key] = rec[key];
    const level = typeof rec['level'] === 'number' ? rec['level'] : 30;
    emitLogRecord(severityFromPinoLevel(level), LEVEL_NAMES[level] ?? String(level), rec['msg'] ?? '', fields, redactSet(redact));
  } catch {
    // Best effort.
  }
}

type BunyanEmit = (this: unknown, rec: unknown, noemit?: unknown) => unknown;

/** What `Logger.prototype._emit` reads of its logger (bunyan 1.x and 2.x). */
interface BunyanLoggerLike {
  haveNonRawStreams?: boolean;
  streams?: ReadonlyArray<{ level: number; raw?: boolean; stream: { write(chunk: unknown): unknown } }>;
}

/**
 * bunyan's own emit, with U+2028/U+2029 escaped in the line it writes to its non-raw streams
 * (JSON.stringify leaves them raw; RELIABILITY T8). The line is serialised once, by bunyan
 * (`_emit(rec, true)` returns it without writing), and handed to each stream as `_emit` would: a
 * line without separators costs one regex test. Raw-only loggers never serialise.
 */
function emitEscaped(original: BunyanEmit, logger: BunyanLoggerLike, rec: Record<string, unknown>): unknown {
  const streams = logger.streams;
  if (logger.haveNonRawStreams === false || streams === undefined) return original.call(logger, rec);
  const str = original.call(logger, rec, true);
  if (typeof str !== 'string') return original.call(logger, rec);
  const line = escapeLineSeparators(str);
  const level = rec['level'] as number;
  for (const s of streams) if (s.level <= level) s.stream.write(s.raw === true ? rec : line);
  return line;
}

/** Wrap `Logger.prototype._emit`: correlate the record, send when on, then emit as before (separators escaped). */
export function wrapBunyanEmit(original: BunyanEmit): BunyanEmit {
  return function otelkitBunyanEmit(this: unknown, rec: unknown, noemit?: unknown): unknown {
    if (rec === null || typeof rec !== 'object') return original.call(this, rec, noemit);
    if (noemit === true) {
      const str = original.call(this, rec, noemit);
      return typeof str === 'string' ? escapeLineSeparators(str) : str;
    }
    addCorrelationFields(rec as Record<string, unknown>);
    sendBunyanRecord(rec as Record<string, unknown>);
    return emitEscaped(original, this as BunyanLoggerLike, rec as Record<string, unknown>);
  };
}

/** A writable target for {@link bunyanStream}. */
export interface OtelkitBunyanTarget {
  write(line: string): unknown;
}

/**
 * A bunyan raw stream that adds the correlation fields and writes one JSON line per record to
 * `target` (default stdout).
 * @example
 * const log = bunyan.createLogger({ name: 'api', streams: [bunyanStream()] });
 */
export function bunyanStream(target: OtelkitBunyanTarget = process.stdout, level: number | string = 'info'): { type: 'raw'; level: number | string; stream: { write(rec: object): void } } {
  return {
    type: 'raw',
    level,
    stream: {
      write(rec: object): void {
        try {
          const out = addCorrelationFields({ ...(rec as Record<string, unknown>) });
          target.write(`${escapeLineSeparators(JSON.stringify(out))}\n`);
        } catch {
          // A record that cannot be serialised is dropped rather than thrown into the app.
        }
      },
    },
  };
}
