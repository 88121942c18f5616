/**
 * Progress lines on stderr for work that may take more than a second: nothing is printed for work
 * that ends sooner, so quick runs stay quiet and stdout stays clean for `--json`.
 */
const DELAY_MS = 1000;

/** Run `work`; if it is still running after a second, print `message…` on stderr (once). */
export async function withProgress<T>(message: string, work: Promise<T>): Promise<T> {
  const timer = setTimeout(() => process.stderr.write(`${message}…\n`), DELAY_MS);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
  }
}
