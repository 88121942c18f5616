/**
 * otelkit's settings for the upstream HTTP instrumentation, which makes the client spans.
 */
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import type { OtelkitTraceHeaderOptions } from '@otelkit/tracing';
import type { OtelkitResolvedConfig } from '../types.js';

/** Host:port pairs of the exporter endpoints, whose requests must never be traced. */
function exporterTargets(config: OtelkitResolvedConfig): Set<string> {
  const targets = new Set<string>();
  try {
    const url = new URL(config.otlp.endpoint);
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    targets.add(`${url.hostname}:${port}`);
  } catch {
    // An unparsable endpoint already produced a warning; nothing to exclude.
  }
  return targets;
}

/** Configuration for @opentelemetry/instrumentation-http: client spans only (server spans come from http-server.ts). */
export function httpInstrumentationConfig(config: OtelkitResolvedConfig): InstrumentationConfig {
  const exporters = exporterTargets(config);
  return {
    disableIncomingRequestInstrumentation: true,
    // url.full of client spans: otelkit's list (upstream's, plus tokens and keys). The user's own
    // `redactedQueryParams` in instrumentationConfig.http replaces it (mergeHttpClientConfig).
    redactedQueryParams: [...config.redactedQueryParams],
    ignoreOutgoingRequestHook: (options: { hostname?: string | null; host?: string | null; port?: number | string | null }) => {
      if (exporters.size === 0) return false;
      const host = options.hostname ?? options.host ?? 'localhost';
      return exporters.has(`${host}:${options.port ?? 80}`);
    },
  } as InstrumentationConfig;
}

/** Response header options from the configuration, or undefined when no header is sent. */
export function traceHeaderOptions(config: OtelkitResolvedConfig): OtelkitTraceHeaderOptions | undefined {
  return config.traceResponseHeader === false && !config.serverTiming
    ? undefined
    : { headerName: config.traceResponseHeader, serverTiming: config.serverTiming };
}
