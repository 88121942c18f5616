/**
 * The normalised shapes the test receiver hands back. They are the same whether a sender used
 * protobuf or OTLP/JSON, gzip or not, so a test asserts once and runs against every encoding.
 */

/**
 * An OTLP `AnyValue` unwrapped to plain JavaScript: strings, booleans and doubles as themselves,
 * integers as numbers (or decimal strings beyond 2^53), arrays as arrays, key-value lists as
 * objects, bytes as lowercase hex, and an empty value as `null`.
 */
export type ReceivedValue = string | number | boolean | null | ReceivedValue[] | { [key: string]: ReceivedValue };

/** Attributes of a span, resource, scope or record, keyed by attribute name. */
export type ReceivedAttributes = { [key: string]: ReceivedValue };

/** The instrumentation scope a record was emitted under. */
export interface ReceivedScope {
  name: string;
  version: string;
  attributes: ReceivedAttributes;
}

/** A span event. */
export interface ReceivedSpanEvent {
  name: string;
  timeUnixNano: string;
  attributes: ReceivedAttributes;
  droppedAttributesCount: number;
}

/** A link from a span to another span context. */
export interface ReceivedSpanLink {
  traceId: string;
  spanId: string;
  traceState: string;
  flags: number;
  attributes: ReceivedAttributes;
  droppedAttributesCount: number;
}

/** One span as received. Ids are lowercase hex; timestamps are decimal strings of nanoseconds. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** `''` for a root span. */
  parentSpanId: string;
  name: string;
  /** `Span.SpanKind` number from the proto: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: ReceivedAttributes;
  droppedAttributesCount: number;
  /** `code` is the proto's `StatusCode`: 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
  events: ReceivedSpanEvent[];
  droppedEventsCount: number;
  links: ReceivedSpanLink[];
  droppedLinksCount: number;
  traceState: string;
  flags: number;
  /** Resource attributes. */
  resource: ReceivedAttributes;
  scope: ReceivedScope;
}

/** The kind of data a metric carries (the name of the proto's `data` oneof member). */
export type ReceivedMetricType = 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary';

/** One bucket range of an exponential histogram. */
export interface ReceivedExponentialBuckets {
  offset: number;
  bucketCounts: number[];
}

/** An exemplar attached to a data point. */
export interface ReceivedExemplar {
  timeUnixNano: string;
  value: number | string;
  traceId: string;
  spanId: string;
  filteredAttributes: ReceivedAttributes;
}

/**
 * A metric data point. The fields present depend on the metric type: `value` for gauges and sums;
 * `count`, `sum`, `min`, `max`, `bucketCounts` and `explicitBounds` for histograms; `scale`,
 * `zeroCount`, `zeroThreshold`, `positive` and `negative` for exponential histograms; `count`,
 * `sum` and `quantileValues` for summaries.
 */
export interface ReceivedDataPoint {
  attributes: ReceivedAttributes;
  startTimeUnixNano: string;
  timeUnixNano: string;
  flags: number;
  exemplars: ReceivedExemplar[];
  /** Gauge and sum value: a number, or a decimal string for an integer beyond 2^53. */
  value?: number | string;
  count?: number;
  sum?: number;
  min?: number;
  max?: number;
  bucketCounts?: number[];
  explicitBounds?: number[];
  scale?: number;
  zeroCount?: number;
  zeroThreshold?: number;
  positive?: ReceivedExponentialBuckets;
  negative?: ReceivedExponentialBuckets;
  quantileValues?: { quantile: number; value: number }[];
}

/** One metric as received, with its data points. */
export interface ReceivedMetric {
  name: string;
  unit: string;
  description: string;
  type: ReceivedMetricType;
  /** `AggregationTemporality` number (1 delta, 2 cumulative) for sums and histograms; 0 otherwise. */
  aggregationTemporality: number;
  /** Only meaningful for sums. */
  isMonotonic: boolean;
  dataPoints: ReceivedDataPoint[];
  metadata: ReceivedAttributes;
  resource: ReceivedAttributes;
  scope: ReceivedScope;
}

/** One log record as received. */
export interface ReceivedLogRecord {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  /** `SeverityNumber` from the proto (9 is INFO, 17 is ERROR); 0 when unset. */
  severityNumber: number;
  severityText: string;
  body: ReceivedValue;
  attributes: ReceivedAttributes;
  droppedAttributesCount: number;
  eventName: string;
  /** Lowercase hex, `''` when the record is not tied to a span. */
  traceId: string;
  spanId: string;
  flags: number;
  resource: ReceivedAttributes;
  scope: ReceivedScope;
}

/** The OTLP signal an endpoint carries. */
export type OtlpSignal = 'traces' | 'metrics' | 'logs';

/** One HTTP request the receiver saw, whether or not its payload was accepted. */
export interface ReceivedRequest {
  method: string;
  /** Request path without the query string, e.g. `/v1/traces`. */
  path: string;
  /** The signal of the path, or undefined for a path the receiver does not serve. */
  signal: OtlpSignal | undefined;
  /** Header names in lowercase; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The media type of `Content-Type`, without parameters (`''` when missing). */
  contentType: string;
  /** `Content-Encoding` in lowercase (`''` when missing). */
  contentEncoding: string;
  /** Bytes received on the wire, before decompression. */
  bodySize: number;
  /** `Date.now()` when the request arrived. */
  receivedAt: number;
  /** The HTTP status answered, or null while unanswered (a `hang` fault never answers). */
  status: number | null;
  /** The fault applied to this request, if any. */
  fault: OtlpFault | undefined;
  /** Why the request was refused (decode error, unsupported encoding...), if it was. */
  error: string | undefined;
  /** Spans, data points or log records the payload held; 0 when it was not decoded. */
  itemCount: number;
  /** Over https: the common name of the client certificate the sender presented (mTLS), if any. */
  clientCertificate: string | undefined;
}

/**
 * A scripted misbehaviour for the receiver. Fields combine: `{ delayMs: 500 }` answers 200 late,
 * `{ status: 503, retryAfter: '1' }` refuses with a retry hint, `{ hang: true }` never answers.
 */
export interface OtlpFault {
  /** Status to answer instead of 200. A non-2xx status means the payload is not recorded. */
  status?: number;
  /** Value of the `Retry-After` header to send. */
  retryAfter?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Accept the request and never answer it (until the receiver closes). */
  hang?: boolean;
  /** Answer 200 with an OTLP partial success carrying this rejected count and message. */
  partialSuccess?: { rejected: number; message: string };
}
