/** Runs every check of `otelkit doctor` and assembles the report. */
import {
  OTELKIT_VERSION,
  getEnvBoolean,
  getEnvKeyValues,
  getEnvList,
  getEnvNumber,
  getEnvString,
  otlpEndpointFromEnv,
  otlpProtocolFromEnv,
  setDiagSink,
  type OtelkitEnvSource,
  type OtelkitOtlpSignal,
} from '@otelkit/core';
import { resolve } from 'node:path';
import { fileEnvView, fileVariableNames, readConfigFile } from '@otelkit/node';
import { readAppStatus } from './app-status.js';
import { readEnvConfig } from './env-config.js';
import { checkNodeVersion } from './node-version.js';
import { probeOtlp, readTlsFiles, type ProbeTarget, type ProbeTls, type TlsFileSetting } from './otlp-probe.js';
import { checkPort } from './ports.js';
import { displayUrl } from './redact.js';
import type { ConfigValue, DoctorCheck, DoctorReport } from './report.js';

export interface DoctorOptions {
  readonly env: OtelkitEnvSource;
  /** Bound of each network probe, in ms. */
  readonly timeoutMs: number;
  /** A running app's health server, for the configuration it resolved (`code` values included). */
  readonly url?: string;
  readonly cwd: string;
  readonly nodeVersion: string;
}

const SIGNALS: readonly OtelkitOtlpSignal[] = ['TRACES', 'METRICS', 'LOGS'];

/**
 * Start `work` with otelkit's diagnostics silenced: the environment's problems are reported once,
 * as checks, by readEnvConfig. The readers run in the synchronous part of `work`, before its first await.
 */
function quietly<T>(work: () => T): T {
  const previous = setDiagSink(() => undefined);
  try {
    return work();
  } finally {
    setDiagSink(previous);
  }
}

/** The OTLP target of a signal, or a reason it is not probed. */
function otlpTarget(signal: OtelkitOtlpSignal, env: OtelkitEnvSource, timeoutMs: number): ProbeTarget | DoctorCheck {
  const lower = signal.toLowerCase() as 'traces' | 'metrics' | 'logs';
  const exporters = getEnvList(`OTEL_${signal}_EXPORTER`, env) ?? [];
  if (!exporters.includes('otlp')) {
    return { section: 'otlp', status: 'skip', message: `${lower}: not exported over OTLP (OTEL_${signal}_EXPORTER=${exporters.join(',')})` };
  }
  const protocol = otlpProtocolFromEnv(signal, env);
  const endpoint = otlpEndpointFromEnv(signal, protocol, env);
  // The signal's own variable, else the generic one; as the exporters read them.
  const file = (key: string): TlsFileSetting | undefined => {
    for (const variable of [`OTEL_EXPORTER_OTLP_${signal}_${key}`, `OTEL_EXPORTER_OTLP_${key}`]) {
      const path = getEnvString(variable, env);
      if (path !== undefined) return { variable, path };
    }
    return undefined;
  };
  let tls: ProbeTls;
  try {
    tls = readTlsFiles({ ca: file('CERTIFICATE'), key: file('CLIENT_KEY'), cert: file('CLIENT_CERTIFICATE') });
  } catch (error) {
    return { section: 'otlp', status: 'fail', message: `${lower}: ${(error as Error).message}` };
  }
  return {
    signal: lower,
    protocol,
    endpoint,
    headers: { ...getEnvKeyValues('OTEL_EXPORTER_OTLP_HEADERS', 'skip-invalid', env), ...getEnvKeyValues(`OTEL_EXPORTER_OTLP_${signal}_HEADERS`, 'skip-invalid', env) },
    timeoutMs,
    insecure: getEnvBoolean('OTEL_EXPORTER_OTLP_INSECURE', env),
    tls,
  };
}

async function otlpChecks(env: OtelkitEnvSource, timeoutMs: number): Promise<DoctorCheck[]> {
  const targets = SIGNALS.map((signal) => otlpTarget(signal, env, timeoutMs));
  return Promise.all(
    targets.map(async (target): Promise<DoctorCheck> => {
      if ('section' in target) return target;
      const result = await probeOtlp(target);
      const where = `${target.signal}: ${target.protocol} to ${displayUrl(target.endpoint)}`;
      return {
        section: 'otlp',
        status: result.ok ? 'ok' : 'fail',
        message: `${where}: ${result.answer} (${result.ms} ms)`,
        ...(result.hint === undefined ? {} : { fix: result.hint }),
      };
    }),
  );
}

async function portCheck(what: string, host: string, port: number, path: string, appRunning: boolean, timeoutMs: number): Promise<DoctorCheck> {
  const where = `${what} port ${host}:${port}`;
  if (port === 0) return { section: 'ports', status: 'ok', message: `${where}: a free port is picked at start` };
  const state = await checkPort(host, port, path, timeoutMs);
  switch (state.state) {
    case 'free':
      return { section: 'ports', status: 'ok', message: `${where}: free` };
    case 'served':
      return appRunning
        ? { section: 'ports', status: 'ok', message: `${where}: served (${state.answer})` }
        : { section: 'ports', status: 'warn', message: `${where}: already served (${state.answer}), by a running app?`, fix: 'a second process on this host cannot bind it: give each its own port' };
    case 'busy':
      return { section: 'ports', status: 'fail', message: `${where}: in use by a process that does not answer HTTP`, fix: 'pick another port' };
    default:
      return { section: 'ports', status: 'fail', message: `${where}: cannot be used (${state.reason})` };
  }
}

async function portChecks(env: OtelkitEnvSource, appRunning: boolean, timeoutMs: number): Promise<DoctorCheck[]> {
  const checks: Promise<DoctorCheck>[] = [];
  if ((getEnvList('OTEL_METRICS_EXPORTER', env) ?? []).includes('prometheus')) {
    checks.push(portCheck('metrics (/metrics)', getEnvString('OTEL_EXPORTER_PROMETHEUS_HOST', env) as string, getEnvNumber('OTEL_EXPORTER_PROMETHEUS_PORT', env) as number, '/metrics', appRunning, timeoutMs));
  } else {
    checks.push(Promise.resolve({ section: 'ports', status: 'skip', message: 'metrics (/metrics): not served (OTEL_METRICS_EXPORTER has no prometheus)' }));
  }
  const healthPort = getEnvNumber('OTELKIT_HEALTH_PORT', env);
  if (healthPort !== undefined) {
    checks.push(portCheck('health', getEnvString('OTELKIT_HEALTH_HOST', env) as string, healthPort, '/live', appRunning, timeoutMs));
  } else {
    checks.push(Promise.resolve({ section: 'ports', status: 'skip', message: 'health: not served (OTELKIT_HEALTH_PORT unset)' }));
  }
  return Promise.all(checks);
}

/** OTEL_CONFIG_FILE, when set: the variables it stands for, which of them it sets, and its problems as checks. */
function fileConfig(env: OtelkitEnvSource, cwd: string): { env: OtelkitEnvSource; fromFile: ReadonlySet<string>; checks: DoctorCheck[] } | undefined {
  const path = env['OTEL_CONFIG_FILE']?.trim();
  if (path === undefined || path === '') return undefined;
  const result = readConfigFile(resolve(cwd, path));
  const checks: DoctorCheck[] = result.ok
    ? [{ section: 'environment', status: 'ok', message: `OTEL_CONFIG_FILE ${path}: valid; the other OTEL_* variables are not read` },
      ...result.problems.map((p): DoctorCheck => ({ section: 'environment', status: 'warn', message: `OTEL_CONFIG_FILE ${path}: ${p}` }))]
    : result.problems.map((p): DoctorCheck => ({ section: 'environment', status: 'fail', message: `OTEL_CONFIG_FILE ${path}: ${p}`, fix: 'the app runs uninstrumented until the file is fixed (otelkit config validate FILE)' }));
  const ignored = ignoredUnderFile(env);
  if (ignored.length > 0) {
    checks.push({ section: 'environment', status: 'warn', message: `OTEL_CONFIG_FILE is in use, so these OTEL_* variables of the process are ignored: ${ignored.join(', ')}`, fix: 'set them in the file, or unset them' });
  }
  return { env: fileEnvView(result, env), fromFile: fileVariableNames(result), checks };
}

/**
 * The process's OTEL_* variables that a configuration file makes inert (the mistyped-variable check
 * sees only the file's view, so they would go unmentioned). The semconv opt-in is still read, by the
 * instrumentations themselves.
 */
function ignoredUnderFile(env: OtelkitEnvSource): string[] {
  return Object.keys(env)
    .filter((name) => name.startsWith('OTEL_') && name !== 'OTEL_CONFIG_FILE' && name !== 'OTEL_SEMCONV_STABILITY_OPT_IN' && env[name] !== undefined)
    .sort();
}

/** Every check; never throws for a problem it finds (problems are checks with status `fail`). */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const { timeoutMs } = options;
  const file = fileConfig(options.env, options.cwd);
  // With a configuration file, every check below sees what the app would: the file's settings.
  const env = file?.env ?? options.env;
  const envConfig = readEnvConfig(env, file?.fromFile);
  const [otlp, ports, app] = await Promise.all([
    quietly(() => otlpChecks(env, timeoutMs)),
    quietly(() => portChecks(env, options.url !== undefined, timeoutMs)),
    options.url === undefined ? undefined : readAppStatus(options.url, timeoutMs),
  ]);
  const checks: DoctorCheck[] = [...(file?.checks ?? []), ...envConfig.checks, ...otlp, ...ports, checkNodeVersion(options.nodeVersion, options.cwd), ...(app?.checks ?? [])];
  const appConfig: ConfigValue[] | undefined = app?.config;
  return {
    otelkitVersion: OTELKIT_VERSION,
    node: options.nodeVersion,
    config: envConfig.values,
    ...(options.url === undefined || appConfig === undefined ? {} : { app: { url: options.url, config: appConfig } }),
    checks,
    problems: checks.filter((c) => c.status === 'fail').length,
  };
}
