export { OTELKIT_VERSION } from './version.js';
export {
  diagEnabled,
  diagLog,
  resetDiagRateLimit,
  setDiagSink,
  warnOnce,
  type OtelkitDiagLevel,
  type OtelkitDiagSink,
} from './diag.js';
export {
  OTELKIT_ERROR_CODES,
  OtelkitError,
  invalidOption,
  type OtelkitErrorCode,
  type OtelkitErrorOptions,
} from './errors.js';
export {
  OTELKIT_ENV_DEFINITIONS,
  getEnvDefinition,
  type OtelkitEnvDefinition,
  type OtelkitEnvSection,
  type OtelkitEnvType,
} from './env/definitions.js';
export {
  getEnvBoolean,
  getEnvKeyValues,
  getEnvList,
  getEnvNumber,
  getEnvString,
  type OtelkitEnvSource,
} from './env/read.js';
export { parseKeyValueList, type OtelkitKeyValueParse } from './env/parse.js';
export { renderEnvMarkdown } from './env/markdown.js';
