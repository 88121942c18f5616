/**
 * The OTLP/HTTP export pieces, bundled into the preload and initialised only when exporters.ts
 * first requires this file: the upstream delegate (its public API: bounded concurrency, response
 * handling) and otelkit's transports and retry policy. Loaded from the installed package instead,
 * the upstream modules cost ~60 ms of module loading at the first export (199 files, a second
 * @opentelemetry/core and api), which stalled the event loop mid-traffic.
 */
export { createOtlpNetworkExportDelegate, ExporterMetrics } from '@opentelemetry/otlp-exporter-base';
export { SocketExportTransport, socketTransportApplies } from './otlp-socket-transport.js';
export { NodeHttpExportTransport } from './otlp-node-http-transport.js';
export { RetryingExportTransport } from './export-retry.js';
