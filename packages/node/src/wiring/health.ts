/**
 * Connects the process-wide @otelkit/health registry to the SDK: marks it started, feeds `/status`
 * with the exporter state and a redacted config summary, starts the standalone server when
 * OTELKIT_HEALTH_PORT (or `healthPort`) is set, and flips `/ready` to 503 when shutdown begins.
 */
import { redactUrl, runDetached, warnOnce } from '@otelkit/core';
import { HEALTH_DEFAULTS, health, startHealthServer, type HealthServer } from '@otelkit/health';
import { exporterState, pipelineStats, type PipelineSignal } from '@otelkit/otlp';
import { findAppPackage } from '../sdk/resource.js';
import type { OtelkitResolvedConfig, OtelkitStartOptions } from '../types.js';
import { configSources, type OtelkitConfigSource } from './config-sources.js';

export { redactUrl };

/** What the pipeline calls back into. */
export interface HealthWiring {
  /** `/ready` answers 503 from now on. Synchronous, so it runs before any app shutdown code. Needs no `this`. */
  readonly drain: () => void;
}

const SIGNALS: readonly PipelineSignal[] = ['traces', 'metrics', 'logs'];

// One server per process: a second start() after shutdown() reuses it instead of failing to bind.
let running: { key: string; server: HealthServer } | undefined;

const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

function exporterSection(): Record<string, unknown> {
  const stats = pipelineStats();
  const out: Record<string, unknown> = {};
  for (const signal of SIGNALS) {
    const s = stats[signal];
    out[signal] = {
      state: exporterState(signal),
      queued: s.queued,
      queueCapacity: s.queueCapacity,
      exported: s.exported,
      dropped: sum(s.dropped),
      droppedByReason: s.dropped,
      failed: sum(s.failed),
      failedByType: s.failed,
      inFlight: s.inFlight,
      inFlightMax: s.inFlightMax,
      byExporter: Object.fromEntries(Object.entries(s.byExporter).map(([type, e]) => [type, { exported: e.exported, failed: sum(e.failed) }])),
      lastError: s.lastError,
      lastSuccessAt: iso(s.lastSuccessAt),
      lastFailureAt: iso(s.lastFailureAt),
    };
  }
  return out;
}

/** The effective config for `/status`: header names only, never their values; `sources` says where each came from. */
export function configSummary(config: OtelkitResolvedConfig, sources?: Record<string, OtelkitConfigSource>): Record<string, unknown> {
  return {
    sources,
    serviceName: config.serviceName,
    serviceVersion: config.serviceVersion,
    environment: config.environment,
    tracesExporter: config.tracesExporter,
    otlp: {
      endpoint: redactUrl(config.otlp.endpoint),
      protocol: config.otlp.protocol,
      compression: config.otlp.compression,
      timeoutMs: config.otlp.timeoutMs,
      headers: Object.keys(config.otlp.headers),
    },
    sampler: config.sampler,
    samplerRatio: config.samplerRatio,
    propagators: config.propagators,
    enabledInstrumentations: config.enabledInstrumentations,
    disabledInstrumentations: config.disabledInstrumentations,
    traceResponseHeader: config.traceResponseHeader,
    serverTiming: config.serverTiming,
    ignorePaths: config.ignorePaths,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    batch: config.batch,
    health: (() => {
      const { cacheMs, eventLoopDelayMaxMs, diskPath, memoryWarnRatio, diskWarnRatio } = health.settings();
      return { host: config.healthHost, port: config.healthPort, cacheMs, eventLoopDelayMaxMs, diskPath, memoryWarnRatio, diskWarnRatio };
    })(),
  };
}

type HealthSettings = OtelkitResolvedConfig['healthSettings'];
const TUNABLE = ['cacheMs', 'eventLoopDelayMaxMs', 'memoryWarnRatio', 'diskWarnRatio'] as const;

/**
 * OTELKIT_HEALTH_* for the shared registry, so that an app with no otelkit code can tune its probes.
 * A setting the app already changed with health.configure() (before start()) is left as it is.
 */
function applyEnvSettings(settings: HealthSettings): void {
  const current = health.settings();
  const changes: { -readonly [K in keyof HealthSettings]?: HealthSettings[K] } = {};
  for (const key of TUNABLE) {
    if (settings[key] !== HEALTH_DEFAULTS[key] && current[key] === HEALTH_DEFAULTS[key]) changes[key] = settings[key];
  }
  if (settings.diskPath !== undefined && current.diskPath === process.cwd()) changes.diskPath = settings.diskPath;
  if (Object.keys(changes).length > 0) health.configure(changes);
}

/** Wire the health registry to this pipeline. Never throws: health must not stop the SDK from starting. */
export function wireHealth(config: OtelkitResolvedConfig, sdkActive = true, options: OtelkitStartOptions = {}): HealthWiring {
  const drain = (): void => health.setShuttingDown();
  try {
    const current = health.settings();
    // The app's own health.configure() wins over what the SDK knows.
    if (current.serviceName === undefined || current.version === undefined) {
      const app = findAppPackage();
      health.configure({
        serviceName: current.serviceName ?? config.serviceName ?? app.name,
        version: current.version ?? config.serviceVersion ?? app.version,
      });
    }
    applyEnvSettings(config.healthSettings);
    health.setStatusSource('sdk', () => ({ active: sdkActive, shuttingDown: health.isShuttingDown() }));
    health.setStatusSource('exporters', exporterSection);
    const sources = configSources(options);
    health.setStatusSource('config', () => configSummary(config, sources));
    health.setStarted();
    if (config.healthPort !== undefined) {
      const key = `${config.healthHost}:${config.healthPort}`;
      if (running?.key !== key) {
        if (running !== undefined) runDetached(running.server.close(), 'health:close', 'closing the previous health server failed');
        running = { key, server: startHealthServer({ port: config.healthPort, host: config.healthHost }) };
      }
    }
  } catch (error) {
    warnOnce('health:wire', `health endpoints could not be set up: ${(error as Error).message}`);
  }
  return { drain };
}
