/** Context propagators from OTEL_PROPAGATORS (or options), composed in the given order. */
import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator } from '@opentelemetry/core';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import { JaegerPropagator, OtelkitTraceContextPropagator } from '@otelkit/tracing';
import type { OtelkitPropagatorName } from '../types.js';

function byName(name: OtelkitPropagatorName): TextMapPropagator | undefined {
  switch (name) {
    // otelkit's own W3C propagator enforces tracestate limits and clears reserved flag bits.
    case 'tracecontext':
      return new OtelkitTraceContextPropagator();
    case 'baggage':
      return new W3CBaggagePropagator();
    case 'b3':
      return new B3Propagator({ injectEncoding: B3InjectEncoding.SINGLE_HEADER });
    case 'b3multi':
      return new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER });
    case 'jaeger':
      return new JaegerPropagator();
    default:
      return undefined;
  }
}

/** One composite propagator; `none` alone means no propagation at all. */
export function createPropagator(names: readonly OtelkitPropagatorName[], custom: readonly TextMapPropagator[]): TextMapPropagator {
  const propagators = [...new Set(names)].map(byName).filter((p): p is TextMapPropagator => p !== undefined);
  return new CompositePropagator({ propagators: [...propagators, ...custom] });
}
