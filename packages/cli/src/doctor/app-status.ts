/**
 * Reads a running app's `/status` (the otelkit health server, or an app that mounted the health
 * handler): the effective configuration as the app resolved it, with the source of each value
 * (`code` for start() options), and the exporters' state.
 */
import type { ConfigValue, DoctorCheck, ValueSource } from './report.js';

interface StatusBody {
  config?: Record<string, unknown> & { sources?: Record<string, ValueSource> };
  exporters?: Record<string, { state?: string; dropped?: number; failed?: number; lastError?: string }>;
}

/** `http://host:port` → `http://host:port/status`; a URL that already names a path is used as is. */
export function statusUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/status';
  return parsed.toString();
}

function flatten(value: unknown, prefix: string, out: Record<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix === '' ? key : `${prefix}.${key}`, out);
  } else {
    out[prefix] = value;
  }
}

export async function readAppStatus(url: string, timeoutMs: number): Promise<{ config: ConfigValue[]; checks: DoctorCheck[] }> {
  const target = statusUrl(url);
  let body: StatusBody;
  try {
    const res = await fetch(target, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok && res.status !== 503) {
      return { config: [], checks: [{ section: 'app', status: 'fail', message: `${target} answered HTTP ${res.status}`, fix: 'point --url at the otelkit health server (OTELKIT_HEALTH_PORT)' }] };
    }
    body = (await res.json()) as StatusBody;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return { config: [], checks: [{ section: 'app', status: 'fail', message: `${target} could not be read (${cause === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : cause})` }] };
  }
  if (body.config === undefined) {
    return { config: [], checks: [{ section: 'app', status: 'fail', message: `${target} has no config section: is the app running under otelkit (the preload or start())?` }] };
  }
  const { sources = {}, ...config } = body.config;
  const flat: Record<string, unknown> = {};
  flatten(config, '', flat);
  // Nested keys (otlp.endpoint) carry their own source; lists and scalars one level up share it.
  const sourceOf = (key: string): ValueSource => sources[key] ?? sources[key.split('.')[0]!] ?? 'unknown';
  const values = Object.entries(flat).map(([name, value]) => ({ name, value, source: sourceOf(name) }));
  const checks: DoctorCheck[] = [{ section: 'app', status: 'ok', message: `read the running app's configuration from ${target}` }];
  for (const [signal, state] of Object.entries(body.exporters ?? {})) {
    if (state.state === 'degraded') {
      checks.push({ section: 'app', status: 'fail', message: `the app's ${signal} exporter is degraded (${state.failed ?? 0} failed, ${state.dropped ?? 0} dropped${state.lastError ? `; last error: ${state.lastError}` : ''})` });
    }
  }
  return { config: values, checks };
}
