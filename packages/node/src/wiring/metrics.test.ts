import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  MetricReader,
  PeriodicExportingMetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { feedFromPull, prometheusPortFor } from './metrics.js';
import { CumulativePullReader } from './pull-reader.test-support.js';

describe('prometheusPortFor', () => {
  it('keeps the base port in a single process and in the cluster primary', () => {
    expect(prometheusPortFor(9464, {}, undefined)).toBe(9464);
  });
  it('adds the cluster worker id', () => {
    expect(prometheusPortFor(9464, {}, 3)).toBe(9467);
  });
  it('adds PM2\'s NODE_APP_INSTANCE (stable across restarts) before the cluster id', () => {
    expect(prometheusPortFor(9464, { NODE_APP_INSTANCE: '0' }, 7)).toBe(9464);
    expect(prometheusPortFor(9464, { NODE_APP_INSTANCE: '2' }, 9)).toBe(9466);
  });
  it('ignores a NODE_APP_INSTANCE that is not a number, and port 0 stays 0 (any free port)', () => {
    expect(prometheusPortFor(9464, { NODE_APP_INSTANCE: 'abc' }, undefined)).toBe(9464);
    expect(prometheusPortFor(0, { NODE_APP_INSTANCE: '2' }, 1)).toBe(0);
  });
  it('is the base port in this test process (not a cluster worker)', () => {
    expect(prometheusPortFor(9464, {})).toBe(9464);
  });
});

function sumOf(collected: ResourceMetrics[], name: string): number[] {
  const values: number[] = [];
  for (const rm of collected) for (const scope of rm.scopeMetrics) for (const metric of scope.metrics) {
    if (metric.descriptor.name === name) for (const point of metric.dataPoints) values.push(point.value as number);
  }
  return values;
}

/** Attributes whose key listing is counted: the SDK lists them once per storage to hash them. */
function countedAttributes(): { attributes: Record<string, string>; listed: () => number } {
  let listed = 0;
  const attributes = new Proxy({ 'pool.name': 'main', state: 'used' }, {
    ownKeys(target) {
      listed++;
      return Reflect.ownKeys(target);
    },
  });
  return { attributes, listed: () => listed };
}

describe('feedFromPull: one metric storage for /metrics and the OTLP reader', () => {
  const setup = (fed: boolean) => {
    const pull = new CumulativePullReader();
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const push = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    const readers: MetricReader[] = [pull];
    if (!fed || !feedFromPull(push, pull)) readers.push(push);
    const provider = new MeterProvider({ readers });
    return { pull, push, exporter, provider };
  };

  it('exports the pull reader\'s cumulative values, each series once, and lists a measurement\'s attributes once instead of once per reader', async () => {
    const counted = { fed: 0, registered: 0 };
    for (const fed of [true, false]) {
      const { pull, push, exporter, provider } = setup(fed);
      const counter = provider.getMeter('test').createUpDownCounter('db.client.connection.count');
      const { attributes, listed } = countedAttributes();
      counter.add(2, attributes);
      counter.add(3, attributes);
      counter.add(-1, attributes);
      counted[fed ? 'fed' : 'registered'] = listed();
      await push.forceFlush();
      expect(sumOf(exporter.getMetrics(), 'db.client.connection.count')).toEqual([4]);
      expect(sumOf([(await pull.collect()).resourceMetrics], 'db.client.connection.count')).toEqual([4]);
      counter.add(1, attributes);
      await push.forceFlush();
      // Cumulative: the second export carries the running total, not the increment.
      expect(sumOf(exporter.getMetrics().slice(-1), 'db.client.connection.count')).toEqual([5]);
      await push.shutdown();
      await provider.shutdown();
    }
    expect(counted.registered).toBe(2 * counted.fed);
  });

  it('exports at shutdown when the push reader is shut down before the provider', async () => {
    const { push, exporter, provider } = setup(true);
    provider.getMeter('test').createCounter('jobs').add(7);
    await push.shutdown();
    expect(sumOf(exporter.getMetrics(), 'jobs')).toEqual([7]);
    await provider.shutdown();
  });

  it('refuses a reader already bound to a provider, which then keeps its own storage', async () => {
    const pull = new CumulativePullReader();
    const push = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({ readers: [pull, push] });
    expect(feedFromPull(push, pull)).toBe(false);
    await provider.shutdown();
  });
});
