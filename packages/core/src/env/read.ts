/**
 * Typed readers over the environment table. They never throw: an invalid value prints one warning
 * that names the variable and the value, and the table's default is returned.
 */
import { warnOnce } from '../diag.js';
import { getEnvDefinition, type OtelkitEnvDefinition } from './definitions.js';
import { parseKeyValueList } from './parse.js';
import { activeEnv } from './source.js';

/** A source of environment variables; `process.env` by default. */
export type OtelkitEnvSource = Readonly<Record<string, string | undefined>>;

function definitionOf(name: string): OtelkitEnvDefinition {
  const def = getEnvDefinition(name);
  // A name missing from the table is a bug in otelkit itself, caught by the unit tests.
  if (def === undefined) throw new Error(`otelkit: ${name} is not in the environment table`);
  return def;
}

/** Raw text of a variable, or undefined when unset or (unless empty is meaningful) blank. */
function raw(def: OtelkitEnvDefinition, env: OtelkitEnvSource): string | undefined {
  const value = env[def.name];
  if (value === undefined) return undefined;
  if (value.trim() === '') return def.emptyMeans === 'off' ? '' : undefined;
  return value.trim();
}

function invalid(def: OtelkitEnvDefinition, value: string, expected: string): void {
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  const fallback = def.default === undefined ? 'unset' : JSON.stringify(def.default);
  warnOnce(`env:${def.name}:${value}`, `${def.name}=${JSON.stringify(shown)} is invalid (${expected}); using the default (${fallback}).`);
}

/** Read a boolean. Only `true`/`false` (any case) are valid; anything else warns and counts as false. */
export function getEnvBoolean(name: string, env: OtelkitEnvSource = activeEnv()): boolean {
  const def = definitionOf(name);
  const value = raw(def, env);
  if (value === undefined || value === '') return def.default === true;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  invalid(def, value, 'expected true or false');
  return def.default === true;
}

/**
 * Read an integer, duration (ms) or ratio. Integers must be plain decimal digits within the row's
 * bounds; `1.5`, `1e3`, `-1` and `abc` are invalid.
 */
export function getEnvNumber(name: string, env: OtelkitEnvSource = activeEnv()): number | undefined {
  const def = definitionOf(name);
  const value = raw(def, env);
  const fallback = typeof def.default === 'number' ? def.default : undefined;
  if (value === undefined || value === '') return fallback;
  const isRatio = def.type === 'ratio';
  const pattern = isRatio ? /^[+]?(\d+(\.\d*)?|\.\d+)$/ : /^[+]?\d+$/;
  const parsed = pattern.test(value) ? Number(value) : Number.NaN;
  const min = def.min ?? Number.NEGATIVE_INFINITY;
  const max = def.max ?? Number.POSITIVE_INFINITY;
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
    const kind = isRatio ? 'a number' : 'a whole number';
    invalid(def, value, `expected ${kind} from ${def.min ?? '-∞'} to ${def.max ?? '∞'}`);
    return fallback;
  }
  return parsed;
}

/** Read a string (including URLs, which are checked to parse). Empty means unset, or '' where empty means off. */
export function getEnvString(name: string, env: OtelkitEnvSource = activeEnv()): string | undefined {
  const def = definitionOf(name);
  const value = raw(def, env);
  const fallback = typeof def.default === 'string' ? def.default : undefined;
  if (value === undefined) return fallback;
  if (def.type === 'enum') {
    const lower = value.toLowerCase();
    if (def.allowedValues?.includes(lower)) return lower;
    invalid(def, value, `expected one of ${def.allowedValues?.join(', ')}`);
    return fallback;
  }
  if (def.type === 'url' && value !== '') {
    const problem = urlProblem(value, false);
    if (problem !== undefined) {
      invalid(def, value, problem);
      return fallback;
    }
  }
  return value;
}

/**
 * For `host:port` without `scheme://` (`otel-collector:4318`, a common Kubernetes mistake), the URL
 * that was most likely meant. `new URL()` accepts such a value, taking the host for a scheme, and
 * every export would then fail.
 */
export function missingSchemeFix(value: string): string | undefined {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()) ? undefined : `http://${value.trim()}`;
}

/** Why `value` is not a usable endpoint URL, or undefined. `hostPortAllowed`: gRPC targets may be `host:port`. */
export function urlProblem(value: string, hostPortAllowed: boolean): string | undefined {
  const fix = missingSchemeFix(value);
  // Suggest the scheme only where adding it gives a URL (not for `not a url`).
  if (fix !== undefined) return hostPortAllowed ? undefined : URL.canParse(fix) ? `no scheme; expected a URL such as ${fix}` : 'expected an absolute URL such as http://collector:4318';
  return URL.canParse(value) ? undefined : 'expected an absolute URL such as http://collector:4318';
}

/**
 * Read an OTLP endpoint. OTLP/HTTP needs `http://` or `https://`; a gRPC target may also be
 * `host:port` (the gRPC client then picks TLS unless OTEL_EXPORTER_OTLP_INSECURE=true).
 */
export function getEnvEndpoint(name: string, grpc: boolean, env: OtelkitEnvSource = activeEnv()): string | undefined {
  const def = definitionOf(name);
  const value = raw(def, env);
  if (value === undefined || value === '') return undefined;
  const problem = urlProblem(value, grpc);
  if (problem === undefined) return value;
  invalid(def, value, problem);
  return undefined;
}

/**
 * Read a comma-separated list. For enum lists, unknown entries are skipped with one warning each and
 * duplicates are removed; when nothing valid is left the default is used.
 */
export function getEnvList(name: string, env: OtelkitEnvSource = activeEnv()): string[] | undefined {
  const def = definitionOf(name);
  const value = raw(def, env);
  const fallback = Array.isArray(def.default) ? [...(def.default as readonly string[])] : undefined;
  if (value === undefined || value === '') return fallback;
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (def.type !== 'enum-list') return [...new Set(items)];
  const out: string[] = [];
  for (const item of items) {
    const lower = item.toLowerCase();
    if (!def.allowedValues?.includes(lower)) {
      warnOnce(`env:${def.name}:item:${lower}`, `${def.name} contains unknown value ${JSON.stringify(item)} (expected ${def.allowedValues?.join(', ')}); it is ignored.`);
    } else if (!out.includes(lower)) {
      out.push(lower);
    }
  }
  return out.length > 0 ? out : fallback;
}

/**
 * Read a `key=value,...` list. `mode: 'all-or-nothing'` discards the whole value on any bad pair
 * (the resource spec); `skip-invalid` drops only the bad pairs (exporter headers). Values are never
 * printed, since headers carry secrets.
 */
export function getEnvKeyValues(
  name: string,
  mode: 'all-or-nothing' | 'skip-invalid',
  env: OtelkitEnvSource = activeEnv(),
): Record<string, string> {
  const def = definitionOf(name);
  const value = raw(def, env);
  if (value === undefined || value === '') return {};
  const { pairs, problems } = parseKeyValueList(value, mode === 'skip-invalid');
  if (problems.length === 0) return pairs;
  if (mode === 'all-or-nothing') {
    warnOnce(`env:${def.name}:${value}`, `${def.name} is malformed (${problems.join('; ')}); the whole value is ignored.`);
    return {};
  }
  warnOnce(`env:${def.name}:${value}`, `${def.name}: ${problems.join('; ')}; those pairs are skipped.`);
  return pairs;
}
