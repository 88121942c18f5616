export { OTELKIT_VERSION } from './version.js';
export { HTTP_METHODS, HTTP_TOKEN, UNTRACED_SERVER } from './http.js';
export { outsideRequests, rememberStartFrame, startFrameRunner } from './start-frame.js';
export {
  diagEnabled,
  diagLog,
  resetDiagRateLimit,
  runDetached,
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
  DEFAULT_IGNORE_PATHS,
  OTELKIT_ENV_DEFINITIONS,
  getEnvDefinition,
  type OtelkitEnvDefinition,
  type OtelkitEnvSection,
  type OtelkitEnvType,
} from './env/definitions.js';
export {
  getEnvBoolean,
  getEnvEndpoint,
  getEnvKeyValues,
  getEnvList,
  getEnvNumber,
  getEnvString,
  missingSchemeFix,
  urlProblem,
  type OtelkitEnvSource,
} from './env/read.js';
export { otlpEndpointFromEnv, otlpProtocolFromEnv, type OtelkitOtlpProtocolName, type OtelkitOtlpSignal } from './env/otlp.js';
export {
  closestEnvName,
  findUnknownEnvVariables,
  knownEnvNames,
  warnUnknownEnvVariables,
  type OtelkitUnknownEnvVariable,
} from './env/known.js';
export { parseKeyValueList, type OtelkitKeyValueParse } from './env/parse.js';
export { ENV_MARKDOWN_END, renderEnvMarkdown } from './env/markdown.js';
export { activeEnv, configFileEnv, useConfigFileEnv, type OtelkitFileEnv } from './env/source.js';
export {
  HTTP_DURATION_BUCKETS,
  JOB_DURATION_BUCKETS,
  GC_DURATION_BUCKETS,
  HOLD_DURATION_BUCKETS,
  OTELKIT_METRIC_CATALOG,
  getMetricDefinition,
  metricDefinition,
  metricsForProfile,
  prometheusNameOf,
  type OtelkitMetricDefinition,
  type OtelkitMetricGroup,
  type OtelkitMetricsProfile,
} from './metrics/catalog.js';
export {
  prometheusMetricName,
  prometheusUnitSuffix,
  sanitizePrometheusLabel,
  sanitizePrometheusName,
  type OtelkitMetricKind,
} from './metrics/prometheus-name.js';
export { renderMetricsMarkdown } from './metrics/markdown.js';
export {
  assertMetricNaming,
  createMetricNamer,
  DEFAULT_METRIC_NAMER,
  normalizeMetricNaming,
  RENAMEABLE_METRIC_GROUPS,
  type OtelkitMetricNamer,
  type OtelkitMetricNaming,
  type OtelkitNamedInstrument,
  type OtelkitNamingProblem,
} from './metrics/naming.js';
export { metricNamingFromEnv, readMetricNaming } from './metrics/naming-env.js';
export { traceFlagsHex } from './trace-flags.js';
export { redactUrl } from './redact.js';
export { RANDOM_POOL_BYTES, RandomBytePool } from './random-pool.js';
export { Lazy } from './lazy.js';
