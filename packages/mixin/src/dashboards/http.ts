/**
 * The HTTP server signals in each profile: which catalog instruments give the request rate, the
 * duration histogram and the requests in flight, and which of their attributes are the route, status
 * and method labels. semconv counts requests with the duration histogram's `_count`; prometheus-classic
 * has its own `http_requests_total` counter.
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
  if (c.profile === 'semconv') {
    const duration = 'http.server.request.duration';
    const active = 'http.server.active_requests';
    return {
      requests: `${c.metric(duration)}_count`,
      duration: c.metric(duration),
      inFlight: c.metric(active),
      route: c.label(duration, 'http.route'),
      status: c.label(duration, 'http.response.status_code'),
      method: c.label(duration, 'http.request.method'),
      inFlightMethod: c.label(active, 'http.request.method'),
    };
  }
  return {
    requests: c.metric('http_requests'),
    duration: c.metric('http_request_duration'),
    inFlight: c.metric('http_requests_in_flight'),
    route: c.label('http_requests', 'route'),
    status: c.label('http_requests', 'status'),
    method: c.label('http_requests', 'method'),
    inFlightMethod: c.label('http_requests_in_flight', 'method'),
  };
}

/** Outgoing requests: the same instrument in both profiles (recorded by the upstream http and undici instrumentations). */
export function httpClientSignals(c: MixinContext): { duration: string; server: string } {
  const duration = 'http.client.request.duration';
  return { duration: c.metric(duration), server: c.label(duration, 'server.address') };
}
