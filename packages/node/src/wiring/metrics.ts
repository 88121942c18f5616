/**
 * The metrics pipeline: one MeterProvider with
 * - a pull reader behind `/metrics` (always present when metrics are on, so an app can mount
 *   `metricsHandler()` from @otelkit/metrics on its own server; the standalone server on
 *   OTEL_EXPORTER_PROMETHEUS_HOST:PORT starts only when OTEL_METRICS_EXPORTER names `prometheus`);
 * - a periodic OTLP (or console) reader when named;
 * - the per-instrument cardinality limit, with one warning per instrument that overflows;
 * - runtime metrics and the `otel.sdk.*` self-metrics read from the pipeline counters.
 */
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { context, metrics, type Attributes, type BatchObservableResult, type Meter, type Observable } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing, type ExportResult } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  InstrumentType,
  ConsoleMetricExporter,
  MeterProvider,
  MetricReader,
  PeriodicExportingMetricReader,
  type MetricProducer,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { diagLog, getMetricDefinition, Lazy, metricDefinition, OTELKIT_VERSION, UNTRACED_SERVER, warnOnce } from '@otelkit/core';
import {
  coalesce,
  createHttpServerMetrics,
  type HttpServerMetrics,
  metricsHandler,
  registerPrometheusCollector,
  serializePrometheusChunks,
  setMetricNaming,
  setMetricsProfile,
  startRuntimeMetrics,
} from '@otelkit/metrics';
import type { OtelkitResolvedConfig } from '../types.js';
import {
  consoleExporterType,
  exportErrorType,
  grpcExporter,
  otlpExporterType,
  otlpHttpSignalExporter,
  queueLength,
  recordDelivered,
  recordFailed,
  signalStats,
  type OtlpExportResult,
  type PipelineSignal,
  type SignalStats,
} from '@otelkit/otlp';
import { guardMeter, type MeasurementSwitch } from './metric-guard.js';
import { PG_INSTRUMENTATION_SCOPE, pgPoolMetricsMeter } from './pg-pool-metrics.js';

type MetricsConfig = OtelkitResolvedConfig['metrics'];

/** What start() keeps of the metrics pipeline. */
export interface MetricsPipeline {
  provider: MeterProvider;
  /** The HTTP server RED recorder, read by every reader through its producer. */
  httpMetrics: HttpServerMetrics;
  /** Address of the standalone `/metrics` server once it listens. */
  prometheusAddress(): { host: string; port: number } | undefined;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

const OVERFLOW = 'otel.metric.overflow';
const overflowWarned = new Set<string>();

/** One warning per instrument (for the life of the process) when its series hit the limit. */
function checkOverflow(collected: ResourceMetrics, limit: number): void {
  for (const scope of collected.scopeMetrics) {
    for (const metric of scope.metrics) {
      const name = metric.descriptor.name;
      if (overflowWarned.has(name)) continue;
      if ((metric.dataPoints as Array<{ attributes: Attributes }>).some((p) => p.attributes[OVERFLOW] === true)) {
        overflowWarned.add(name);
        warnOnce(`metrics:overflow:${name}`, `${name}: more than ${limit} attribute sets (OTELKIT_METRICS_CARDINALITY_LIMIT); further ones are summed into one otel_metric_overflow="true" series. Usually an id or raw path in an attribute.`);
      }
    }
  }
}

const BACKGROUND_GROUPS = new Set(['runtime', 'sdk']);
function onlyBackgroundMetrics(collected: ResourceMetrics): boolean {
  for (const scope of collected.scopeMetrics) {
    for (const metric of scope.metrics) {
      const group = getMetricDefinition(metric.descriptor.name)?.group;
      if (group === undefined || !BACKGROUND_GROUPS.has(group)) return false;
    }
  }
  return true;
}

function countPoints(collected: ResourceMetrics): number {
  let n = 0;
  for (const scope of collected.scopeMetrics) for (const metric of scope.metrics) n += metric.dataPoints.length;
  return n;
}

/** The pull reader behind `/metrics`: cumulative, coalesced, bounded callbacks. */
class PrometheusPullReader extends MetricReader {
  /** The exposition, encoded in pieces; concurrent scrapes share one collection and its bytes (M3). */
  readonly collectBody: () => Promise<Buffer[]>;
  readonly collectText = async (): Promise<string> => Buffer.concat(await this.collectBody()).toString('utf8');
  constructor(limit: number, producers: MetricProducer[]) {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE, cardinalitySelector: () => limit, metricProducers: producers });
    this.collectBody = coalesce(async () => {
      // An observable callback that hangs is cut off here; the rest of the scrape still goes out (M4).
      const { resourceMetrics, errors } = await this.collect({ timeoutMillis: 5000 });
      for (const error of errors) warnOnce('metrics:callback', `a metric callback failed during collection: ${String((error as Error)?.message ?? error)}`);
      checkOverflow(resourceMetrics, limit);
      // In time slices: 2,000 histogram series are ~4 MB of text, tens of ms in one block.
      return serializePrometheusChunks(resourceMetrics);
    });
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Whether an instrument kind is exported as deltas under a temporality preference (as the upstream OTLP exporters choose). */
function deltaFor(preference: MetricsConfig['temporality'], type: InstrumentType): boolean {
  if (preference === 'delta') return type !== InstrumentType.UP_DOWN_COUNTER && type !== InstrumentType.OBSERVABLE_UP_DOWN_COUNTER;
  if (preference === 'lowmemory') return type === InstrumentType.COUNTER || type === InstrumentType.HISTOGRAM;
  return false;
}

/** Push exporter created on first export (the OTLP transports are slow to load), counting what it sends. */
class LazyMetricExporter implements PushMetricExporter {
  private readonly inner: Lazy<PushMetricExporter>;
  exportedOnce = false;
  /** Set when the pipeline shuts down: the next export is the last one. */
  final = false;
  constructor(
    name: string,
    private readonly componentType: string,
    create: () => PushMetricExporter,
    private readonly limit: number,
    private readonly temporality: MetricsConfig['temporality'] = 'cumulative',
  ) {
    this.inner = new Lazy(create, (error) => warnOnce(`metrics:exporter:${name}`, `metric exporter ${name} could not be created (${error.message}); metrics are not exported there.`));
  }

  /** OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE, with the specification's choices per instrument kind. */
  selectAggregationTemporality(type: InstrumentType): AggregationTemporality {
    return deltaFor(this.temporality, type) ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;
  }

  export(collected: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    // A process that ends before its first export and recorded nothing but runtime and SDK figures
    // (`node -e`, a short script) has nothing worth a network request at exit.
    if (this.final && !this.exportedOnce && onlyBackgroundMetrics(collected)) {
      resultCallback({ code: ExportResultCode.SUCCESS });
      return;
    }
    this.exportedOnce = true;
    checkOverflow(collected, this.limit);
    const points = countPoints(collected);
    const inner = this.inner.get();
    if (inner === undefined) {
      recordFailed('metrics', points, this.componentType, 'unavailable');
      resultCallback({ code: ExportResultCode.SUCCESS }); // already warned when creation failed
      return;
    }
    context.with(suppressTracing(context.active()), () => {
      inner.export(collected, (result) => {
        if (result.code === ExportResultCode.SUCCESS) recordDelivered('metrics', points, this.componentType, (result as OtlpExportResult).rejected, (result as OtlpExportResult).rejectedMessage);
        else {
          const reason = String(result.error?.message ?? 'unknown error');
          recordFailed('metrics', points, this.componentType, exportErrorType(result.error), reason);
          // Same key as the span processor's: a collector that refuses everything is one problem, one line a minute.
          warnOnce(`export:failed:${reason.slice(0, 80)}`, `export of ${points} metric data points failed: ${reason.slice(0, 300)}`);
        }
        // The failure is counted and reported here; the periodic reader would only log it again, with a stack.
        resultCallback({ code: ExportResultCode.SUCCESS });
      });
    });
  }
  forceFlush(): Promise<void> {
    return this.inner.peek()?.forceFlush() ?? Promise.resolve();
  }
  shutdown(): Promise<void> {
    return this.inner.peek()?.shutdown() ?? Promise.resolve();
  }
}

// The upstream exporter's AggregationTemporalityPreference values.
const TEMPORALITY_PREFERENCE = { delta: 0, cumulative: 1, lowmemory: 2 } as const;

function otlpMetricExporter(otlp: MetricsConfig['otlp'], temporality: MetricsConfig['temporality']): PushMetricExporter {
  if (otlp.protocol === 'grpc') {
    // LazyMetricExporter chooses the temporality; given here, the exporter does not read the
    // variable itself (and warn a second time about a value otelkit already rejected).
    const temporalityPreference = TEMPORALITY_PREFERENCE[temporality] ?? TEMPORALITY_PREFERENCE.cumulative;
    return grpcExporter<PushMetricExporter>('metrics', otlp, { temporalityPreference });
  }
  const inner = otlpHttpSignalExporter<ResourceMetrics>(otlp, 'metrics');
  return { export: (m, cb) => inner.export(m, cb), forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(), shutdown: () => inner.shutdown() };
}

/**
 * Cluster and PM2 workers each get their own port: base + PM2's NODE_APP_INSTANCE (stable 0..n-1),
 * else base + the cluster worker id. The primary keeps the base port. `exclusive` stops Node's
 * cluster from sharing one listening handle, where each scrape would reach a random worker.
 * `node:cluster` is loaded here, when a /metrics server starts, not at every startup.
 */
export function prometheusPortFor(base: number, env: NodeJS.ProcessEnv = process.env, workerId: number | undefined = clusterWorkerId()): number {
  if (base === 0) return 0;
  const pm2 = env['NODE_APP_INSTANCE'];
  if (pm2 !== undefined && /^\d+$/.test(pm2)) return base + Number(pm2);
  if (workerId !== undefined) return base + workerId;
  return base;
}

function clusterWorkerId(): number | undefined {
  const cluster = createRequire(__filename)('node:cluster') as typeof import('node:cluster').default;
  return cluster.isWorker ? cluster.worker?.id : undefined;
}

function startPrometheusServer(config: MetricsConfig, onListening: (address: { host: string; port: number }) => void): Server {
  const handle = metricsHandler();
  // node:http is loaded here, not at startup: a script that serves nothing never pays for it.
  const server = process.getBuiltinModule('node:http').createServer((req, res) => {
    if (handle(req, res)) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: metrics are served on /metrics\n');
  });
  (server as unknown as Record<symbol, unknown>)[UNTRACED_SERVER] = true;
  const port = prometheusPortFor(config.prometheusPort);
  server.on('error', (error: NodeJS.ErrnoException) => {
    // RELIABILITY C6: the app keeps running; one warning says which setting to change.
    warnOnce('metrics:listen', `the /metrics server could not listen on ${config.prometheusHost}:${port} (${error.code ?? error.message}); metrics are not served there. Set OTEL_EXPORTER_PROMETHEUS_PORT to a free port.`);
  });
  server.listen({ host: config.prometheusHost, port, exclusive: true }, () => {
    const address = server.address();
    if (address !== null && typeof address === 'object') {
      onListening({ host: address.address, port: address.port });
      diagLog('debug', `metrics served on http://${address.address}:${address.port}/metrics`);
    }
  });
  // Never keep a process alive just for scrapes.
  server.unref();
  return server;
}

/**
 * The periodic reader, minus the final collection when it could only find what LazyMetricExporter
 * would not send anyway: a short script's exit then skips collecting every instrument (a few ms of
 * cold SDK code at each `node -e`; docs/performance.md, "No metrics collection at a short script's
 * exit").
 */
class PushReader extends PeriodicExportingMetricReader {
  constructor(
    options: ConstructorParameters<typeof PeriodicExportingMetricReader>[0],
    private readonly nothingToSend: () => boolean,
  ) {
    super(options);
  }
  protected override onForceFlush(): Promise<void> {
    return this.nothingToSend() ? Promise.resolve() : super.onForceFlush();
  }
}

/**
 * Binds a cumulative push reader to the pull reader's collections, so that it has no storages of its
 * own. The SDK keeps one storage per registered reader and hashes a measurement's attributes once per
 * storage: a second reader doubles the cost of every add() and record() (docs/performance.md, "One
 * metric storage for /metrics and OTLP"). Both readers are cumulative with the same limit and
 * producers, so what the push reader exports is what it would have collected itself.
 * `setMetricProducer` is how a MeterProvider binds its readers; false (register the reader with the
 * provider as usual) when this SDK's reader refuses it.
 */
export function feedFromPull(reader: MetricReader, pull: MetricReader): boolean {
  try {
    if (typeof reader.setMetricProducer !== 'function') return false;
    reader.setMetricProducer({ collect: (options) => pull.collect(options) });
    return true;
  } catch {
    return false;
  }
}

const SIGNAL_ITEM: Readonly<Record<Exclude<PipelineSignal, 'metrics'>, 'span' | 'log'>> = { traces: 'span', logs: 'log' };

/** `otel.sdk.*` from the pipeline counters: queue size and capacity, drops, and export outcomes. */
function registerSelfMetrics(meter: Meter): void {
  const gauge = (name: string) => {
    const d = metricDefinition(name);
    const opts = { description: d.description, unit: d.unit };
    return d.kind === 'counter' ? meter.createObservableCounter(name, opts) : meter.createObservableUpDownCounter(name, opts);
  };
  const component = { traces: { 'otel.component.type': 'batching_span_processor' }, logs: { 'otel.component.type': 'batching_log_processor' } } as const;
  // One series per exporter, labelled with its own type; failures also by error type.
  const observeExporters = (r: BatchObservableResult, counter: Observable, s: Readonly<SignalStats>): void => {
    for (const [type, e] of Object.entries(s.byExporter)) {
      r.observe(counter, e.exported, { 'otel.component.type': type });
      for (const [errorType, n] of Object.entries(e.failed)) r.observe(counter, n, { 'otel.component.type': type, 'error.type': errorType });
    }
  };
  for (const signal of ['traces', 'logs'] as const) {
    const item = SIGNAL_ITEM[signal];
    const queueSize = gauge(`otel.sdk.processor.${item}.queue.size`);
    const capacity = gauge(`otel.sdk.processor.${item}.queue.capacity`);
    const processed = gauge(`otel.sdk.processor.${item}.processed`);
    const exported = gauge(`otel.sdk.exporter.${item}.exported`);
    meter.addBatchObservableCallback((r) => {
      const s = signalStats(signal);
      if (s.queueCapacity === 0 && s.exported === 0 && Object.keys(s.failed).length === 0) return; // signal not in use
      r.observe(queueSize, queueLength(signal), component[signal]);
      r.observe(capacity, s.queueCapacity, component[signal]);
      let failed = 0;
      for (const n of Object.values(s.failed)) failed += n;
      observeExporters(r, exported, s);
      r.observe(processed, s.exported + failed, component[signal]);
      for (const [reason, n] of Object.entries(s.dropped)) r.observe(processed, n, { ...component[signal], 'error.type': reason });
    }, [queueSize, capacity, processed, exported]);
  }
  const points = gauge('otel.sdk.exporter.metric_data_point.exported');
  meter.addBatchObservableCallback((r) => {
    const s = signalStats('metrics');
    if (s.exported === 0 && Object.keys(s.failed).length === 0) return;
    observeExporters(r, points, s);
  }, [points]);
}

/** Build and register the metrics pipeline; undefined when OTEL_METRICS_EXPORTER is `none`. */
export function createMetricsPipeline(config: MetricsConfig, resource: Resource, switches: MeasurementSwitch = { metrics: true }): MetricsPipeline | undefined {
  const exporters = config.exporters.filter((e) => e !== 'none');
  if (exporters.length === 0) return undefined;
  setMetricsProfile(config.profile);
  setMetricNaming(config.naming);
  const limit = config.cardinalityLimit;
  const httpMetrics = createHttpServerMetrics({ profile: config.profile, cardinalityLimit: limit });
  const producers = [httpMetrics.producer as unknown as MetricProducer];
  const pull = new PrometheusPullReader(limit, producers);
  const readers: MetricReader[] = [pull];
  const pushExporters: LazyMetricExporter[] = [];
  // Cumulative push readers: fed by the pull reader's collections, not storages of their own (feedFromPull).
  const fed: PushReader[] = [];
  let otherInstruments = false;
  // At shutdown, before anything was exported: nothing but background figures can have been recorded.
  const nothingToSend = (): boolean => !otherInstruments && !httpMetrics.served() && pushExporters.every((e) => e.final && !e.exportedOnce);
  for (const name of exporters) {
    if (name === 'otlp' || name === 'console') {
      const componentType = name === 'otlp' ? otlpExporterType('metric', config.otlp.protocol) : consoleExporterType('metric');
      const exporter = new LazyMetricExporter(name, componentType, () => (name === 'otlp' ? otlpMetricExporter(config.otlp, config.temporality) : new ConsoleMetricExporter()), limit, config.temporality);
      pushExporters.push(exporter);
      // The RED producer keeps cumulative series (for /metrics); a delta reader gets its own view of them.
      const pushReader = (metricProducers: MetricProducer[]): PushReader =>
        new PushReader({ exporter, exportIntervalMillis: config.exportIntervalMs, exportTimeoutMillis: Math.min(config.exportTimeoutMs, config.exportIntervalMs), cardinalityLimits: { default: limit }, metricProducers }, nothingToSend);
      if (config.temporality !== 'cumulative') readers.push(pushReader([httpMetrics.deltaProducer() as unknown as MetricProducer]));
      else {
        // Fed by the pull reader, whose collections include the RED producer already; a reader that
        // refuses to be fed is replaced by one of the provider's own, with the producer.
        const reader = pushReader([]);
        if (feedFromPull(reader, pull)) fed.push(reader);
        else readers.push(pushReader(producers));
      }
    }
  }
  const provider = new MeterProvider({ resource, readers });
  const getMeter = provider.getMeter.bind(provider);
  const guarded = new WeakMap<Meter, Meter>();
  // Every meter comes through here: its instruments drop invalid values (M5), and the first one that
  // is not a background figure (runtime, `otel.sdk.*`) tells the exit collection that the app's
  // measurements may be there to send.
  const onCreate = (name: string): void => {
    if (otherInstruments) return;
    const group = getMetricDefinition(name)?.group;
    if (group === undefined || !BACKGROUND_GROUPS.has(group)) otherInstruments = true;
  };
  provider.getMeter = (name, version, options) => {
    const meter = getMeter(name, version, options);
    let wrapped = guarded.get(meter);
    if (wrapped === undefined) {
      wrapped = guardMeter(meter, onCreate, switches);
      // The pg instrumentation's pool counters are read from the pools instead (pg-pool-metrics.ts).
      if (name === PG_INSTRUMENTATION_SCOPE) wrapped = pgPoolMetricsMeter(wrapped);
      guarded.set(meter, wrapped);
    }
    return wrapped;
  };
  metrics.setGlobalMeterProvider(provider);
  registerPrometheusCollector({ collect: pull.collectText, collectBody: pull.collectBody });

  registerSelfMetrics(provider.getMeter('@otelkit/node', OTELKIT_VERSION));
  const stopRuntime = config.runtime ? startRuntimeMetrics({ profile: config.profile }) : undefined;
  let address: { host: string; port: number } | undefined;
  const server = exporters.includes('prometheus') ? startPrometheusServer(config, (a) => (address = a)) : undefined;

  let closed = false;
  return {
    provider,
    httpMetrics,
    prometheusAddress: () => address,
    forceFlush: async () => {
      if (closed) return;
      await Promise.all([provider.forceFlush(), ...fed.map((reader) => reader.forceFlush())]);
    },
    async shutdown() {
      if (closed) return;
      closed = true;
      stopRuntime?.();
      registerPrometheusCollector(undefined);
      server?.close();
      server?.closeAllConnections();
      // Unregister first: code that asks for a meter from now on gets a no-op, not a stopped provider.
      metrics.disable();
      for (const exporter of pushExporters) exporter.final = true;
      // The fed readers' last export collects from the pull reader: before the provider stops it.
      await Promise.allSettled(fed.map((reader) => reader.shutdown()));
      await provider.shutdown();
    },
  };
}
