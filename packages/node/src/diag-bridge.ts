/**
 * Routes the OpenTelemetry SDK's diagnostics through otelkit's rate limit: one line per distinct
 * message a minute, at warn unless OTEL_LOG_LEVEL says otherwise. The SDK passes its details
 * (partial-success counts, error objects) as extra arguments; they are kept, on one line, with
 * secret-looking keys redacted.
 */
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { activeEnv, getEnvString, warnOnce } from '@otelkit/core';

const LEVELS: Record<string, DiagLogLevel> = {
  none: DiagLogLevel.NONE, error: DiagLogLevel.ERROR, warn: DiagLogLevel.WARN, info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG, verbose: DiagLogLevel.VERBOSE, all: DiagLogLevel.ALL,
};
const SECRET_KEY = /header|authori[sz]ation|cookie|token|secret|password|api[-_]?key|credential/i;
const PART_LIMIT = 300;
const LINE_LIMIT = 700;

function clip(text: string, limit: number): string {
  const oneLine = text.replace(/[\r\n\u2028\u2029]+/g, ' ');
  return oneLine.length > limit ? `${oneLine.slice(0, limit)}…` : oneLine;
}

/** One argument as short text: errors by name and message, objects as redacted JSON. */
export function formatDiagArgument(value: unknown): string {
  if (typeof value === 'string') return clip(value, PART_LIMIT);
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return clip(`${value.name}: ${value.message}${code !== undefined ? ` (${String(code)})` : ''}`, PART_LIMIT);
  }
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    const json = JSON.stringify(value, (key, v: unknown) => (key !== '' && SECRET_KEY.test(key) ? '[redacted]' : v));
    return clip(json ?? String(value), PART_LIMIT);
  } catch {
    return '[unprintable]';
  }
}

/** Install the bridge as the global diag logger. */
export function installDiagBridge(): void {
  // Read through the table so an invalid value gets its one warning; unset means warn for the SDK.
  const raw = activeEnv()['OTEL_LOG_LEVEL'] === undefined ? undefined : getEnvString('OTEL_LOG_LEVEL');
  const level = raw !== undefined && raw in LEVELS ? (LEVELS[raw] as DiagLogLevel) : DiagLogLevel.WARN;
  const forward = (lvl: 'error' | 'warn' | 'info' | 'debug') => (message: string, ...args: unknown[]): void => {
    const first = formatDiagArgument(message);
    const text = [first, ...args.map(formatDiagArgument)].join(' ');
    // Keyed by the first argument only, so the same problem with changing details stays one line a minute.
    warnOnce(`sdk:${lvl}:${first.slice(0, 120)}`, `sdk: ${clip(text, LINE_LIMIT)}`, lvl);
  };
  const logger: DiagLogger = { error: forward('error'), warn: forward('warn'), info: forward('info'), debug: forward('debug'), verbose: forward('debug') };
  diag.setLogger(logger, { logLevel: level, suppressOverrideMessage: true });
}
