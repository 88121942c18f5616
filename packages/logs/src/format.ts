/**
 * The ready JSON format, as pino options: pino stays the engine, otelkit only configures it.
 * Lines look like the runbooks' format:
 * {"level":"INFO","timestamp":"2025-11-18T12:00:00.123Z","logger":"api","trace_id":"…","span_id":"…",
 *  "trace_flags":"01","service.name":"api","tenant_id":"t-1","order":42,"message":"Job created"}
 */
import { OtelkitError, invalidOption } from '@otelkit/core';
import { createRequire } from 'node:module';
import { escapeLineSeparators } from './escape.js';
import { correlatePinoLogger, pinoCorrelation, type OtelkitPinoMergeStrategy, type OtelkitPinoMixin } from './pino.js';
import { REDACTED, pinoRedactPaths, redactKeys } from './redact.js';
import { serviceFields } from './settings.js';
import type { OtelkitLoggerOptions, OtelkitReadyLogger } from './types.js';

/** The pino options of the ready format (pass them to `pino()` and add your own). */
export interface OtelkitReadyPinoOptions {
  level: string;
  messageKey: 'message';
  base: Record<string, string>;
  timestamp: () => string;
  formatters: { level: (label: string) => { level: string } };
  redact?: { paths: string[]; censor: string };
  mixin: OtelkitPinoMixin;
  mixinMergeStrategy: OtelkitPinoMergeStrategy;
  hooks: { streamWrite: (line: string) => string };
}

const KNOWN_OPTIONS = new Set(['name', 'level', 'serviceName', 'serviceVersion', 'environment', 'redact', 'destination']);
const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

function checkOptions(options: OtelkitLoggerOptions): void {
  if (typeof options !== 'object' || options === null) throw invalidOption('options', 'an object', options);
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) throw new OtelkitError('OTELKIT_ERR_UNKNOWN_OPTION', `createLogger() has no option "${key}"`);
  }
  if (options.level !== undefined && !LEVELS.has(options.level)) throw invalidOption('level', `one of ${[...LEVELS].join(', ')}`, options.level);
  for (const key of ['name', 'serviceName', 'serviceVersion', 'environment'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'string') throw invalidOption(key, 'a string', options[key]);
  }
  if (options.redact !== undefined && (!Array.isArray(options.redact) || options.redact.some((k) => typeof k !== 'string' || k === ''))) {
    throw invalidOption('redact', 'an array of non-empty strings', options.redact);
  }
  const d = options.destination;
  if (d !== undefined && (typeof d !== 'object' || d === null || typeof d.write !== 'function')) throw invalidOption('destination', 'an object with a write() method', d);
}

/**
 * `timestamp` (ISO-8601 UTC with milliseconds) followed by `logger`: pino writes the time right
 * after the level, so the logger name rides along to come before the correlation fields.
 */
function timestampAndLogger(name: string): () => string {
  const logger = `,"logger":${JSON.stringify(name)}`;
  return () => `,"timestamp":"${new Date().toISOString()}"${logger}`;
}
const upperLevel = (label: string): { level: string } => ({ level: label.toUpperCase() });

/**
 * pino options for the ready JSON format: `timestamp`, `level` (`INFO`, `WARN`, ...), `logger`,
 * `message`, the correlation and request-scoped fields, `service.name`, `service.version` and
 * `deployment.environment.name`, with secrets redacted and U+2028/U+2029 escaped.
 * @throws OtelkitError for invalid options.
 */
export function readyPinoOptions(options: OtelkitLoggerOptions = {}): OtelkitReadyPinoOptions {
  checkOptions(options);
  const service = serviceFields(options);
  const keys = redactKeys(options.redact);
  const out: OtelkitReadyPinoOptions = {
    level: options.level ?? 'info',
    messageKey: 'message',
    base: service,
    timestamp: timestampAndLogger(options.name ?? service['service.name'] ?? 'app'),
    formatters: { level: upperLevel },
    ...pinoCorrelation(),
    hooks: { streamWrite: escapeLineSeparators },
  };
  if (keys.length > 0) out.redact = { paths: pinoRedactPaths(keys), censor: REDACTED };
  return out;
}

type PinoFactory = ((options: object, destination?: object) => Record<symbol, unknown>) & { symbols: Record<string, symbol> };

/**
 * A pino logger in the ready JSON format, writing to stdout (or `destination`). Needs `pino` installed.
 * Typed as {@link OtelkitReadyLogger} so no pino types are needed; `createLogger<pino.Logger>()`
 * gives pino's own type (an unchecked assertion: the value is a logger of the installed pino).
 * @example
 * const log = createLogger({ name: 'billing' });
 * log.info({ order_id: 42 }, 'order placed');
 * @throws OtelkitError for invalid options, or when pino is not installed.
 */
export function createLogger<L = OtelkitReadyLogger>(options: OtelkitLoggerOptions = {}): L {
  const pinoOptions = readyPinoOptions(options);
  let pino: PinoFactory;
  try {
    pino = createRequire(import.meta.url)('pino') as PinoFactory;
  } catch (error) {
    throw new OtelkitError('OTELKIT_ERR_MISSING_PEER', 'createLogger() needs the "pino" package; install it next to @otelkit/logs', { cause: error });
  }
  // The spliced fragment is cheaper than the mixin; the mixin stays in readyPinoOptions() for
  // those who call pino() themselves.
  const { mixin: _mixin, mixinMergeStrategy: _merge, ...rest } = pinoOptions;
  const logger = options.destination === undefined ? pino(rest) : pino(rest, options.destination);
  correlatePinoLogger(logger, pino, options.redact);
  return logger as L;
}
