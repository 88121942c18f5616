/**
 * The context an HTTP server request runs in, as one small object.
 *
 * The API's context is immutable: every `setValue` copies the whole map into a new object. A
 * request needs three values (its span, the RPC metadata that carries the route, its log fields),
 * which would be three copies on every request although most requests never derive another
 * context. This object answers those three keys itself and builds the ordinary context only when
 * someone first derives from it (an outgoing call, a child span).
 */
import { createContextKey, trace, type Context, type Span } from '@opentelemetry/api';
import type { RPCMetadata } from '@opentelemetry/core';

// The API and the SDK create their keys with Symbol.for on these descriptions.
const SPAN_KEY = createContextKey('OpenTelemetry Context Key SPAN');
const RPC_METADATA_KEY = createContextKey('OpenTelemetry SDK Context Key RPC_METADATA');

export class RequestContext implements Context {
  private derived: Context | undefined;

  constructor(
    private readonly parent: Context,
    private span: Span,
    private readonly rpc: RPCMetadata,
    private readonly fieldsKey: symbol,
    private readonly fields: object | undefined,
  ) {}

  /**
   * Called once the request's span has ended: the context keeps answering with the same trace and
   * span ids, but no longer holds the span object. Async resources that outlive the request (a
   * keep-alive socket's timers, for one) keep the last context they saw reachable, so without this
   * every idle connection held its last span with all its attributes, and under load those copies
   * survived garbage collection and grew the young generation (and RSS) by tens of MB.
   */
  release(): void {
    const light = trace.wrapSpanContext(this.span.spanContext());
    this.span = light;
    this.rpc.span = light;
    // A derived context built earlier holds the span too; the next derivation rebuilds it.
    this.derived = undefined;
  }

  getValue(key: symbol): unknown {
    if (key === SPAN_KEY) return this.span;
    if (key === RPC_METADATA_KEY) return this.rpc;
    if (key === this.fieldsKey && this.fields !== undefined) return this.fields;
    return this.parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return this.asContext().setValue(key, value);
  }

  deleteValue(key: symbol): Context {
    return this.asContext().deleteValue(key);
  }

  /** The same values as an ordinary API context, built once. */
  private asContext(): Context {
    if (this.derived === undefined) {
      let ctx = this.parent.setValue(SPAN_KEY, this.span).setValue(RPC_METADATA_KEY, this.rpc);
      if (this.fields !== undefined) ctx = ctx.setValue(this.fieldsKey, this.fields);
      this.derived = ctx;
    }
    return this.derived;
  }
}
