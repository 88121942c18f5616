/**
 * Flattening of decoded export requests into one record per span, metric or log record, each
 * carrying its resource and scope, so tests never walk the resource/scope nesting themselves.
 */
import type {
  ReceivedAttributes,
  ReceivedDataPoint,
  ReceivedExemplar,
  ReceivedExponentialBuckets,
  ReceivedLogRecord,
  ReceivedMetric,
  ReceivedMetricType,
  ReceivedScope,
  ReceivedSpan,
} from './types.js';
import {
  toAttributes,
  toCount,
  toHex,
  toInt64,
  toNanos,
  toScope,
  unwrapAnyValue,
  type RawAnyValue,
  type RawKeyValue,
  type RawScope,
} from './values.js';

type Nanos = string | number;

interface RawResource {
  attributes?: RawKeyValue[];
}

interface RawSpan {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  parentSpanId?: Uint8Array;
  traceState?: string;
  flags?: number;
  name?: string;
  kind?: number;
  startTimeUnixNano?: Nanos;
  endTimeUnixNano?: Nanos;
  attributes?: RawKeyValue[];
  droppedAttributesCount?: number;
  events?: { timeUnixNano?: Nanos; name?: string; attributes?: RawKeyValue[]; droppedAttributesCount?: number }[];
  droppedEventsCount?: number;
  links?: {
    traceId?: Uint8Array;
    spanId?: Uint8Array;
    traceState?: string;
    attributes?: RawKeyValue[];
    droppedAttributesCount?: number;
    flags?: number;
  }[];
  droppedLinksCount?: number;
  status?: { message?: string; code?: number };
}

interface RawTracesRequest {
  resourceSpans?: { resource?: RawResource; scopeSpans?: { scope?: RawScope; spans?: RawSpan[] }[] }[];
}

interface RawExemplar {
  filteredAttributes?: RawKeyValue[];
  timeUnixNano?: Nanos;
  value?: string;
  asDouble?: number;
  asInt?: Nanos;
  spanId?: Uint8Array;
  traceId?: Uint8Array;
}

interface RawBuckets {
  offset?: number;
  bucketCounts?: Nanos[];
}

interface RawDataPoint {
  attributes?: RawKeyValue[];
  startTimeUnixNano?: Nanos;
  timeUnixNano?: Nanos;
  flags?: number;
  exemplars?: RawExemplar[];
  value?: string;
  asDouble?: number;
  asInt?: Nanos;
  count?: Nanos;
  sum?: number;
  min?: number;
  max?: number;
  bucketCounts?: Nanos[];
  explicitBounds?: number[];
  scale?: number;
  zeroCount?: Nanos;
  zeroThreshold?: number;
  positive?: RawBuckets;
  negative?: RawBuckets;
  quantileValues?: { quantile?: number; value?: number }[];
}

interface RawMetricData {
  dataPoints?: RawDataPoint[];
  aggregationTemporality?: number;
  isMonotonic?: boolean;
}

interface RawMetric {
  name?: string;
  description?: string;
  unit?: string;
  data?: ReceivedMetricType;
  gauge?: RawMetricData;
  sum?: RawMetricData;
  histogram?: RawMetricData;
  exponentialHistogram?: RawMetricData;
  summary?: RawMetricData;
  metadata?: RawKeyValue[];
}

interface RawMetricsRequest {
  resourceMetrics?: { resource?: RawResource; scopeMetrics?: { scope?: RawScope; metrics?: RawMetric[] }[] }[];
}

interface RawLogRecord {
  timeUnixNano?: Nanos;
  observedTimeUnixNano?: Nanos;
  severityNumber?: number;
  severityText?: string;
  body?: RawAnyValue;
  attributes?: RawKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  eventName?: string;
}

interface RawLogsRequest {
  resourceLogs?: { resource?: RawResource; scopeLogs?: { scope?: RawScope; logRecords?: RawLogRecord[] }[] }[];
}

/** Every resource/scope pair of a request with the items under it. */
function* eachScope<T>(
  resources: { resource?: RawResource; scopes: { scope?: RawScope; items?: T[] }[] }[],
): Generator<{ resource: ReceivedAttributes; scope: ReceivedScope; items: T[] }> {
  for (const r of resources) {
    const resource = toAttributes(r.resource?.attributes);
    for (const s of r.scopes) {
      yield { resource, scope: toScope(s.scope), items: s.items ?? [] };
    }
  }
}

/** Spans of a decoded `ExportTraceServiceRequest`. */
export function spansFromRequest(request: Record<string, unknown>): ReceivedSpan[] {
  const raw = request as RawTracesRequest;
  const groups = (raw.resourceSpans ?? []).map((r) => ({
    resource: r.resource,
    scopes: (r.scopeSpans ?? []).map((s) => ({ scope: s.scope, items: s.spans })),
  }));
  const out: ReceivedSpan[] = [];
  for (const { resource, scope, items } of eachScope(groups)) {
    for (const span of items) {
      out.push({
        traceId: toHex(span.traceId),
        spanId: toHex(span.spanId),
        parentSpanId: toHex(span.parentSpanId),
        name: span.name ?? '',
        kind: span.kind ?? 0,
        startTimeUnixNano: toNanos(span.startTimeUnixNano),
        endTimeUnixNano: toNanos(span.endTimeUnixNano),
        attributes: toAttributes(span.attributes),
        droppedAttributesCount: span.droppedAttributesCount ?? 0,
        status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
        events: (span.events ?? []).map((e) => ({
          name: e.name ?? '',
          timeUnixNano: toNanos(e.timeUnixNano),
          attributes: toAttributes(e.attributes),
          droppedAttributesCount: e.droppedAttributesCount ?? 0,
        })),
        droppedEventsCount: span.droppedEventsCount ?? 0,
        links: (span.links ?? []).map((l) => ({
          traceId: toHex(l.traceId),
          spanId: toHex(l.spanId),
          traceState: l.traceState ?? '',
          flags: l.flags ?? 0,
          attributes: toAttributes(l.attributes),
          droppedAttributesCount: l.droppedAttributesCount ?? 0,
        })),
        droppedLinksCount: span.droppedLinksCount ?? 0,
        traceState: span.traceState ?? '',
        flags: span.flags ?? 0,
        resource,
        scope,
      });
    }
  }
  return out;
}

function numberValue(point: { value?: string; asDouble?: number; asInt?: Nanos }): number | string {
  return point.value === 'asInt' ? toInt64(point.asInt) : (point.asDouble ?? 0);
}

function toBuckets(buckets: RawBuckets | undefined): ReceivedExponentialBuckets {
  return { offset: buckets?.offset ?? 0, bucketCounts: (buckets?.bucketCounts ?? []).map(toCount) };
}

function toExemplar(e: RawExemplar): ReceivedExemplar {
  return {
    timeUnixNano: toNanos(e.timeUnixNano),
    value: numberValue(e),
    traceId: toHex(e.traceId),
    spanId: toHex(e.spanId),
    filteredAttributes: toAttributes(e.filteredAttributes),
  };
}

function toDataPoint(type: ReceivedMetricType, p: RawDataPoint): ReceivedDataPoint {
  const point: ReceivedDataPoint = {
    attributes: toAttributes(p.attributes),
    startTimeUnixNano: toNanos(p.startTimeUnixNano),
    timeUnixNano: toNanos(p.timeUnixNano),
    flags: p.flags ?? 0,
    exemplars: (p.exemplars ?? []).map(toExemplar),
  };
  // Optional proto fields (sum, min, max) are copied only when the sender set them.
  if (type === 'gauge' || type === 'sum') {
    point.value = numberValue(p);
    return point;
  }
  point.count = toCount(p.count);
  if (p.sum !== undefined) point.sum = p.sum;
  if (type === 'summary') {
    point.sum = p.sum ?? 0;
    point.quantileValues = (p.quantileValues ?? []).map((q) => ({ quantile: q.quantile ?? 0, value: q.value ?? 0 }));
    return point;
  }
  if (p.min !== undefined) point.min = p.min;
  if (p.max !== undefined) point.max = p.max;
  if (type === 'histogram') {
    point.bucketCounts = (p.bucketCounts ?? []).map(toCount);
    point.explicitBounds = p.explicitBounds ?? [];
    return point;
  }
  point.scale = p.scale ?? 0;
  point.zeroCount = toCount(p.zeroCount);
  point.zeroThreshold = p.zeroThreshold ?? 0;
  point.positive = toBuckets(p.positive);
  point.negative = toBuckets(p.negative);
  return point;
}

/** Metrics of a decoded `ExportMetricsServiceRequest`. A metric without data is skipped. */
export function metricsFromRequest(request: Record<string, unknown>): ReceivedMetric[] {
  const raw = request as RawMetricsRequest;
  const groups = (raw.resourceMetrics ?? []).map((r) => ({
    resource: r.resource,
    scopes: (r.scopeMetrics ?? []).map((s) => ({ scope: s.scope, items: s.metrics })),
  }));
  const out: ReceivedMetric[] = [];
  for (const { resource, scope, items } of eachScope(groups)) {
    for (const metric of items) {
      const type = metric.data;
      const data = type === undefined ? undefined : metric[type];
      if (type === undefined || data === undefined) continue;
      out.push({
        name: metric.name ?? '',
        unit: metric.unit ?? '',
        description: metric.description ?? '',
        type,
        aggregationTemporality: data.aggregationTemporality ?? 0,
        isMonotonic: data.isMonotonic ?? false,
        dataPoints: (data.dataPoints ?? []).map((p) => toDataPoint(type, p)),
        metadata: toAttributes(metric.metadata),
        resource,
        scope,
      });
    }
  }
  return out;
}

/** Log records of a decoded `ExportLogsServiceRequest`. */
export function logsFromRequest(request: Record<string, unknown>): ReceivedLogRecord[] {
  const raw = request as RawLogsRequest;
  const groups = (raw.resourceLogs ?? []).map((r) => ({
    resource: r.resource,
    scopes: (r.scopeLogs ?? []).map((s) => ({ scope: s.scope, items: s.logRecords })),
  }));
  const out: ReceivedLogRecord[] = [];
  for (const { resource, scope, items } of eachScope(groups)) {
    for (const log of items) {
      out.push({
        timeUnixNano: toNanos(log.timeUnixNano),
        observedTimeUnixNano: toNanos(log.observedTimeUnixNano),
        severityNumber: log.severityNumber ?? 0,
        severityText: log.severityText ?? '',
        body: unwrapAnyValue(log.body),
        attributes: toAttributes(log.attributes),
        droppedAttributesCount: log.droppedAttributesCount ?? 0,
        eventName: log.eventName ?? '',
        traceId: toHex(log.traceId),
        spanId: toHex(log.spanId),
        flags: log.flags ?? 0,
        resource,
        scope,
      });
    }
  }
  return out;
}
