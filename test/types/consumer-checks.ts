// Type checks a README cannot show: what must be rejected, and what must stay accepted. Copied by
// readme-snippets.test.ts next to the README snippets as consumer-checks.mts and .cts; a
// `@ts-expect-error` that no longer finds an error fails the compilation.
import { createLogger, type OtelkitReadyLogger } from '@otelkit/logs';
import type { OtelkitHandle, OtelkitInstrumentationConfigMap, OtelkitStartOptions } from '@otelkit/node';
import type { Logger as PinoLogger } from 'pino';
import { BatchSpanProcessor, ConsoleSpanExporter, ParentBasedSampler, SimpleSpanProcessor, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';

// Each instrumentation takes its upstream config type (hooks are contextually typed).
export const upstream: OtelkitStartOptions = {
  instrumentationConfig: {
    pg: { enhancedDatabaseReporting: false, requireParentSpan: true },
    http: { ignoreOutgoingRequestHook: (request) => request.hostname === 'metadata.internal' },
    express: { ignoreLayersType: [] },
    ioredis: { dbStatementSerializer: (command, args) => `${command} ${args.length}` },
    undici: { enabled: false },
    // pino, winston and bunyan are otelkit's own: the generic options only.
    pino: { enabled: false },
  },
};

// A typo in a name must not compile: the option would be ignored at run time.
// @ts-expect-error 'pgg' is not an instrumentation
export const typo: OtelkitStartOptions = { instrumentationConfig: { pgg: { enhancedDatabaseReporting: false } } };

// @ts-expect-error enhancedDatabaseReporting is a boolean
export const wrongType: OtelkitStartOptions = { instrumentationConfig: { pg: { enhancedDatabaseReporting: 'yes' } } };

// Upstream pino options do not apply to otelkit's log instrumentations; accepting them would mislead.
// @ts-expect-error logKeys belongs to the upstream pino instrumentation
export const pinoUpstream: OtelkitStartOptions = { instrumentationConfig: { pino: { logKeys: { traceId: 't', spanId: 's', traceFlags: 'f' } } } };

export const pgConfig: NonNullable<OtelkitInstrumentationConfigMap['pg']> = { enhancedDatabaseReporting: true };

// createLogger() returns a usable logger without pino's types, and pino's own type on request.
export function logs(): void {
  const log = createLogger({ name: 'billing' });
  log.info('plain');
  log.info({ order_id: 42 }, 'order %s placed', 'A-1');
  log.error(new Error('boom'), 'failed');
  log.child({ tenant_id: 't-1' }).warn({ latency_ms: 3 }, 'slow');
  if (log.isLevelEnabled('debug')) log.debug('details');
  log.level = 'warn';
  // @ts-expect-error not a log method
  log.information('x');
  const asPino: PinoLogger = createLogger<PinoLogger>({ level: 'debug' });
  asPino.flush();
  const ready: OtelkitReadyLogger = asPino;
  ready.fatal('assignable both ways round for the methods it names');
}

// The SDK's own objects fit the options, though @otelkit/node's declarations do not import the SDK.
export const sdkObjects: OtelkitStartOptions = {
  sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.1) }),
  spanExporter: new ConsoleSpanExporter(),
  spanProcessors: [new BatchSpanProcessor({ exporter: new ConsoleSpanExporter() }), new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() })],
};

// A processor written inline gets the span's members from the options' types.
export const inlineProcessor: OtelkitStartOptions = {
  spanProcessors: [
    {
      onStart: (span) => void span.setAttribute('tenant', 't-1'),
      onEnd: (span) => void span.resource.attributes['service.name'],
      forceFlush: async () => undefined,
      shutdown: async () => undefined,
    },
  ],
  // @ts-expect-error a sampler answers with a decision
  sampler: { shouldSample: () => ({}), toString: () => 'broken' },
};

// The run-time switch names the signals it can switch.
export function switchSignals(handle: OtelkitHandle): boolean {
  handle.setSignalEnabled('traces', false);
  handle.setSignalEnabled('metrics', true);
  // @ts-expect-error logs are not switched at run time
  handle.setSignalEnabled('logs', false);
  return handle.isSignalEnabled('traces');
}
