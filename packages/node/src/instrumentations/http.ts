/**
 * otelkit's settings for the upstream HTTP instrumentation (client side), and Fastify routes.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import type { OtelkitTraceHeaderOptions } from '@otelkit/tracing';
import type { OtelkitResolvedConfig } from '../types.js';

// Fastify announces each matched route on this tracing channel; the route goes on the server span
// the same way the upstream framework instrumentations do it (through the RPC metadata).
const FASTIFY_HANDLER_START = 'tracing:fastify.request.handler:start';
const onFastifyHandler = (message: unknown): void => {
  const route = (message as { route?: { url?: unknown } }).route?.url;
  if (typeof route !== 'string') return;
  const metadata = getRPCMetadata(context.active());
  if (metadata?.type === RPCType.HTTP) metadata.route = route;
};

let subscribed = false;

/** Subscribe the diagnostics-channel listeners (idempotent). */
export function subscribeHttpChannels(): void {
  if (subscribed) return;
  subscribed = true;
  subscribe(FASTIFY_HANDLER_START, onFastifyHandler);
}

/** Undo {@link subscribeHttpChannels}. */
export function unsubscribeHttpChannels(): void {
  if (!subscribed) return;
  subscribed = false;
  unsubscribe(FASTIFY_HANDLER_START, onFastifyHandler);
}

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
