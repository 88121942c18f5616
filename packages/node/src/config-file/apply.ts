/**
 * OTEL_CONFIG_FILE at start: install the file's view of the variables (see @otelkit/core's
 * env/source) before any setting is read. A file that can't be used leaves the app uninstrumented,
 * with one warning naming the file, the field and the problem: per the specification a file is
 * taken whole or not at all, and half of one could send telemetry where the rest did not mean to.
 * OTELKIT_* variables of the process still apply; the file's `distribution.otelkit` wins over them.
 */
import { configFileEnv, useConfigFileEnv, warnOnce } from '@otelkit/core';
import { readConfigFile, type OtelkitConfigFileResult } from './load.js';

/** Environment variables by name. Spelled out (not core's alias): @otelkit/core is bundled, so the declarations can't name it. */
export type OtelkitVariables = Readonly<Record<string, string | undefined>>;

/** The OTELKIT_* variables of `env`: otelkit's own, which a file does not turn off. */
export function otelkitVariables(env: OtelkitVariables): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (name.startsWith('OTELKIT_') && value !== undefined) out[name] = value;
  return out;
}

/** The variables the readers see for a file result: the file's, over the process's OTELKIT_* ones. */
export function fileEnvView(result: OtelkitConfigFileResult, env: OtelkitVariables): Record<string, string> {
  // An unusable file turns the SDK off; OTELKIT_* still serve the health server, which probes need.
  const fromFile = result.ok ? result.env : { OTEL_SDK_DISABLED: 'true' };
  return { ...otelkitVariables(env), ...fromFile };
}

/** The names whose value comes from the file (for an unusable one: the switch that turns the SDK off). */
export function fileVariableNames(result: OtelkitConfigFileResult): ReadonlySet<string> {
  return new Set(Object.keys(result.ok ? result.env : { OTEL_SDK_DISABLED: '' }));
}

/** Read OTEL_CONFIG_FILE, if set, and make the readers use it. Never throws. */
export function applyConfigFile(env: OtelkitVariables = process.env): void {
  const file = env['OTEL_CONFIG_FILE']?.trim();
  if (file === undefined || file === '' || configFileEnv()?.file === file) return;
  const result = readConfigFile(file);
  if (result.ok) {
    for (const problem of result.problems) warnOnce(`config-file:${problem}`, `OTEL_CONFIG_FILE ${file}: ${problem}.`);
  } else {
    warnOnce('config-file:invalid', `OTEL_CONFIG_FILE ${file} is invalid: ${result.problems.join('; ')}. The app runs uninstrumented.`);
  }
  useConfigFileEnv({ file, env: fileEnvView(result, env), fromFile: fileVariableNames(result) });
}
