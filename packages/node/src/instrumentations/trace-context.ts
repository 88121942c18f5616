/**
 * Which requests come from callers whose trace context is not trusted: OTELKIT_TRACE_CONTEXT=edge,
 * or the start() option `traceContext`. What edge mode does with them is in http-server.ts.
 */
import type { IncomingMessage } from 'node:http';
import { warnOnce } from '@otelkit/core';
import type { OtelkitStartOptions, OtelkitTraceContextMode } from '../types.js';

const EVERY_REQUEST = (): boolean => true;

/**
 * True for a request from an untrusted caller. Undefined when every request is trusted (the
 * default), so the server instrumentation's trusted path does no extra work at all.
 */
export function untrustedRequests(option: OtelkitStartOptions['traceContext'], global: OtelkitTraceContextMode): ((request: IncomingMessage) => boolean) | undefined {
  if (typeof option !== 'function') return global === 'edge' ? EVERY_REQUEST : undefined;
  const fallback = global === 'edge';
  return (request) => {
    try {
      const mode = option(request);
      if (mode === 'edge') return true;
      if (mode === 'trust') return false;
      warnOnce('trace-context:value', `the traceContext function returned ${JSON.stringify(String(mode)).slice(0, 40)} instead of "trust" or "edge"; such requests use OTELKIT_TRACE_CONTEXT (${global}).`);
    } catch (error) {
      // The app's function must not break its own requests: the global mode decides instead.
      warnOnce('trace-context:throw', `the traceContext function threw (${(error as Error)?.message ?? String(error)}); such requests use OTELKIT_TRACE_CONTEXT (${global}).`);
    }
    return fallback;
  };
}
