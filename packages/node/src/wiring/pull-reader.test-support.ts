/** A cumulative reader that collects only when a unit test asks (`reader.collect()`). */
import { AggregationTemporality, MetricReader } from '@opentelemetry/sdk-metrics';

export class CumulativePullReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}
