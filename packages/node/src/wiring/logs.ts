/**
 * Wires @otelkit/logs into the distro: settings for the ready JSON format, request ids for every
 * HTTP server request, opt-in console correlation, and the log export pipeline.
 *
 * Default: OTEL_LOGS_EXPORTER=none. Lines are written to stdout, correlated, and the platform's
 * log collector ships them; sending them over OTLP as well would store every record twice.
 */
import type { Resource } from '@opentelemetry/resources';
import { getEnvKeyValues, getEnvList, getEnvString } from '@otelkit/core';
import { configureLogs, correlateConsole, redactSet } from '@otelkit/logs';
import { findAppPackage } from '../sdk/resource.js';
import type { OtelkitResolvedConfig } from '../types.js';
import { startLogsExport } from './logs-export.js';

/** What start() keeps of the log wiring. */
export interface LogsWiring {
  /** The request id header the HTTP server instrumentation reads and echoes, or undefined for none. */
  requestIdHeader: string | undefined;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * The service fields of the ready JSON format, resolved as buildResource() does. Read here rather
 * than from the resource, whose attributes may still be settling (async detectors).
 */
function serviceFields(config: OtelkitResolvedConfig): { serviceName?: string; serviceVersion?: string; environment?: string } {
  const useEnv = config.resourceDetectors.includes('env') || config.resourceDetectors.includes('all');
  const fromEnv = useEnv ? getEnvKeyValues('OTEL_RESOURCE_ATTRIBUTES', 'all-or-nothing') : {};
  const app = findAppPackage();
  const out: { serviceName?: string; serviceVersion?: string; environment?: string } = {};
  const name = config.serviceName ?? fromEnv['service.name'] ?? app.name;
  const version = config.serviceVersion ?? fromEnv['service.version'] ?? app.version;
  const environment = fromEnv['deployment.environment.name'] ?? config.environment;
  if (name !== undefined) out.serviceName = name;
  if (version !== undefined) out.serviceVersion = version;
  if (environment !== undefined) out.environment = environment;
  return out;
}

/** Set up logs for a starting pipeline. Never throws. */
export function wireLogs(config: OtelkitResolvedConfig, resource: Resource): LogsWiring {
  const exporters = (getEnvList('OTEL_LOGS_EXPORTER') ?? ['none']).filter((e) => e !== 'none');
  const exported = exporters.length > 0 ? startLogsExport(exporters, resource) : undefined;
  configureLogs({ sendToOtel: exported !== undefined, admit: exported?.admit, ...serviceFields(config) });

  const consoleMode = getEnvString('OTELKIT_CONSOLE_CORRELATION');
  const restoreConsole = consoleMode === 'true' || consoleMode === 'json' ? correlateConsole(consoleMode === 'json' ? 'json' : 'text', redactSet()) : undefined;

  const header = getEnvString('OTELKIT_REQUEST_ID_HEADER');

  return {
    requestIdHeader: header === undefined || header === '' ? undefined : header,
    forceFlush: async () => {
      await exported?.forceFlush();
    },
    shutdown: async () => {
      restoreConsole?.();
      configureLogs({ sendToOtel: false, admit: undefined });
      await exported?.shutdown();
    },
  };
}
