import type { Attributes, Link, SpanKind, Tracer } from '@opentelemetry/api';

/** Trace response header options as a caller writes them; see {@link normalizeTraceHeaderOptions}. */
export interface OtelkitTraceHeaderInput {
  /**
   * Response header that carries the trace id. `''` or `false` turns it off.
   * Must be an HTTP token (RFC 9110); the case given is kept.
   * @default 'X-Trace-ID'
   */
  headerName?: string | false;
  /**
   * Also send `Server-Timing: traceparent;desc="00-…"` and list both headers in
   * `Access-Control-Expose-Headers`, so browser code can read them.
   * @default false
   */
  serverTiming?: boolean;
}

/** Validated, frozen trace response header options. */
export interface OtelkitTraceHeaderOptions {
  /** Header carrying the trace id, or `false` when off. */
  readonly headerName: string | false;
  /** Whether `Server-Timing` and `Access-Control-Expose-Headers` are written. */
  readonly serverTiming: boolean;
}

/**
 * The part of a response object the header helpers use. Node's `ServerResponse`, Express's
 * `res`, Fastify's `reply.raw` and Koa's `ctx.res` all fit.
 */
export interface OtelkitHeaderTarget {
  /** Set one response header, replacing any previous value. */
  setHeader(name: string, value: string | string[]): unknown;
  /** Read a header already set, so existing values can be merged instead of replaced. */
  getHeader?(name: string): unknown;
  /** True once the head has been written; headers can no longer change. */
  headersSent?: boolean;
}

/** A connect/Express-style middleware. */
export type OtelkitMiddleware = (req: unknown, res: OtelkitHeaderTarget, next: (err?: unknown) => void) => void;

/** Options for {@link withSpan} and {@link traced}. */
export interface OtelkitSpanOptions {
  /** Attributes set when the span starts (visible to samplers). */
  attributes?: Attributes;
  /**
   * Span kind.
   * @default SpanKind.INTERNAL
   */
  kind?: SpanKind;
  /**
   * Tracer that creates the span.
   * @default trace.getTracer('@otelkit/tracing')
   */
  tracer?: Tracer;
  /**
   * Start a new trace, ignoring the active span.
   * @default false
   */
  root?: boolean;
  /** Links to other spans. */
  links?: Link[];
}

/** The fields of a parsed `traceparent` header. */
export interface OtelkitTraceparent {
  /** 32 lowercase hex characters, not all zero. */
  traceId: string;
  /** 16 lowercase hex characters, not all zero. */
  spanId: string;
  /** Trace flags, reduced to the sampled (0x01) and random (0x02) bits. */
  traceFlags: number;
}

/** Result of {@link resolveRequestId}. */
export interface OtelkitRequestId {
  /** The accepted incoming id, or a fresh UUID. */
  id: string;
  /** True when the id was generated here rather than taken from the request. */
  generated: boolean;
}

/** Options for {@link JaegerPropagator}. */
export interface OtelkitJaegerPropagatorOptions {
  /**
   * Header that carries the trace context.
   * @default 'uber-trace-id'
   */
  traceHeader?: string;
  /**
   * Prefix of the headers that carry baggage entries.
   * @default 'uberctx-'
   */
  baggagePrefix?: string;
}

/**
 * A TC39 standard method decorator (TypeScript 5+ without `experimentalDecorators`), as returned
 * by {@link traced}.
 */
export type OtelkitMethodDecorator = <This, Args extends unknown[], Return>(
  method: (this: This, ...args: Args) => Return,
  context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
) => (this: This, ...args: Args) => Return;
