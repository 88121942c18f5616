/**
 * What `generateMixin()` accepts and returns. Every field is optional except the profile's default:
 * a call with `{}` gives the semconv profile's alerts, examples and dashboards, without SLO rules.
 */
import type { OtelkitMetricNaming, OtelkitMetricsProfile } from '@otelkit/core';

/** A Prometheus duration such as `5m`, `1h` or `30d`. */
export type PromDuration = string;

/** Alerts the mixin can generate (the names Prometheus shows). */
export type OtelkitAlertName =
  | 'OtelkitTargetDown'
  | 'OtelkitHttpErrorRateHigh'
  | 'OtelkitHttpLatencyP95High'
  | 'OtelkitJobQueueDepthHigh'
  | 'OtelkitJobQueueNotDraining'
  | 'OtelkitJobFailureRateHigh'
  | 'OtelkitSemaphoreLeak'
  | 'OtelkitPoolUtilizationHigh'
  | 'OtelkitPoolRequestsWaiting'
  | 'OtelkitMemoryGrowth'
  | 'OtelkitEventLoopLagHigh'
  | 'OtelkitEventLoopBusy'
  | 'OtelkitSpansDropped'
  | 'OtelkitLogsDropped'
  | 'OtelkitTelemetryExportFailing'
  | 'OtelkitTelemetryQueueNearFull';

/** Thresholds of the alerts; ratios are 0 to 1, durations are in seconds. */
export interface MixinThresholds {
  /** Share of HTTP requests answered with a 5xx status. Default 0.05. */
  httpErrorRatio: number;
  /** p95 of HTTP server request duration, in seconds. Default 2. */
  httpLatencyP95Seconds: number;
  /** Jobs waiting in one queue. Default 500. */
  jobQueueDepth: number;
  /** Share of finished jobs that failed. Default 0.1. */
  jobFailureRatio: number;
  /** Used connections as a share of the pool's maximum. Default 0.9. */
  poolUtilization: number;
  /** Resident memory growth over `memoryGrowthWindow`, as a share of where it started (0.5 = +50 %). Default 0.5. */
  memoryGrowthRatio: number;
  /** Window the growth is measured over. Default `1h`. */
  memoryGrowthWindow: PromDuration;
  /** p99 event-loop delay, in seconds. Default 0.5. */
  eventLoopLagSeconds: number;
  /** Share of time the event loop was busy. Default 0.9. */
  eventLoopUtilization: number;
  /** Batch processor queue fill, as a share of its capacity. Default 0.8. */
  telemetryQueueFillRatio: number;
}

/**
 * A service level objective for the HTTP server requests of one service. Percentages are 0 to 100
 * (exclusive), as people write them: `availability: 99.9`.
 */
export interface SloSpec {
  /** Names the SLO in rule labels (`service`, `slo`). Letters, digits, `-`, `_`. */
  service: string;
  /** The SLO period: `30d` (default), `28d`, `7d`... Burn-rate factors are scaled to it. */
  period?: PromDuration;
  /** Extra label matchers selecting the service's series, e.g. `job="checkout"`. */
  selector?: string;
  objectives: {
    /** Percentage of requests answered without a 5xx status, e.g. 99.9. */
    availability?: number;
    /** `target` percent of requests finish within `threshold` seconds (a bucket boundary of the duration histogram). */
    latency?: { target: number; threshold: number };
  };
}

/** Options of {@link generateMixin}. */
export interface MixinOptions {
  /** Which metric names the rules and dashboards query. Default `semconv`. */
  profile?: OtelkitMetricsProfile;
  /**
   * The services' metric naming (namespace, names, labels, label values), as given to start() or
   * set by OTELKIT_METRICS_NAMESPACE, _NAMES, _LABELS and _LABEL_VALUES: the rules and dashboards
   * query the names the services serve. Default: the catalog's names.
   */
  naming?: OtelkitMetricNaming;
  /** SLO rules and an SLO dashboard are generated only with a spec. */
  slo?: SloSpec;
  /** Alert thresholds; unset ones keep their defaults. */
  thresholds?: Partial<MixinThresholds>;
  /** `for:` of each alert; unset ones keep their defaults. */
  for?: Partial<Record<OtelkitAlertName, PromDuration>>;
  /** Label matchers every alert and dashboard query adds, e.g. `job=~"api|worker"`. Default: none. */
  selector?: string;
  /** Base of the `runbook_url` annotations: the alert name is appended (with `#` and in lower case). */
  runbookUrl?: string;
  /** Scrape target of the example Prometheus config. Default `127.0.0.1:9464`. */
  scrapeTarget?: string;
}

/** Generated files, by path relative to the output directory (`/` separated). */
export interface MixinOutput {
  files: Map<string, string>;
}
