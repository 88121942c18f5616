/**
 * otelkit's settings for the upstream HTTP instrumentation, plus the pieces around it:
 * the X-Trace-ID response header, untraced probe paths, and Fastify routes.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, type Span } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { setTraceResponseHeaders, type OtelkitTraceHeaderOptions } from '@otelkit/tracing';
import type { OtelkitResolvedConfig } from '../types.js';

// The upstream request hook receives only the request; the response is attached to it here,
// from the channel Node publishes just before the server emits 'request'.
const kResponse = Symbol('otelkit.response');
type TaggedRequest = IncomingMessage & { [kResponse]?: ServerResponse };

const SERVER_REQUEST_START = 'http.server.request.start';
const onServerRequestStart = (message: unknown): void => {
  const { request, response } = message as { request: TaggedRequest; response: ServerResponse };
  request[kResponse] = response;
};

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
  subscribe(SERVER_REQUEST_START, onServerRequestStart);
  subscribe(FASTIFY_HANDLER_START, onFastifyHandler);
}

/** Undo {@link subscribeHttpChannels}. */
export function unsubscribeHttpChannels(): void {
  if (!subscribed) return;
  subscribed = false;
  unsubscribe(SERVER_REQUEST_START, onServerRequestStart);
  unsubscribe(FASTIFY_HANDLER_START, onFastifyHandler);
}

/** The path part of a request target, without the query. */
function pathOf(url: string | undefined): string {
  if (url === undefined) return '';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
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

/** Configuration for @opentelemetry/instrumentation-http. */
export function httpInstrumentationConfig(config: OtelkitResolvedConfig): InstrumentationConfig {
  const ignored = new Set(config.ignorePaths);
  const exporters = exporterTargets(config);
  const headerOptions: OtelkitTraceHeaderOptions | undefined =
    config.traceResponseHeader === false && !config.serverTiming
      ? undefined
      : { headerName: config.traceResponseHeader, serverTiming: config.serverTiming };
  return {
    ignoreIncomingRequestHook: (request: IncomingMessage) => ignored.size > 0 && ignored.has(pathOf(request.url)),
    ignoreOutgoingRequestHook: (options: { hostname?: string | null; host?: string | null; port?: number | string | null }) => {
      if (exporters.size === 0) return false;
      const host = options.hostname ?? options.host ?? 'localhost';
      return exporters.has(`${host}:${options.port ?? 80}`);
    },
    requestHook: (span: Span, request: unknown) => {
      const response = (request as TaggedRequest)[kResponse];
      if (response === undefined || headerOptions === undefined) return;
      setTraceResponseHeaders(response, span.spanContext(), headerOptions);
    },
  } as InstrumentationConfig;
}
