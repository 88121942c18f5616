/** What the doctor prints of secrets: header names without values, URLs without credentials or query values. */
import { redactUrl } from '@otelkit/core';

/** Header names with their values replaced. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(headers).map((name) => [name, 'REDACTED']));
}

/** The URL as the user wrote it, unless it carries credentials or a query, which are redacted. */
export function displayUrl(value: string): string {
  if (!URL.canParse(value)) return value;
  const url = new URL(value);
  return url.username !== '' || url.password !== '' || url.search !== '' ? redactUrl(value) : value;
}
