/** Context propagators from OTEL_PROPAGATORS (or options), composed in the given order. */
import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator } from '@opentelemetry/core';
import { createRequire } from 'node:module';
import type * as B3 from '@opentelemetry/propagator-b3';
import { JaegerPropagator, OtelkitTraceContextPropagator } from '@otelkit/tracing';
import type { OtelkitPropagatorName } from '../types.js';

// Loaded only when named: most services never use B3, and the package costs ~18 ms of startup.
function b3(multi: boolean): TextMapPropagator {
  const { B3InjectEncoding, B3Propagator } = createRequire(__filename)('@opentelemetry/propagator-b3') as typeof B3;
  return new B3Propagator({ injectEncoding: multi ? B3InjectEncoding.MULTI_HEADER : B3InjectEncoding.SINGLE_HEADER });
}

function byName(name: OtelkitPropagatorName): TextMapPropagator | undefined {
  switch (name) {
    // otelkit's own W3C propagator enforces tracestate limits and clears reserved flag bits.
    case 'tracecontext':
      return new OtelkitTraceContextPropagator();
    case 'baggage':
      return new W3CBaggagePropagator();
    case 'b3':
      return b3(false);
    case 'b3multi':
      return b3(true);
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
