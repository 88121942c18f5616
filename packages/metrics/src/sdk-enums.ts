/**
 * Enum values of @opentelemetry/sdk-metrics and the API that this package writes into the metric
 * data it hands to the SDK's readers and reads back from them. They are copied as numbers so the
 * light package needs no SDK at run time; sdk-enums.test.ts fails if the SDK ever renumbers them.
 */

/** `DataPointType` */
export const HISTOGRAM = 0;
export const EXPONENTIAL_HISTOGRAM = 1;
export const GAUGE = 2;
export const SUM = 3;

/** `AggregationTemporality` */
export const DELTA = 0;
export const CUMULATIVE = 1;

/** `ValueType` of the API */
export const DOUBLE = 1;
