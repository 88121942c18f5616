import { getEnvString } from '@otelkit/core';
import { state } from './state.js';
import type { OtelkitLogsSettings } from './types.js';

/**
 * Apply settings for every copy of @otelkit/logs in the process. @otelkit/node calls it at start;
 * an app with its own SDK calls it to send log lines through its LoggerProvider.
 * @example
 * configureLogs({ sendToOtel: true, serviceName: 'api' });
 */
export function configureLogs(settings: Partial<OtelkitLogsSettings>): void {
  state.settings = { ...state.settings, ...settings };
}

/** The current settings. */
export function logsSettings(): Readonly<OtelkitLogsSettings> {
  return state.settings;
}

/** `service.name`, `service.version` and the environment for the ready format: options, then settings, then environment. */
export function serviceFields(options: { serviceName?: string; serviceVersion?: string; environment?: string }): Record<string, string> {
  const s = state.settings;
  const name = options.serviceName ?? s.serviceName ?? getEnvString('OTEL_SERVICE_NAME') ?? 'unknown_service:node';
  const version = options.serviceVersion ?? s.serviceVersion;
  const nodeEnv = process.env['NODE_ENV']?.trim();
  const environment = options.environment ?? s.environment ?? getEnvString('OTELKIT_DEPLOYMENT_ENVIRONMENT') ?? (nodeEnv === '' ? undefined : nodeEnv);
  const out: Record<string, string> = { 'service.name': name };
  if (version !== undefined) out['service.version'] = version;
  if (environment !== undefined) out['deployment.environment.name'] = environment;
  return out;
}
