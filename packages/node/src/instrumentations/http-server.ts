/**
 * HTTP server spans from Node's own diagnostics channels instead of a patched `Server.emit`.
 *
 * Node publishes `http.server.request.start` synchronously just before it emits 'request', so the
 * span is created there and made active for the rest of that turn with the context manager's
 * `attach()`; the app's handler, and everything it schedules, runs inside it. The span ends on the
 * response's 'close' event, which fires for finished and aborted responses alike.
 * Span names and attributes follow the stable HTTP semantic conventions exactly as the upstream
 * instrumentation writes them, so dashboards and queries see no difference.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { context, isSpanContextValid, type ContextManager, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Attributes, type Context, type Link, type Span, type Tracer } from '@opentelemetry/api';
import { getRPCMetadata, RPCType, suppressTracing, type RPCMetadata } from '@opentelemetry/core';
import { SamplingDecision, type Sampler } from '@opentelemetry/sdk-trace';
import { HTTP_METHODS, OTELKIT_VERSION, UNTRACED_SERVER, warnOnce } from '@otelkit/core';
import { LOG_FIELDS_CONTEXT_KEY, requestLogFields } from '@otelkit/logs';
import type { HttpServerMetrics } from '@otelkit/metrics';
import { setTraceResponseHeaders, type OtelkitTraceHeaderOptions } from '@otelkit/tracing';
import { bindEmitter, setEmitterContextManager } from './bind-emitter.js';
import type { HttpServerHooks } from './http-server-hooks.js';
import { RequestContext } from './request-context.js';
import { createQueryRedactor, DEFAULT_REDACTED_QUERY_PARAMS } from './redact-query.js';
import { recordServerExceptions } from './server-exception.js';
import { disableKeepAliveTimers, enableKeepAliveTimers } from './keep-alive-timer.js';

/** What the server instrumentation needs from the pipeline. */
export interface HttpServerInstrumentationOptions {
  /** Makes a context active for the rest of the current turn (the context manager's attach). */
  attach(context: Context): void;
  /** Runs the listeners of each request's `req` and `res` in the request's context (bind-emitter.ts). */
  contextManager?: ContextManager | undefined;
  /** Paths that are never traced or counted (ignore-paths.ts). */
  ignorePath: (path: string) => boolean;
  headers: OtelkitTraceHeaderOptions | undefined;
  /**
   * The provider's sampler and id generator, when the sampler is one of the built-in kinds: they
   * decide on the parent and the trace id alone, the same way every time, so a request the sampler
   * drops gets its non-recording span here, without the SDK's span start, and the attributes are
   * built only for spans that record. Undefined for a custom sampler, which may look at the start
   * attributes: they then go into startSpan.
   */
  sampling?: BuiltInSampling | undefined;
  /**
   * The propagators are otelkit's W3C trace context and baggage only (no other format, no custom
   * one): a request without `traceparent` and `baggage` headers then has no parent to extract.
   */
  w3cPropagationOnly?: boolean | undefined;
  /** HTTP RED metrics, when a metrics pipeline runs. Ignored paths are not counted either (H3). */
  metrics?: HttpServerMetrics | undefined;
  /**
   * Request id header (OTELKIT_REQUEST_ID_HEADER): its valid value, or a new UUID, becomes the
   * `request_id` of every log line of the request and is echoed in the response.
   */
  requestIdHeader?: string | undefined;
  /** Query parameters whose values `url.query` replaces by `REDACTED` (redact-query.ts); default: otelkit's list. */
  redactedQueryParams?: readonly string[] | undefined;
  /** The server-side options of `instrumentationConfig.http` (http-server-hooks.ts), when any is set. */
  hooks?: HttpServerHooks | undefined;
  /** Reads the matched route off a finished request (Express keeps it on `req.route`), when no instrumentation set one. */
  routeOf?: ((request: IncomingMessage) => string | undefined) | undefined;
  /**
   * True for a request whose caller's trace context is not trusted (edge mode, trace-context.ts).
   * Undefined when every caller is trusted: the default path then does no extra work.
   */
  untrusted?: ((request: IncomingMessage) => boolean) | undefined;
}

export interface BuiltInSampling {
  sampler: Sampler;
  ids: { generateTraceId(): string; generateSpanId(): string; prime(traceId: string | undefined): void };
  /**
   * True when nothing looks at a span's attributes while it starts: the sampler is built in and the
   * app added no span processor of its own. The request attributes are then set right after the
   * start instead of passed to it. Why: docs/performance.md, "Server span attributes set after the start".
   */
  attributesAfterStart: boolean;
}

interface RequestState {
  span: Span;
  rpc: RPCMetadata;
  context: RequestContext;
  method: string;
  scheme: 'http' | 'https';
  startedAt: number;
  metrics: HttpServerMetrics | undefined;
  routeOf: ((request: IncomingMessage) => string | undefined) | undefined;
  hooks: HttpServerHooks | undefined;
}

const kState = Symbol('otelkit.http.server');
type TrackedRequest = IncomingMessage & { [kState]?: RequestState };

// Query parameters that carry secrets; their values are replaced, as the semantic conventions advise.
let redactQuery: (query: string) => string = createQueryRedactor(DEFAULT_REDACTED_QUERY_PARAMS);

let tracer: Tracer | undefined;
let options: HttpServerInstrumentationOptions | undefined;
const SUPPRESSED = suppressTracing(ROOT_CONTEXT);

function methodOf(raw: string | undefined): string {
  if (raw === undefined) return 'GET';
  if (HTTP_METHODS.has(raw)) return raw;
  const upper = raw.toUpperCase();
  return HTTP_METHODS.has(upper) ? upper : '_OTHER';
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Host and port the client addressed, honouring X-Forwarded-Host like the upstream instrumentation. */
function serverAddress(request: IncomingMessage, attributes: Attributes): void {
  const host = firstHeader(request.headers['x-forwarded-host']) ?? request.headers.host;
  if (host === undefined || host === '') return;
  const bracket = host.startsWith('[') ? host.indexOf(']') : -1;
  const colon = host.indexOf(':', bracket < 0 ? 0 : bracket);
  if (colon < 0) {
    attributes['server.address'] = host;
    return;
  }
  attributes['server.address'] = host.slice(0, colon);
  const port = Number(host.slice(colon + 1));
  if (Number.isInteger(port)) attributes['server.port'] = port;
}

function clientAddress(request: IncomingMessage): string | undefined {
  const forwarded = firstHeader(request.headers['x-forwarded-for']);
  if (forwarded !== undefined) {
    const comma = forwarded.indexOf(',');
    return (comma < 0 ? forwarded : forwarded.slice(0, comma)).trim();
  }
  return request.socket.remoteAddress;
}

function onRequestStart(message: unknown): void {
  const o = options;
  const t = tracer;
  if (o === undefined || t === undefined) return;
  const { request, response, server } = message as { request: TrackedRequest; response: ServerResponse; server?: Record<symbol, unknown> };
  try {
    if (server?.[UNTRACED_SERVER] === true) {
      enter(o, SUPPRESSED, request, response);
      return;
    }
    const fields = o.requestIdHeader === undefined ? undefined : requestLogFields(request, response, o.requestIdHeader);
    const target = request.url ?? '/';
    const q = target.indexOf('?');
    const path = q < 0 ? target : target.slice(0, q);
    if (o.ignorePath(path)) {
      // Probes and scrapes: no span, and nothing the handler does creates one either.
      enter(o, fields === undefined ? SUPPRESSED : SUPPRESSED.setValue(LOG_FIELDS_CONTEXT_KEY, fields), request, response);
      return;
    }
    const method = methodOf(request.method);
    const socket = request.socket;
    const scheme = (socket as { encrypted?: boolean }).encrypted === true ? 'https' : 'http';
    const headers = request.headers;
    const untrusted = o.untrusted;
    let parent: Context;
    let links: Link[] | undefined;
    if (untrusted !== undefined && untrusted(request)) {
      // Edge mode: a new trace, sampled as a root, without the caller's baggage.
      parent = ROOT_CONTEXT;
      links = untrustedLinks(o, headers);
    } else {
      parent = o.w3cPropagationOnly === true && headers.traceparent === undefined && headers.baggage === undefined ? ROOT_CONTEXT : propagation.extract(ROOT_CONTEXT, headers);
    }
    const hooks = o.hooks;
    if (hooks !== undefined && hooks.ignore(request, parent)) {
      enter(o, fields === undefined ? SUPPRESSED : SUPPRESSED.setValue(LOG_FIELDS_CONTEXT_KEY, fields), request, response);
      return;
    }
    const sampling = o.sampling;
    let span: Span | undefined;
    if (sampling === undefined) {
      span = t.startSpan(method, { kind: SpanKind.SERVER, attributes: startAttributes(request, method, scheme, path, target, q, hooks), links }, parent);
    } else {
      // A dropped request's span records nothing, so it needs no attributes either.
      span = dropped(sampling, method, parent);
      if (span === undefined) span = recordingSpan(t, sampling, method, parent, startAttributes(request, method, scheme, path, target, q, hooks), links);
    }
    const rpc: RPCMetadata = { type: RPCType.HTTP, span };
    const requestContext = new RequestContext(parent, span, rpc, LOG_FIELDS_CONTEXT_KEY, fields);
    request[kState] = { span, rpc, context: requestContext, method, scheme, startedAt: performance.now(), metrics: o.metrics, routeOf: o.routeOf, hooks };
    o.metrics?.requestStarted(method, scheme);
    // setHttpRoute(), the Koa instrumentation and the Fastify channel put the route into `rpc`.
    enter(o, requestContext, request, response);
    if (o.headers !== undefined) setTraceResponseHeaders(response, span.spanContext(), o.headers);
    response.on('close', onResponseClose);
    if (hooks !== undefined && span.isRecording()) hooks.started(span, request, response);
  } catch {
    // Never let tracing break request handling.
  }
}

/** The request's context: active for the rest of this turn, and in every later event of `req` and `res`. */
function enter(o: HttpServerInstrumentationOptions, ctx: Context, request: IncomingMessage, response: ServerResponse): void {
  o.attach(ctx);
  bindEmitter(request, ctx);
  bindEmitter(response, ctx);
}

/*
 * No semantic convention names why a link was made; this attribute tells the caller's context,
 * kept as a link on an edge server span, from links an app adds itself.
 */
const UNTRUSTED_LINK_ATTRIBUTES: Attributes = Object.freeze({ 'otelkit.link.reason': 'untrusted_parent' });

/** The caller's span context as the one link of an edge request's server span, if it sent a valid one. */
function untrustedLinks(o: HttpServerInstrumentationOptions, headers: IncomingHttpHeaders): Link[] | undefined {
  if (o.w3cPropagationOnly === true && headers.traceparent === undefined) return undefined;
  const remote = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, headers));
  return remote !== undefined && isSpanContextValid(remote) ? [{ context: remote, attributes: UNTRUSTED_LINK_ATTRIBUTES }] : undefined;
}

const NO_ATTRIBUTES: Attributes = Object.freeze({});
const NO_LINKS: [] = Object.freeze([]) as unknown as [];

/** The trace id dropped() drew for a root request it lets record, read by recordingSpan() right after. */
let decidedRootTraceId: string | undefined;

/**
 * The built-in samplers' decision, taken as the SDK's span start would take it (same sampler, same
 * parent, same trace id): a dropped request gets the non-recording span the SDK would return,
 * without the SDK's span start and without its attributes. Why: docs/performance.md, "Sampling
 * decision before the span start".
 */
function dropped(sampling: BuiltInSampling, method: string, parent: Context): Span | undefined {
  const parentSpan = trace.getSpanContext(parent);
  const valid = parentSpan !== undefined && isSpanContextValid(parentSpan);
  const traceId = valid ? parentSpan.traceId : sampling.ids.generateTraceId();
  const result = sampling.sampler.shouldSample(parent, traceId, method, SpanKind.SERVER, NO_ATTRIBUTES, NO_LINKS);
  if (result.decision !== SamplingDecision.NOT_RECORD) {
    decidedRootTraceId = valid ? undefined : traceId;
    return undefined;
  }
  // The same span context the SDK builds (traceState may be undefined there too).
  const traceState = result.traceState ?? (valid ? parentSpan.traceState : undefined);
  return trace.wrapSpanContext({ traceId, spanId: sampling.ids.generateSpanId(), traceFlags: TraceFlags.NONE, traceState });
}

/**
 * The recording span of a request dropped() let through, from the SDK's startSpan(). For a root
 * span the SDK draws the trace id dropped() decided on, so the sampler decides on that id again
 * (two ids would sample at the ratio squared).
 */
function recordingSpan(t: Tracer, sampling: BuiltInSampling, method: string, parent: Context, attributes: Attributes, links: Link[] | undefined): Span {
  const root = decidedRootTraceId;
  decidedRootTraceId = undefined;
  if (root !== undefined) sampling.ids.prime(root);
  const after = sampling.attributesAfterStart;
  const span = t.startSpan(method, { kind: SpanKind.SERVER, attributes: after ? undefined : attributes, links }, parent);
  sampling.ids.prime(undefined);
  return after ? span.setAttributes(attributes) : span;
}

/** The request attributes of the stable HTTP semantic conventions, as the upstream instrumentation writes them. */
function startAttributes(request: IncomingMessage, method: string, scheme: string, path: string, target: string, q: number, hooks: HttpServerHooks | undefined): Attributes {
  const socket = request.socket;
  // No undefined values: setAttributes() would warn about each one.
  const attributes: Attributes = { 'http.request.method': method, 'url.scheme': scheme };
  if (socket.remoteAddress !== undefined) attributes['network.peer.address'] = socket.remoteAddress;
  if (socket.remotePort !== undefined) attributes['network.peer.port'] = socket.remotePort;
  attributes['network.protocol.version'] = request.httpVersion;
  const agent = request.headers['user-agent'];
  if (agent !== undefined) attributes['user_agent.original'] = agent;
  attributes['url.path'] = path;
  serverAddress(request, attributes);
  if (q >= 0 && q < target.length - 1) attributes['url.query'] = redactQuery(target.slice(q + 1));
  const client = clientAddress(request);
  if (client !== undefined) attributes['client.address'] = client;
  if (method === '_OTHER') attributes['http.request.method_original'] = request.method;
  if (hooks !== undefined) hooks.startAttributes(request, attributes);
  return attributes;
}

/**
 * Runs as a listener of the app's response: nothing it calls (a span processor's onEnd, a user's
 * hook, the metrics) may throw into the app's 'close' event.
 */
function onResponseClose(this: ServerResponse): void {
  try {
    endRequest(this);
  } catch (error) {
    warnOnce('http-server:end', `ending a server span failed; the request was not affected (${(error as Error)?.message ?? String(error)}).`);
  }
}

function endRequest(response: ServerResponse): void {
  const request = response.req as TrackedRequest | undefined;
  const state = request?.[kState];
  if (state === undefined) return;
  request![kState] = undefined;
  const { span, rpc, context: requestContext, method, scheme, startedAt, metrics, routeOf, hooks } = state;
  const status = response.statusCode;
  span.setAttribute('http.response.status_code', status);
  let route = (rpc as { route?: string }).route;
  if (route === undefined && routeOf !== undefined) {
    try {
      route = routeOf(request!);
    } catch {
      // An unreadable route leaves the span named by its method, as for an unmatched request.
    }
  }
  if (route !== undefined) {
    span.setAttribute('http.route', route);
    span.updateName(`${method} ${route}`);
  }
  let errorType: string | undefined;
  if (status >= 500) {
    errorType = String(status);
    span.setAttribute('error.type', errorType);
    span.setStatus({ code: SpanStatusCode.ERROR });
    // Exceptions the request's handlers threw (server-exception.ts), the last one's message as description.
    recordServerExceptions(request!, span);
  } else if (!response.writableFinished) {
    // The client went away before the response was complete.
    errorType = 'response_aborted';
    span.setAttribute('error.type', errorType);
  }
  // A dropped request's span is already the light kind that release() would put in its place.
  const recording = span.isRecording();
  if (hooks !== undefined && recording) hooks.ended(span, request!, response);
  try {
    span.end();
  } catch (error) {
    // A span processor's onEnd threw; the request is still counted below.
    warnOnce('http-server:end', `ending a server span failed; the request was not affected (${(error as Error)?.message ?? String(error)}).`);
  }
  if (recording) requestContext.release();
  if (metrics !== undefined) {
    try {
      metrics.requestEnded({ method, scheme, status, route, protocolVersion: request!.httpVersion, errorType, durationSeconds: (performance.now() - startedAt) / 1000 });
    } catch {
      // Metrics never break request handling.
    }
  }
}

// Fastify announces each matched route on this tracing channel; the route goes into the RPC
// metadata, where setHttpRoute() and the upstream framework instrumentations (Koa) put theirs.
function onFastifyHandler(message: unknown): void {
  const route = (message as { route?: { url?: unknown } }).route?.url;
  if (typeof route !== 'string') return;
  const metadata = getRPCMetadata(context.active());
  if (metadata?.type === RPCType.HTTP) metadata.route = route;
}

const CHANNELS: ReadonlyArray<readonly [string, (message: unknown) => void]> = [
  ['http.server.request.start', onRequestStart],
  ['tracing:fastify.request.handler:start', onFastifyHandler],
];

/** Names of the response headers otelkit sets (trace id, Server-Timing, request id), lowercase. */
let ownHeaderNames: readonly string[] = [];

/**
 * The headers otelkit set on this response, as they are now: for a framework that clears every
 * header before its error answer (Koa), so that answer can carry them again.
 */
export function ownResponseHeaders(response: ServerResponse): Record<string, string | number | string[]> | undefined {
  let found: Record<string, string | number | string[]> | undefined;
  for (const name of ownHeaderNames) {
    const value = response.getHeader(name);
    if (value !== undefined) (found ??= {})[name] = value;
  }
  return found;
}

/** Start producing server spans (idempotent). */
export function enableHttpServerInstrumentation(opts: HttpServerInstrumentationOptions): void {
  if (options === undefined) {
    for (const [name, fn] of CHANNELS) subscribe(name, fn);
    enableKeepAliveTimers();
  }
  options = opts;
  redactQuery = createQueryRedactor(opts.redactedQueryParams ?? DEFAULT_REDACTED_QUERY_PARAMS);
  const names: string[] = [];
  if (opts.headers !== undefined) {
    if (opts.headers.headerName !== false && opts.headers.headerName !== undefined) names.push(opts.headers.headerName.toLowerCase());
    if (opts.headers.serverTiming === true) names.push('server-timing');
    names.push('access-control-expose-headers');
  }
  if (opts.requestIdHeader !== undefined) names.push(opts.requestIdHeader.toLowerCase());
  ownHeaderNames = names;
  setEmitterContextManager(opts.contextManager);
  tracer = trace.getTracer('@otelkit/node/http-server', OTELKIT_VERSION);
}

/** Stop producing server spans. */
export function disableHttpServerInstrumentation(): void {
  if (options === undefined) return;
  for (const [name, fn] of CHANNELS) unsubscribe(name, fn);
  disableKeepAliveTimers();
  setEmitterContextManager(undefined);
  ownHeaderNames = [];
  options = undefined;
  tracer = undefined;
}
