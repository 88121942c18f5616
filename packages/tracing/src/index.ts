export {
  normalizeTraceHeaderOptions,
  setTraceResponseHeaders,
  traceIdHeader,
} from './headers.js';
export { OTELKIT_TRACER_NAME, currentSpanId, currentTraceId, withSpan } from './span.js';
export { traced } from './traced.js';
export { parseTraceparent } from './traceparent.js';
export {
  OtelkitTraceState,
  isValidTraceStateKey,
  isValidTraceStateValue,
  parseTraceState,
} from './tracestate.js';
export { OtelkitTraceContextPropagator } from './propagator.js';
export { JaegerPropagator } from './jaeger.js';
export { resolveRequestId } from './request-id.js';
export { setHttpRoute } from './route.js';
export type {
  OtelkitHeaderTarget,
  OtelkitJaegerPropagatorOptions,
  OtelkitMethodDecorator,
  OtelkitMiddleware,
  OtelkitRequestId,
  OtelkitSpanOptions,
  OtelkitTraceHeaderInput,
  OtelkitTraceHeaderOptions,
  OtelkitTraceparent,
} from './types.js';
