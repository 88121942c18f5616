/**
 * Where the readers take variables from: `process.env`, or, when a declarative configuration file
 * is in use (`OTEL_CONFIG_FILE`), the variables that file stands for. The file is translated once
 * into the names of the environment table, so every reader, default and validation stays the one
 * that the environment uses, and no `OTEL_*` variable of the process is read while a file is active.
 */
import type { OtelkitEnvSource } from './read.js';

/** The file view installed by {@link useConfigFileEnv}. */
export interface OtelkitFileEnv {
  /** Path of the configuration file, as given in OTEL_CONFIG_FILE. */
  readonly file: string;
  /** Variables as the file sets them, plus the OTELKIT_* variables of the process it does not set. */
  readonly env: OtelkitEnvSource;
  /** Names whose value comes from the file (the rest of `env` is OTELKIT_* from the process). */
  readonly fromFile: ReadonlySet<string>;
}

// One view per process, shared by every installed copy of @otelkit/core.
const STATE_KEY = Symbol.for('otelkit.env-source.v1');
const holder = globalThis as unknown as Record<symbol, { view: OtelkitFileEnv | undefined } | undefined>;
const state = (holder[STATE_KEY] ??= { view: undefined });

/** The variables the readers use by default. */
export function activeEnv(): OtelkitEnvSource {
  return state.view?.env ?? process.env;
}

/** Install (or, with undefined, remove) the view of a configuration file. */
export function useConfigFileEnv(view: OtelkitFileEnv | undefined): void {
  state.view = view;
}

/** The installed configuration file view, if any. */
export function configFileEnv(): OtelkitFileEnv | undefined {
  return state.view;
}
