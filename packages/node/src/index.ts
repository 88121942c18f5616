export { start, startSync, getOtelkit } from './start.js';
export { normalizeConfig } from './config.js';
export { INSTRUMENTATION_CATALOG, type OtelkitInstrumentationName } from './instrumentations/catalog.generated.js';
export type { InstrumentationCatalogEntry } from './instrumentations/types.js';
export type {
  OtelkitHandle,
  OtelkitInstrumentationConfigMap,
  OtelkitMetricNaming,
  OtelkitOtlpOptions,
  OtelkitOtlpProtocol,
  OtelkitPropagatorName,
  OtelkitReadableSpan,
  OtelkitSampler,
  OtelkitSpanExporter,
  OtelkitSpanProcessor,
  OtelkitTraceContextMode,
  OtelkitResolvedConfig,
  OtelkitSamplerName,
  OtelkitStartOptions,
  OtelkitSwitchableSignal,
  OtelkitTracesExporterName,
} from './types.js';
export { readConfigFile, type OtelkitConfigFileResult } from './config-file/load.js';
export { fileEnvView, fileVariableNames } from './config-file/apply.js';
export { translateConfigModel, type OtelkitFileTranslation } from './config-file/to-env.js';
export { effectiveConfigModel } from './config-file/from-env.js';
