/**
 * HTTP server RED metrics, recorded by otelkit's server-span subscriber in @otelkit/node (and usable
 * by any server integration). Names and attributes come from the active profile:
 * - semconv: `http.server.request.duration` (s) and `http.server.active_requests`, with
 *   `http.request.method`, `url.scheme`, `http.response.status_code`, `http.route`,
 *   `network.protocol.version` and `error.type`;
 * - prometheus-classic: `http_requests_total`, `http_request_duration_seconds` and
 *   `http_requests_in_flight`, with `method`, `status` and `route`.
 * The raw path is never an attribute: only a route template is, and only when one is known.
 */
import type { Attributes } from '@opentelemetry/api';
import type { OtelkitMetricsProfile } from '@otelkit/core';
import { ProviderBound, createInstrument, metricsProfile } from './instruments.js';

/** One finished request, as the server saw it. */
export interface HttpServerRequestOutcome {
  /** Normalised method: a known method in upper case, or `_OTHER`. */
  method: string;
  scheme: 'http' | 'https';
  /** Response status code (0 when the connection closed before any response). */
  status: number;
  /** Route template such as `/users/:id`, when the framework (or the app) named one. */
  route?: string | undefined;
  /** `1.1`, `2`, ... */
  protocolVersion?: string | undefined;
  /** Set for failed requests: the status code for 5xx, or a short reason such as `response_aborted`. */
  errorType?: string | undefined;
  /** Duration in seconds. */
  durationSeconds: number;
}

export interface HttpServerMetrics {
  /** A request arrived (active/in-flight gauge up). */
  requestStarted(method: string, scheme: 'http' | 'https'): void;
  /** The request finished (gauge down, duration recorded, counter up in the classic profile). */
  requestEnded(outcome: HttpServerRequestOutcome): void;
}

type Instruments = ReturnType<typeof createInstrument>;

/** Create the recorder for the given profile (default: `OTELKIT_METRICS_PROFILE`). */
export function createHttpServerMetrics(profile: OtelkitMetricsProfile = metricsProfile()): HttpServerMetrics {
  if (profile === 'prometheus-classic') {
    const bound = new ProviderBound((meter) => ({
      total: createInstrument(meter, 'http_requests'),
      duration: createInstrument(meter, 'http_request_duration'),
      inFlight: createInstrument(meter, 'http_requests_in_flight'),
    }));
    return {
      requestStarted(method) {
        bound.get().inFlight.add(1, { method });
      },
      requestEnded(o) {
        const i = bound.get();
        i.inFlight.add(-1, { method: o.method });
        const attributes: Attributes = o.route === undefined ? { method: o.method, status: String(o.status) } : { method: o.method, status: String(o.status), route: o.route };
        i.total.add(1, attributes);
        if (Number.isFinite(o.durationSeconds) && o.durationSeconds >= 0) i.duration.record(o.durationSeconds, attributes);
      },
    };
  }
  const bound = new ProviderBound<{ duration: Instruments; active: Instruments }>((meter) => ({
    duration: createInstrument(meter, 'http.server.request.duration'),
    active: createInstrument(meter, 'http.server.active_requests'),
  }));
  return {
    requestStarted(method, scheme) {
      bound.get().active.add(1, { 'http.request.method': method, 'url.scheme': scheme });
    },
    requestEnded(o) {
      const i = bound.get();
      i.active.add(-1, { 'http.request.method': o.method, 'url.scheme': o.scheme });
      const attributes: Attributes = { 'http.request.method': o.method, 'url.scheme': o.scheme };
      if (o.status > 0) attributes['http.response.status_code'] = o.status;
      if (o.route !== undefined) attributes['http.route'] = o.route;
      if (o.protocolVersion !== undefined) attributes['network.protocol.version'] = o.protocolVersion;
      if (o.errorType !== undefined) attributes['error.type'] = o.errorType;
      if (Number.isFinite(o.durationSeconds) && o.durationSeconds >= 0) i.duration.record(o.durationSeconds, attributes);
    },
  };
}
