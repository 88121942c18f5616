export { createHttpServerMetrics, type HttpMetricsProducer, type HttpServerMetrics, type HttpServerMetricsOptions, type HttpServerRequestOutcome } from './http.js';
export { metricNamer, metricsProfile, setMetricNaming, setMetricsProfile, validValue } from './instruments.js';
export { startRuntimeMetrics, type RuntimeMetricsOptions, type StopRuntimeMetrics } from './runtime.js';
export { instrumentQueue, type JobHandle, type JobOptions, type QueueInstrument, type QueueOptions } from './domain/queue.js';
export { trackSemaphore, type SemaphoreInstrument, type SemaphoreOptions, type SemaphoreSlot } from './domain/semaphore.js';
export { observePool, type GenericPoolLike, type PgPoolLike, type PoolObservation, type PoolOptions, type PoolReaders } from './domain/pool.js';
export { instrumentCache, type CacheInstrument } from './domain/cache.js';
export { trackRateLimit, type RateLimitInstrument, type RateLimitOptions } from './domain/rate-limit.js';
export {
  PROMETHEUS_CONTENT_TYPE,
  serializePrometheus,
  serializePrometheusChunks,
  type PromHistogramValue,
  type PromMetricData,
  type PromResourceMetrics,
  type SerializeOptions,
} from './prometheus/serialize.js';
export {
  coalesce,
  getPrometheusCollector,
  metricsHandler,
  registerPrometheusCollector,
  writeMetricsResponse,
  type MetricsHandlerOptions,
  type PrometheusCollector,
} from './prometheus/handler.js';
