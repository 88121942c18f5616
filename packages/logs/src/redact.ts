/** Which keys are redacted, from options or OTELKIT_LOG_REDACT_KEYS. */
import { getEnvList } from '@otelkit/core';

/** Replacement text of a redacted value. */
export const REDACTED = '[REDACTED]';

/** Keys redacted when nothing else is configured. */
export const DEFAULT_REDACT_KEYS: readonly string[] = Object.freeze([
  'authorization', 'password', 'passwd', 'secret', 'token', 'access_token', 'refresh_token', 'api_key', 'apikey', 'cookie', 'set-cookie',
]);

/** The configured keys: the option when given, else the environment (which defaults to the list above). */
export function redactKeys(option: readonly string[] | undefined): string[] {
  return [...(option ?? getEnvList('OTELKIT_LOG_REDACT_KEYS') ?? DEFAULT_REDACT_KEYS)];
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function segment(key: string): string {
  return IDENTIFIER.test(key) ? key : `[${JSON.stringify(key)}]`;
}

/**
 * pino `redact` paths for the keys: top level, one level down, and under `req.headers`/`headers`
 * (where HTTP secrets usually sit).
 */
export function pinoRedactPaths(keys: readonly string[]): string[] {
  const paths: string[] = [];
  for (const key of keys) {
    const s = segment(key);
    const dotted = s.startsWith('[') ? s : `.${s}`;
    paths.push(s, `*${dotted}`, `req.headers${dotted}`, `headers${dotted}`);
  }
  return paths;
}

let envSet: ReadonlySet<string> | undefined;

/** The redacted keys as a lowercase set, for log records sent over OTLP. */
export function redactSet(option?: readonly string[]): ReadonlySet<string> {
  if (option !== undefined) return new Set(option.map((k) => k.toLowerCase()));
  envSet ??= new Set(redactKeys(undefined).map((k) => k.toLowerCase()));
  return envSet;
}
