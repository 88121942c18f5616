/**
 * start(): builds the tracing pipeline from the resolved configuration and installs it globally.
 * One pipeline per process: a second start (preload plus start(), two installed copies, or two
 * calls) returns the first handle with one warning.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { Instrumentation, InstrumentationConfig } from '@opentelemetry/instrumentation';
import { TracerProvider, type Sampler, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { OtelkitError, diagLog, rememberStartFrame, warnOnce, warnUnknownEnvVariables } from '@otelkit/core';
import { abandonExports, createSpanProcessors, CountingBatchSpanProcessor, customExporterType, stopExportRetries } from '@otelkit/otlp';
import { customPropagators, normalizeConfig } from './config.js';
import { applyConfigFile } from './config-file/apply.js';
import { installDiagBridge } from './diag-bridge.js';
import { httpInstrumentationConfig, traceHeaderOptions, undiciInstrumentationConfig } from './instrumentations/http.js';
import { disableHttpServerInstrumentation, enableHttpServerInstrumentation } from './instrumentations/http-server.js';
import { createPathMatcher } from './instrumentations/ignore-paths.js';
import { untrustedRequests } from './instrumentations/trace-context.js';
import { INSTRUMENTATION_CATALOG, type OtelkitInstrumentationName } from './instrumentations/catalog.generated.js';
import { createHttpServerHooks, mergeHttpClientConfig, mergeUndiciConfig } from './instrumentations/http-server-hooks.js';
import { startLazyInstrumentations, stopLazyInstrumentations, pendingInstrumentationModules } from './instrumentations/lazy.js';
import { createInstrumentation, selectInstrumentations } from './instrumentations/select.js';
import { createLogInstrumentation, isLogInstrumentation } from './instrumentations/logs/index.js';
import { createExpressInstrumentation, expressRoute } from './instrumentations/express.js';
import { createIoredisEventsInstrumentation } from './instrumentations/client-events.js';
import { createPgPoolTracker } from './instrumentations/pg-pool-tracker.js';
import { createFrameworkExceptionInstrumentation } from './instrumentations/framework-exceptions.js';
import { disableServerExceptionChannels, enableServerExceptionChannels } from './instrumentations/server-exception.js';
import { PooledIdGenerator } from './sdk/ids.js';
import { registerEsmLoader } from './lifecycle/esm-loader.js';
import { installLifecycle } from './lifecycle/signals.js';
import { isSupportedNode, MIN_NODE } from './lifecycle/node-version.js';
import { settleWithin, type SettleOutcome, type SettlePart } from './lifecycle/settle.js';
import { guardSpanProcessor } from './sdk/guarded-processor.js';
import { createMetricsPipeline, type MetricsPipeline } from './wiring/metrics.js';
import { createPropagator } from './sdk/propagation.js';
import { buildResource } from './sdk/resource.js';
import { createSampler } from './sdk/sampler.js';
import { createSignalSwitches, SwitchableSampler, switchableSignal } from './sdk/signal-switch.js';
import type { OtelkitHandle, OtelkitResolvedConfig, OtelkitStartOptions } from './types.js';
import { wireLogs } from './wiring/logs.js';
import { wireHealth } from './wiring/health.js';

const GLOBAL_KEY = Symbol.for('otelkit.sdk.v1');
const holder = globalThis as unknown as Record<symbol, OtelkitHandle | undefined>;

function noopHandle(config: OtelkitResolvedConfig): OtelkitHandle {
  const done = Promise.resolve();
  return Object.freeze({
    active: false,
    config,
    forceFlush: () => done,
    shutdown: () => done,
    setSignalEnabled: (signal: unknown) => void switchableSignal(signal),
    isSignalEnabled: (signal: unknown) => (switchableSignal(signal), false),
  });
}

/**
 * Express uses otelkit's own instrumentation (instrumentations/express): the route goes on the server
 * span and nothing wraps each middleware. Asking for layer spans in `instrumentationConfig.express`
 * (`ignoreLayersType`, e.g. `[]` for all of them) loads the upstream instrumentation instead.
 * pino, winston and bunyan use otelkit's own instrumentations (instrumentations/logs).
 */
function wantsExpressLayerSpans(config: InstrumentationConfig | undefined): boolean {
  return config !== undefined && (config as { ignoreLayersType?: unknown }).ignoreLayersType !== undefined;
}

/** A key of `instrumentationConfig` that names no instrumentation would silently configure nothing. */
function warnUnknownInstrumentationConfig(map: object | undefined): void {
  if (map === undefined || map === null) return;
  const known = new Set(INSTRUMENTATION_CATALOG.map((entry) => entry.name));
  for (const key of Object.keys(map)) {
    if (!known.has(key)) warnOnce(`instrumentation-config:${key}`, `instrumentationConfig.${key} names no instrumentation (use the short names of docs/configuration.md, e.g. "pg"); it is ignored.`);
  }
}

/**
 * What loads beside an instrumentation:
 * - Express and Koa: their handlers' exceptions go on the server span, with either route instrumentation;
 * - pg: its pools are found for the connection metrics read at collection (wiring/pg-pool-metrics.ts),
 *   a pool's idle-client 'error' runs outside any request (instrumentations/client-events.ts), and,
 *   unless the app set `ignoreConnectSpans`, a pool's connect gets a span only when the caller waits;
 * - ioredis: every client event runs outside any request (the same module).
 * The database ones only with their instrumentation (`made`, which the pg one also reads).
 */
function companionOf(name: string, made: Instrumentation | undefined, userConfig: InstrumentationConfig | undefined): Instrumentation | undefined {
  if (name === 'pg') return made !== undefined ? createPgPoolTracker(made, (userConfig as { ignoreConnectSpans?: unknown } | undefined)?.ignoreConnectSpans === undefined) : undefined;
  if (name === 'ioredis') return made !== undefined ? createIoredisEventsInstrumentation() : undefined;
  return createFrameworkExceptionInstrumentation(name);
}

function build(options: OtelkitStartOptions, config: OtelkitResolvedConfig): OtelkitHandle {
  installDiagBridge();
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(createPropagator(config.propagators, customPropagators(options)));

  const processors: SpanProcessor[] =
    options.spanExporter !== undefined ? [new CountingBatchSpanProcessor(options.spanExporter, config.batch, customExporterType(options.spanExporter, 'span'))] : createSpanProcessors(config);
  // The public option types are structural copies of the SDK's (types.ts): the same objects.
  processors.push(...(options.spanProcessors ?? []).map((processor, index) => guardSpanProcessor(processor, index)));
  let ended = 0;
  processors.push({ onStart: () => undefined, onEnd: () => void ended++, forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() });
  const resource = buildResource(config, options.resourceAttributes);
  const ids = new PooledIdGenerator();
  const switches = createSignalSwitches();
  const builtInSampler = typeof options.sampler === 'object' ? undefined : new SwitchableSampler(createSampler(config.sampler, config.samplerRatio, ids), switches);
  const provider = new TracerProvider({
    resource,
    sampler: builtInSampler ?? new SwitchableSampler(options.sampler as Sampler, switches),
    spanLimits: config.spanLimits,
    spanProcessors: processors,
    idGenerator: ids,
  });
  trace.setGlobalTracerProvider(provider);
  let metricsPipeline: MetricsPipeline | undefined;
  try {
    metricsPipeline = createMetricsPipeline(config.metrics, resource, switches);
  } catch (error) {
    warnOnce('metrics:start', `the metrics pipeline could not start; traces are unaffected (${(error as Error).message}).`);
  }

  const httpConfig = httpInstrumentationConfig(config);
  // otelkit's own settings under the user's: export traffic untraced, secrets in URLs redacted.
  const instrumentationConfigFor = (name: string, userConfig: InstrumentationConfig | undefined): InstrumentationConfig => {
    if (name === 'http') return mergeHttpClientConfig(httpConfig, userConfig);
    if (name === 'undici') return mergeUndiciConfig(undiciInstrumentationConfig(config), userConfig);
    return userConfig ?? {};
  };
  // With no main script (node -e, -p, the REPL) there is no module graph to hook: no ESM loader,
  // so no import-in-the-middle hook either (it would only cost startup time).
  const esm = config.esm && process.argv[1] !== undefined;
  const entries = selectInstrumentations(config.enabledInstrumentations, config.disabledInstrumentations, {
    enabled: options.enabledInstrumentations ? 'enabledInstrumentations' : 'OTEL_NODE_ENABLED_INSTRUMENTATIONS',
    disabled: options.disabledInstrumentations ? 'disabledInstrumentations' : 'OTEL_NODE_DISABLED_INSTRUMENTATIONS',
  });
  warnUnknownInstrumentationConfig(options.instrumentationConfig);
  const logsWiring = wireLogs(config, resource);
  if (entries.some((e) => e.name === 'http')) {
    enableHttpServerInstrumentation({
      attach: (ctx) => void contextManager.attach(ctx),
      contextManager,
      ignorePath: createPathMatcher(config.ignorePaths),
      headers: traceHeaderOptions(config),
      // Read at each request's start: while metrics are off a new request is not counted.
      get metrics() {
        return switches.metrics ? metricsPipeline?.httpMetrics : undefined;
      },
      sampling: builtInSampler === undefined ? undefined : { sampler: builtInSampler, ids, attributesAfterStart: (options.spanProcessors ?? []).length === 0 },
      w3cPropagationOnly: customPropagators(options).length === 0 && config.propagators.every((name) => name === 'tracecontext' || name === 'baggage' || name === 'none'),
      routeOf: entries.some((e) => e.name === 'express') ? expressRoute : undefined,
      requestIdHeader: logsWiring.requestIdHeader,
      redactedQueryParams: config.redactedQueryParams,
      hooks: createHttpServerHooks(options.instrumentationConfig?.['http']),
      untrusted: untrustedRequests(options.traceContext, config.traceContext),
    });
    enableServerExceptionChannels();
  }
  startLazyInstrumentations(
    entries,
    (entry) => {
      const userConfig = options.instrumentationConfig?.[entry.name as OtelkitInstrumentationName] as InstrumentationConfig | undefined;
      if (isLogInstrumentation(entry.name)) return createLogInstrumentation(entry.name, userConfig);
      const made =
        entry.name === 'express' && !wantsExpressLayerSpans(userConfig)
          ? createExpressInstrumentation(userConfig)
          : createInstrumentation(entry, instrumentationConfigFor(entry.name, userConfig));
      const extra = companionOf(entry.name, made, userConfig);
      return extra === undefined ? made : made === undefined ? extra : [made, extra];
    },
    { esm },
  );
  if (esm) registerEsmLoader(pendingInstrumentationModules());

  const healthWiring = wireHealth(config, true, options);
  let removeLifecycle: (() => void) | undefined;
  let stopping: Promise<SettleOutcome> | undefined;
  let shutdownPromise: Promise<void> | undefined;
  let stopped = false;
  let appAskedShutdown = false;
  const timeoutMs = config.shutdownTimeoutMs;
  const parts = (kind: 'forceFlush' | 'shutdown'): SettlePart[] => [
    ['traces', kind === 'forceFlush' ? provider.forceFlush() : provider.shutdown()],
    ['logs', kind === 'forceFlush' ? logsWiring.forceFlush() : logsWiring.shutdown()],
    ['metrics', kind === 'forceFlush' ? metricsPipeline?.forceFlush() : metricsPipeline?.shutdown()],
  ];
  // What the lifecycle (signals, natural exit) uses: never rejects, whatever state the pipeline is
  // in. Not bounded here: the lifecycle flushes in rounds under its own bound.
  const flush = async (): Promise<void> => {
    try {
      await Promise.all(parts('forceFlush').flatMap(([, work]) => (work === undefined ? [] : [work])));
    } catch (error) {
      warnOnce('flush', `flush failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  // Every shutdown, the app's or the natural exit's, is bounded by OTELKIT_SHUTDOWN_TIMEOUT; at the
  // bound the pipeline is torn down all the same, and the result says 'timeout'.
  const stop = (): Promise<SettleOutcome> => {
    stopping ??= (async () => {
      healthWiring.drain();
      removeLifecycle?.();
      try {
        return await settleWithin('shutdown', parts('shutdown'), timeoutMs, 'shutdown could not export everything');
      } finally {
        stopLazyInstrumentations();
        disableHttpServerInstrumentation();
        disableServerExceptionChannels();
        // Later API calls become no-ops instead of feeding a stopped pipeline.
        trace.disable();
        propagation.disable();
        context.disable();
        if (holder[GLOBAL_KEY] === handle) holder[GLOBAL_KEY] = undefined;
        stopped = true;
      }
    })();
    shutdownPromise ??= stopping.then(() => undefined);
    return stopping;
  };
  const handle: OtelkitHandle = Object.freeze({
    active: true,
    config,
    forceFlush: (): Promise<void> => {
      if (shutdownPromise === undefined) return settleWithin('forceFlush', parts('forceFlush'), timeoutMs, 'flush failed').then(() => undefined);
      // A flush after the app's own shutdown() finished flushes nothing: the caller's ordering is
      // wrong, so say so (a rejection, never a synchronous throw). After otelkit's own exit shutdown
      // the app asked for nothing wrong, and a rejection there could crash it: resolve.
      if (stopped && appAskedShutdown) {
        return Promise.reject(new OtelkitError('OTELKIT_ERR_ALREADY_SHUT_DOWN', 'forceFlush() was called after shutdown() completed; shutdown() already exported everything it could'));
      }
      // Shutting down: its own final flush is the one that counts.
      return shutdownPromise;
    },
    shutdown: (): Promise<void> => {
      appAskedShutdown = true;
      // stop()'s promise already has a reaction (shutdownPromise, derived from it), through which
      // its outcome reaches the caller below.
      // eslint-disable-next-line @typescript-eslint/no-floating-promises
      void stop();
      return shutdownPromise as Promise<void>;
    },
    setSignalEnabled: (signal: unknown, enabled: boolean): void => {
      switches[switchableSignal(signal)] = enabled === true;
    },
    isSignalEnabled: (signal: unknown): boolean => switches[switchableSignal(signal)],
  });
  if (config.handleSignals) removeLifecycle = installLifecycle({ shutdown: stop, forceFlush: flush, endedSpans: () => ended, beginShutdown: healthWiring.drain, beginExit: stopExportRetries, abandon: abandonExports }, timeoutMs);
  return handle;
}

/**
 * Synchronous start, for the preload: hooks must be in place before the app's first require.
 * Bad options throw {@link OtelkitError}; any other failure leaves the app uninstrumented with one warning.
 */
export function startSync(options: OtelkitStartOptions = {}): OtelkitHandle {
  const existing = holder[GLOBAL_KEY];
  if (existing !== undefined) {
    warnOnce('start:twice', 'otelkit is already started in this process (preload, a second copy, or a second start()); the running pipeline is kept.');
    return existing;
  }
  // The context otelkit's own timers and sockets are made in, outside any request (@otelkit/core, start-frame.ts).
  rememberStartFrame();
  // Typos in variable names are otherwise silent until exports fail; one line each, before the config is read.
  warnUnknownEnvVariables();
  // With OTEL_CONFIG_FILE the readers below see the file's settings instead of the OTEL_* variables.
  applyConfigFile();
  const config = normalizeConfig(options);
  if (!isSupportedNode(process.versions.node)) {
    warnOnce('start:node-version', `otelkit needs Node.js ${MIN_NODE.join('.')} or newer and this is ${process.version}: the app runs uninstrumented. Upgrade Node.js to trace it.`);
    if (config.healthPort !== undefined) wireHealth(config, false, options);
    return noopHandle(config);
  }
  if (config.disabled) {
    diagLog('debug', 'OTEL_SDK_DISABLED=true: otelkit runs as a no-op');
    // An explicitly configured health server keeps answering: turning telemetry off must not fail probes.
    if (config.healthPort !== undefined) wireHealth(config, false, options);
    return noopHandle(config);
  }
  try {
    const handle = build(options, config);
    holder[GLOBAL_KEY] = handle;
    return handle;
  } catch (error) {
    if (error instanceof OtelkitError) throw error;
    warnOnce('start:failed', `otelkit could not start; the app runs uninstrumented (${(error as Error).message}).`);
    // Probes keep working: a telemetry failure must not make the app look unhealthy.
    wireHealth(config, false, options);
    return noopHandle(config);
  }
}

/**
 * Start otelkit with typed options (merged over the OTEL_* and OTELKIT_* environment).
 * @example
 * const otel = await start({ serviceName: 'api' });
 * process.on('SIGTERM', async () => { await otel.shutdown(); process.exit(0); });
 */
// async with nothing to await on purpose: an invalid option becomes a rejection, not a throw.
// eslint-disable-next-line @typescript-eslint/require-await
export async function start(options: OtelkitStartOptions = {}): Promise<OtelkitHandle> {
  return startSync(options);
}

/** The running handle, if otelkit was started in this process. */
export function getOtelkit(): OtelkitHandle | undefined {
  return holder[GLOBAL_KEY];
}
