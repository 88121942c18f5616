import { createContextKey, type Context } from '@opentelemetry/api';

// The same key @opentelemetry/core uses (createContextKey is Symbol.for), so suppression set by
// the SDK or its exporters is seen here without importing an SDK package.
const SUPPRESS_TRACING_KEY = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/** True when the SDK suppressed tracing in this context (e.g. inside an exporter's own request). */
export function isTracingSuppressed(ctx: Context): boolean {
  return ctx.getValue(SUPPRESS_TRACING_KEY) === true;
}
