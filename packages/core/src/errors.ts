/**
 * The one error catalogue of otelkit. Only explicit programmer calls throw these (bad options given
 * to a factory or to `start()`); runtime paths report through diagnostics instead.
 * Every code is documented in docs/errors.md, and a test keeps the two in step.
 */

/** Every error code otelkit can throw, with the sentence that explains it. */
export const OTELKIT_ERROR_CODES = {
  OTELKIT_ERR_INVALID_OPTION: 'An option passed to an otelkit function has the wrong type or an out-of-range value.',
  OTELKIT_ERR_UNKNOWN_OPTION: 'An option object contains a key that the function does not know (often a typo).',
  OTELKIT_ERR_INVALID_HEADER_NAME: 'A response header name given to otelkit is not a valid HTTP token.',
  OTELKIT_ERR_ALREADY_SHUT_DOWN: 'An operation that needs a running SDK was called after shutdown() completed.',
  OTELKIT_ERR_MISSING_PEER: 'A function needs an optional peer dependency (such as pino) that is not installed.',
  OTELKIT_ERR_DUPLICATE_CHECK: 'A health check with this name is already registered.',
  OTELKIT_ERR_INVALID_SLO: 'An SLO spec given to the mixin generator cannot be read, or a field is missing, unknown or out of range.',
} as const;

/** A code from the otelkit error catalogue. */
export type OtelkitErrorCode = keyof typeof OTELKIT_ERROR_CODES;

const BRAND = Symbol.for('otelkit.error.v1');

/** Options for {@link OtelkitError}. */
export interface OtelkitErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * Error thrown by explicit otelkit calls. `instanceof` works across duplicate installs of
 * `@otelkit/core`, because it checks a global brand instead of the prototype chain.
 */
export class OtelkitError extends Error {
  readonly code: OtelkitErrorCode;

  constructor(code: OtelkitErrorCode, message: string, options: OtelkitErrorOptions = {}) {
    super(`${code}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OtelkitError';
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** Build an {@link OtelkitError} for an invalid option value. */
export function invalidOption(name: string, expected: string, got: unknown): OtelkitError {
  return new OtelkitError('OTELKIT_ERR_INVALID_OPTION', `option "${name}" must be ${expected}, got ${describe(got)}`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
