/**
 * The resolved inputs every generator reads: the profile, thresholds and durations with their
 * defaults filled in, and the Prometheus names of the catalog's metrics for that profile.
 */
import { createMetricNamer, metricDefinition, type OtelkitMetricNamer, type OtelkitMetricsProfile } from '@otelkit/core';
import type { MixinOptions, MixinThresholds, OtelkitAlertName, PromDuration, SloSpec } from './options.js';

export const DEFAULT_THRESHOLDS: Readonly<MixinThresholds> = Object.freeze({
  httpErrorRatio: 0.05,
  httpLatencyP95Seconds: 2,
  jobQueueDepth: 500,
  jobFailureRatio: 0.1,
  poolUtilization: 0.9,
  memoryGrowthRatio: 0.5,
  memoryGrowthWindow: '1h',
  eventLoopLagSeconds: 0.5,
  eventLoopUtilization: 0.9,
  telemetryQueueFillRatio: 0.8,
});

/** Everything a generator needs, defaults applied. */
export interface MixinContext {
  readonly profile: OtelkitMetricsProfile;
  /** The services' naming: every metric, label and value below goes through it. */
  readonly namer: OtelkitMetricNamer;
  readonly thresholds: Readonly<MixinThresholds>;
  readonly for: Readonly<Partial<Record<OtelkitAlertName, PromDuration>>>;
  readonly selector: string;
  readonly runbookUrl: string;
  readonly scrapeTarget: string;
  readonly slo: SloSpec | undefined;
  /** The Prometheus name of a catalog instrument, which must exist in this profile. */
  metric(otelName: string): string;
  /** The Prometheus label of one of the instrument's attributes, which must be in the catalog. */
  label(otelName: string, attribute: string): string;
  /** The label value the services record for one of the catalog's values (`failed`, `used`...). */
  value(otelName: string, attribute: string, value: string): string;
  /** The HTTP server series of the profile, which the error-rate, latency and SLO rules read. */
  readonly http: HttpServerSeries;
}

/** Where a profile records HTTP server requests. */
export interface HttpServerSeries {
  /** A counter of every request (rate it). */
  readonly requests: string;
  /** The label holding the response status code. */
  readonly statusLabel: string;
  /** The request-duration histogram (without `_bucket`/`_count`). */
  readonly duration: string;
  /** Its catalog name and bucket boundaries, in seconds. */
  readonly durationInstrument: string;
  readonly buckets: readonly number[];
}

function httpServerSeries(profile: OtelkitMetricsProfile, metric: (n: string) => string, label: (n: string, a: string) => string): HttpServerSeries {
  // semconv has no request counter: the duration histogram's _count is one.
  const durationInstrument = profile === 'semconv' ? 'http.server.request.duration' : 'http_request_duration';
  const duration = metric(durationInstrument);
  const buckets = metricDefinition(durationInstrument).buckets ?? [];
  return profile === 'semconv'
    ? { requests: `${duration}_count`, statusLabel: label(durationInstrument, 'http.response.status_code'), duration, durationInstrument, buckets }
    : { requests: metric('http_requests'), statusLabel: label('http_requests', 'status'), duration, durationInstrument, buckets };
}

export function createContext(options: MixinOptions): MixinContext {
  const profile = options.profile ?? 'semconv';
  const namer = createMetricNamer(options.naming);
  const metric = (otelName: string): string => {
    const d = metricDefinition(otelName);
    if (!d.profiles.includes(profile)) throw new Error(`metric ${otelName} is not emitted in the ${profile} profile`);
    return namer.instrument(d).prometheusName;
  };
  const attributeOf = (otelName: string, attribute: string) => {
    const d = metricDefinition(otelName);
    if (!d.attributes.includes(attribute)) throw new Error(`metric ${otelName} has no attribute ${attribute} in the catalog`);
    return namer.instrument(d);
  };
  const label = (otelName: string, attribute: string): string => attributeOf(otelName, attribute).label(attribute);
  const value = (otelName: string, attribute: string, v: string): string => attributeOf(otelName, attribute).value(attribute, v);
  return {
    profile,
    namer,
    thresholds: { ...DEFAULT_THRESHOLDS, ...options.thresholds },
    for: { ...options.for },
    selector: options.selector ?? '',
    runbookUrl: options.runbookUrl ?? 'https://runbooks.example.com/otelkit',
    scrapeTarget: options.scrapeTarget ?? '127.0.0.1:9464',
    slo: options.slo,
    metric,
    label,
    value,
    http: httpServerSeries(profile, metric, label),
  };
}
