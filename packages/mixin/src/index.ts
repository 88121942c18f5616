export { generateMixin } from './generate.js';
export { DEFAULT_THRESHOLDS, type MixinContext } from './context.js';
export type { MixinOptions, MixinOutput, MixinThresholds, OtelkitAlertName, PromDuration, SloSpec } from './options.js';
