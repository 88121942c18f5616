/**
 * The upstream OTLP/HTTP transport, bundled into the preload from its ES modules (22 kB once
 * tree-shaken) and initialised only when exporters.ts first requires this file. Loaded from the
 * installed package instead, the same three exports cost ~60 ms of module loading at the first
 * export (199 files, a second @opentelemetry/core and api), which stalled the event loop mid-traffic.
 */
export { OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
export { createOtlpHttpExportDelegate, httpAgentFactoryFromOptions } from '@opentelemetry/otlp-exporter-base/node-http';
export { SocketExportTransport, socketTransportApplies } from './otlp-socket-transport.js';
