/** Public types of @otelkit/logs. */

/** Request-scoped fields added to every log line (`tenant_id`, `user_id`, `request_id`, ...). */
export type OtelkitLogFields = Readonly<Record<string, unknown>>;

/** Trace correlation fields, named as the OpenTelemetry spec asks for non-OTLP log formats. */
export interface OtelkitTraceFields {
  /** 32 lowercase hex characters. */
  trace_id: string;
  /** 16 lowercase hex characters. */
  span_id: string;
  /** Two hex characters, `01` when sampled. */
  trace_flags: string;
}

/** Settings the distro (or an app with its own SDK) applies once at start. */
export interface OtelkitLogsSettings {
  /** Also send each correlated log call as an OpenTelemetry log record (through the global LoggerProvider). */
  sendToOtel: boolean;
  /**
   * Asked before a record is built; `false` drops it (the caller counts the drop). Lets a full
   * export queue shed a burst without allocating a record per line.
   */
  admit?: () => boolean;
  /** `service.name` for the ready JSON format. */
  serviceName?: string;
  /** `service.version` for the ready JSON format. */
  serviceVersion?: string;
  /** `deployment.environment.name` for the ready JSON format. */
  environment?: string;
}

/** Options of {@link createLogger} and {@link readyPinoOptions}. */
export interface OtelkitLoggerOptions {
  /** The `logger` field: which part of the app wrote the line. Default: `service.name`, else `app`. */
  name?: string;
  /** Lowest level written. Default `info`. */
  level?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  /** `service.name`. Default: as configured by @otelkit/node, else `OTEL_SERVICE_NAME`. */
  serviceName?: string;
  /** `service.version`. Default: as configured by @otelkit/node, else unset. */
  serviceVersion?: string;
  /** `deployment.environment.name`. Default: as configured by @otelkit/node, else `OTELKIT_DEPLOYMENT_ENVIRONMENT`, else `NODE_ENV`. */
  environment?: string;
  /**
   * Keys whose values are replaced by `[REDACTED]`, at the top level and one level down (and in
   * `req.headers`/`headers`). Default: `OTELKIT_LOG_REDACT_KEYS`. `[]` turns redaction off.
   */
  redact?: readonly string[];
  /** Where {@link createLogger} writes. Default: stdout. Ignored by {@link readyPinoOptions}. */
  destination?: { write(line: string): unknown };
}

/**
 * One log method of {@link OtelkitReadyLogger}, with pino's call shapes: a message with printf-style
 * arguments, or fields (an Error included) then an optional message.
 */
export interface OtelkitLogFn {
  (message: string, ...args: unknown[]): void;
  (fields: object, message?: string, ...args: unknown[]): void;
}

/**
 * What {@link createLogger} returns: the part of the pino logger API common to pino 8, 9 and 10.
 * A structural type rather than pino's own `Logger`, since pino is an optional peer: an app without
 * pino's types installed must still compile against this package (pino is loaded only when
 * createLogger() runs). For pino's full type, ask for it: `createLogger<pino.Logger>()`.
 */
export interface OtelkitReadyLogger {
  /** Lowest level written; assignable (`log.level = 'debug'`). */
  level: string;
  trace: OtelkitLogFn;
  debug: OtelkitLogFn;
  info: OtelkitLogFn;
  warn: OtelkitLogFn;
  error: OtelkitLogFn;
  fatal: OtelkitLogFn;
  /** A logger whose lines also carry `bindings`. */
  child(bindings: Record<string, unknown>): OtelkitReadyLogger;
  isLevelEnabled(level: string): boolean;
  bindings(): Record<string, unknown>;
  /** Writes buffered lines (pino's `flush`). */
  flush(callback?: (error?: Error) => void): void;
}

/** Options of {@link correlateConsole}. */
export type OtelkitConsoleMode = 'text' | 'json';
