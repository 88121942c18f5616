/**
 * otelkit's settings for the upstream HTTP instrumentation, which makes the client spans.
 */
import type { Attributes } from '@opentelemetry/api';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import type { OtelkitTraceHeaderOptions } from '@otelkit/tracing';
import type { OtelkitResolvedConfig } from '../types.js';
import { createQueryRedactor } from './redact-query.js';

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

/**
 * Configuration for @opentelemetry/instrumentation-undici (fetch): it writes `url.full` and
 * `url.query` with no redaction at all, so a start hook overwrites both with otelkit's list applied
 * (fetch refuses URLs with userinfo, so only the query matters). A URL is parsed only when the
 * request has a query, and the attributes are replaced only when something was redacted.
 */
export function undiciInstrumentationConfig(config: OtelkitResolvedConfig): InstrumentationConfig {
  const redact = createQueryRedactor(config.redactedQueryParams);
  return {
    startSpanHook: (request: { origin: string; path: string }): Attributes | undefined => {
      if (!request.path.includes('?')) return undefined;
      const url = new URL(request.path, request.origin);
      const query = url.search.slice(1);
      const redacted = redact(query);
      if (redacted === query) return undefined;
      return { 'url.full': `${url.origin}${url.pathname}?${redacted}`, 'url.query': `?${redacted}` };
    },
  } as InstrumentationConfig;
}

/** Response header options from the configuration, or undefined when no header is sent. */
export function traceHeaderOptions(config: OtelkitResolvedConfig): OtelkitTraceHeaderOptions | undefined {
  return config.traceResponseHeader === false && !config.serverTiming
    ? undefined
    : { headerName: config.traceResponseHeader, serverTiming: config.serverTiming };
}
