export { configureLogs, logsSettings } from './settings.js';
export { traceFields } from './trace-fields.js';
export { addLogContext, getLogContext, requestIdMiddleware, requestLogFields, startRequestLogContext, withLogContext } from './log-context.js';
export { LOG_FIELDS_CONTEXT_KEY } from './state.js';
export {
  OTELKIT_PINO_MIXIN,
  combinePinoMixin,
  correlatePinoLogger,
  correlationFragment,
  isOtelkitPinoMixin,
  pinoCorrelation,
  pinoMergeStrategy,
  pinoMixin,
  wrapPinoWrite,
  type OtelkitPinoMergeStrategy,
  type OtelkitPinoMixin,
} from './pino.js';
export { sendWinstonInfo, winstonFormat, wrapWinstonWrite, type OtelkitWinstonFormat, type OtelkitWinstonInfo } from './winston.js';
export { bunyanStream, sendBunyanRecord, wrapBunyanEmit, type OtelkitBunyanTarget } from './bunyan.js';
export { correlateConsole } from './console.js';
export { createLogger, readyPinoOptions, type OtelkitReadyPinoOptions } from './format.js';
export { DEFAULT_REDACT_KEYS, REDACTED, redactSet } from './redact.js';
export { escapeLineSeparators } from './escape.js';
export type {
  OtelkitConsoleMode,
  OtelkitLogFields,
  OtelkitLogFn,
  OtelkitLoggerOptions,
  OtelkitLogsSettings,
  OtelkitReadyLogger,
  OtelkitTraceFields,
} from './types.js';
