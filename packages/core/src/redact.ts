/** Redaction of URLs before they are shown anywhere (`/status`, `otelkit doctor`): credentials and query values are secrets. */

/** A URL without credentials or query values. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.username !== '') url.username = 'REDACTED';
    if (url.password !== '') url.password = 'REDACTED';
    for (const key of [...new Set(url.searchParams.keys())]) url.searchParams.set(key, 'REDACTED');
    return url.toString();
  } catch {
    return '[unparsable]';
  }
}
