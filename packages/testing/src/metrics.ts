/**
 * In-memory metric capture for tests: a real SDK MeterProvider registered as the global one, read
 * on demand through a cumulative pull reader. Imported from `@otelkit/testing/metrics`, so tests
 * that only need the OTLP receiver never load the metrics SDK.
 */
import { metrics } from '@opentelemetry/api';
import { AggregationTemporality, MeterProvider, MetricReader, type MetricData, type MetricProducer, type ResourceMetrics } from '@opentelemetry/sdk-metrics';

class PullReader extends MetricReader {
  constructor(producers: MetricProducer[]) {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE, metricProducers: producers });
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** The capture: collect on demand, look metrics up by name, sum matching points. */
export interface TestMeter {
  reader: MetricReader;
  collect(): Promise<ResourceMetrics>;
  metric(name: string): Promise<MetricData | undefined>;
  /** Sum of the values of a sum/gauge metric whose attributes match. */
  value(name: string, match?: Record<string, unknown>): Promise<number | undefined>;
  close(): Promise<void>;
}

/** Register a fresh MeterProvider globally (replacing any other) and return its capture. */
export function installTestMeter(options: { cardinalityLimit?: number; producers?: MetricProducer[] } = {}): TestMeter {
  metrics.disable();
  const reader = new PullReader(options.producers ?? []);
  const provider = new MeterProvider({
    readers: [reader],
    ...(options.cardinalityLimit === undefined ? {} : { views: [{ instrumentName: '*', aggregationCardinalityLimit: options.cardinalityLimit }] }),
  });
  metrics.setGlobalMeterProvider(provider);
  const collect = async (): Promise<ResourceMetrics> => (await reader.collect()).resourceMetrics;
  const metric = async (name: string): Promise<MetricData | undefined> => {
    for (const scope of (await collect()).scopeMetrics) for (const m of scope.metrics) if (m.descriptor.name === name) return m;
    return undefined;
  };
  return {
    reader,
    collect,
    metric,
    async value(name, match = {}) {
      const m = await metric(name);
      if (m === undefined) return undefined;
      let total: number | undefined;
      for (const p of m.dataPoints) {
        if (Object.entries(match).every(([k, v]) => p.attributes[k] === v)) total = (total ?? 0) + (p.value as number);
      }
      return total;
    },
    async close() {
      await provider.shutdown();
      metrics.disable();
    },
  };
}
