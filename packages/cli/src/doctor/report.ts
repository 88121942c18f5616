/** The doctor's report: what `--json` prints, and what the text renderer reads. */

/** Outcome of one check. `fail` is a problem (exit code 1); `warn` deserves a look but is not one. */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

/** One line of the report. */
export interface DoctorCheck {
  /** Report section: `environment`, `otlp`, `ports`, `node`, `app`. */
  readonly section: string;
  readonly status: CheckStatus;
  readonly message: string;
  /** What to change, when the doctor can tell. */
  readonly fix?: string;
}

/**
 * Where an effective value came from: otelkit's `default`, an environment variable (`env`), a
 * configuration file (`file`), or a start() option (`code`, known only from a running app);
 * `unknown` for a running app's setting that its `/status` does not attribute.
 */
export type ValueSource = 'default' | 'env' | 'file' | 'code' | 'unknown';

/** One effective setting, redacted (header values, URL credentials and query values never appear). */
export interface ConfigValue {
  /** Variable name, or for a running app the key of its `/status` config section. */
  readonly name: string;
  readonly value: unknown;
  readonly source: ValueSource;
}

/** Everything `otelkit doctor` found. */
export interface DoctorReport {
  readonly otelkitVersion: string;
  readonly node: string;
  /** The configuration as this environment gives it: every variable of docs/configuration.md. */
  readonly config: readonly ConfigValue[];
  /** The configuration a running app reports on `/status` (with `--url`). */
  readonly app?: { readonly url: string; readonly config: readonly ConfigValue[] };
  readonly checks: readonly DoctorCheck[];
  /** Number of `fail` checks. */
  readonly problems: number;
}
