import { health } from '@otelkit/health';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeConfig } from '../config.js';
import { installLifecycle } from '../lifecycle/signals.js';
import { recordDropped, recordExported, recordFailed, registerQueue, resetPipelineStats } from '@otelkit/otlp';
import { configSummary, redactUrl, wireHealth } from './health.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

afterEach(() => {
  resetPipelineStats();
  health.setStarted();
  for (const name of ['sdk', 'exporters', 'config']) health.setStatusSource(name, undefined);
});

describe('health wiring', () => {
  it('marks the registry started and drain() turns /ready into not_ready', async () => {
    health.setStarted(false);
    const wiring = wireHealth(normalizeConfig({ serviceName: 'svc', serviceVersion: '3.1.4' }));
    expect((await health.ready()).status).toBe('ready');
    wiring.drain();
    expect(await health.ready()).toEqual({ status: 'not_ready', reason: 'shutting_down' });
  });

  it('/status reports exporter state degraded with dropped counts during a telemetry outage, and ready stays ready', async () => {
    wireHealth(normalizeConfig({}));
    recordExported('traces', 10, 'otlp_http_span_exporter');
    // exporterState compares millisecond timestamps.
    await sleep(5);
    registerQueue('traces', () => 2048, 2048);
    recordFailed('traces', 512, 'otlp_http_span_exporter', 'unavailable', 'connect ECONNREFUSED 127.0.0.1:4318');
    recordDropped('traces', 300, 'queue_full');
    recordDropped('traces', 5, 'encode_error');
    const status = await health.status();
    const traces = (status['exporters'] as Record<string, Record<string, unknown>>)['traces']!;
    expect(traces).toMatchObject({
      state: 'degraded',
      queued: 2048,
      queueCapacity: 2048,
      exported: 10,
      dropped: 305,
      droppedByReason: { queue_full: 300, encode_error: 5 },
      failed: 512,
      byExporter: { otlp_http_span_exporter: { exported: 10, failed: 512 } },
      lastError: 'connect ECONNREFUSED 127.0.0.1:4318',
    });
    expect((status['exporters'] as Record<string, Record<string, unknown>>)['metrics']).toMatchObject({ state: 'ok', dropped: 0 });
    expect((await health.ready()).status).toBe('ready');
    expect(health.live().status).toBe('ok');
    await sleep(5);
    recordExported('traces', 1, 'otlp_http_span_exporter');
    const after = await health.status();
    expect((after['exporters'] as Record<string, Record<string, unknown>>)['traces']!['state']).toBe('ok');
  });

  it('the config summary never shows header values, credentials or query values', async () => {
    const canary = 'canary-secret-9f8e7d';
    const config = normalizeConfig({ otlp: { endpoint: `https://user:${canary}@collector:4318/v1/traces?token=${canary}`, headers: { authorization: `Bearer ${canary}`, 'x-api-key': canary } } });
    const summary = configSummary(config);
    expect(JSON.stringify(summary)).not.toContain(canary);
    expect(summary['otlp']).toMatchObject({ headers: ['authorization', 'x-api-key'] });
    wireHealth(config);
    expect(JSON.stringify(await health.status())).not.toContain(canary);
    expect(redactUrl('http://a:b@h:1/p?x=1&y=2')).toBe('http://REDACTED:REDACTED@h:1/p?x=REDACTED&y=REDACTED');
    expect(redactUrl('not a url')).toBe('[unparsable]');
  });

  it('the signal handler drains first, synchronously, before the app handler runs', () => {
    const seen: string[] = [];
    const remove = installLifecycle(
      {
        shutdown: async () => undefined,
        forceFlush: async () => undefined,
        endedSpans: () => 0,
        beginShutdown: () => {
          health.setShuttingDown();
          seen.push('drain');
        },
      },
      1000,
    );
    const appHandler = (): void => void seen.push(`app sees shuttingDown=${health.isShuttingDown()}`);
    process.on('SIGTERM', appHandler);
    try {
      process.emit('SIGTERM');
      expect(seen).toEqual(['drain', 'app sees shuttingDown=true']);
    } finally {
      process.removeListener('SIGTERM', appHandler);
      remove();
    }
  });

  it('OTELKIT_HEALTH_* tune the shared registry, except what the app configured itself', () => {
    const vars = { OTELKIT_HEALTH_EVENT_LOOP_DELAY_MAX: '15000', OTELKIT_HEALTH_CACHE: '700', OTELKIT_HEALTH_DISK_PATH: '/tmp', OTELKIT_HEALTH_MEMORY_WARN_RATIO: '0.75', OTELKIT_HEALTH_DISK_WARN_RATIO: '0.5' };
    const defaults = { cacheMs: 5000, eventLoopDelayMaxMs: 2000, diskPath: process.cwd(), memoryWarnRatio: 0.9, diskWarnRatio: 0.9 };
    Object.assign(process.env, vars);
    try {
      health.configure({ cacheMs: 1234 }); // the app's own choice, made before start()
      const config = normalizeConfig({});
      expect(config.healthSettings).toEqual({ cacheMs: 700, eventLoopDelayMaxMs: 15000, diskPath: '/tmp', memoryWarnRatio: 0.75, diskWarnRatio: 0.5 });
      wireHealth(config);
      expect(health.settings()).toMatchObject({ cacheMs: 1234, eventLoopDelayMaxMs: 15000, diskPath: '/tmp', memoryWarnRatio: 0.75, diskWarnRatio: 0.5 });
      expect(configSummary(config)['health']).toMatchObject({ eventLoopDelayMaxMs: 15000, cacheMs: 1234 });
    } finally {
      for (const key of Object.keys(vars)) delete process.env[key];
      health.configure(defaults);
    }
    // Unset: the registry's defaults, untouched.
    wireHealth(normalizeConfig({}));
    expect(health.settings()).toMatchObject(defaults);
  });

  it('healthPort and healthHost: environment, options and validation', () => {
    expect(normalizeConfig({}).healthPort).toBeUndefined();
    expect(normalizeConfig({}).healthHost).toBe('127.0.0.1');
    expect(normalizeConfig({ healthPort: 9090, healthHost: '0.0.0.0' })).toMatchObject({ healthPort: 9090, healthHost: '0.0.0.0' });
    expect(() => normalizeConfig({ healthPort: 70_000 })).toThrow(/OTELKIT_ERR_INVALID_OPTION/);
    expect(() => normalizeConfig({ healthHost: '' })).toThrow(/OTELKIT_ERR_INVALID_OPTION/);
  });
});
