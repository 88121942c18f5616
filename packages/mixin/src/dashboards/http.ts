/**
 * The HTTP server signals the dashboards read in each profile: the request counter, the duration
 * histogram and the status label come from the context (the rules read the same ones); the route and
 * method labels and the in-flight gauge are added here. semconv counts requests with the duration
 * histogram's `_count`; prometheus-classic has its own `http_requests_total` counter.
 */
import type { MixinContext } from '../context.js';

export interface HttpServerSignals {
  /** A counter-like series to `rate()`: one sample per request. */
  requests: string;
  /** The duration histogram's base name (add `_bucket`). */
  duration: string;
  inFlight: string;
  route: string;
  status: string;
  method: string;
  /** The method label of the in-flight gauge. */
  inFlightMethod: string;
}

export function httpServerSignals(c: MixinContext): HttpServerSignals {
  const { requests, duration, statusLabel, durationInstrument } = c.http;
  const inFlight = c.profile === 'semconv' ? 'http.server.active_requests' : 'http_requests_in_flight';
  const [route, method] = c.profile === 'semconv' ? ['http.route', 'http.request.method'] : ['route', 'method'];
  return {
    requests,
    duration,
    status: statusLabel,
    inFlight: c.metric(inFlight),
    route: c.label(durationInstrument, route),
    method: c.label(durationInstrument, method),
    inFlightMethod: c.label(inFlight, method),
  };
}

/** Outgoing requests: the same instrument in both profiles (recorded by the upstream http and undici instrumentations). */
export function httpClientSignals(c: MixinContext): { duration: string; server: string } {
  const duration = 'http.client.request.duration';
  return { duration: c.metric(duration), server: c.label(duration, 'server.address') };
}
