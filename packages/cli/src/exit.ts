/** Exit codes of every otelkit command (documented in README.md and in `otelkit --help`). */
export const EXIT_OK = 0;
/** The command ran and found a problem (doctor: a check failed; validate: the file is invalid). */
export const EXIT_PROBLEM = 1;
/** The command line itself is wrong: unknown command or option, missing or invalid argument. */
export const EXIT_USAGE = 2;

/** Thrown by a command for a bad argument value that the parser cannot check; exits with {@link EXIT_USAGE}. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Thrown by a command for a problem it reports as one line (file, field, problem); exits with {@link EXIT_PROBLEM}. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
}
