/**
 * Which request paths are never traced or counted (OTELKIT_IGNORE_PATHS and the default probe
 * paths). Exact paths are one Set lookup, as before; only a list with patterns pays for a regular
 * expression, and the default list has none.
 */
import { warnOnce } from '@otelkit/core';

export type PathMatcher = (path: string) => boolean;

const escape = (text: string): string => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** `*` matches any run of characters, `/` included; everything else is literal. */
export function createPathMatcher(entries: readonly string[]): PathMatcher {
  const exact = new Set<string>();
  const patterns: string[] = [];
  for (const entry of entries) {
    if (!entry.startsWith('/') && !entry.startsWith('*')) {
      warnOnce(`ignore-paths:${entry}`, `OTELKIT_IGNORE_PATHS: "${entry}" does not start with "/" and matches no request path; write it as "/${entry}".`);
    }
    if (entry.includes('*')) patterns.push(entry.split('*').map(escape).join('.*'));
    else exact.add(entry);
  }
  if (patterns.length === 0) return (path) => exact.has(path);
  const pattern = new RegExp(`^(?:${patterns.join('|')})$`, 's');
  return (path) => exact.has(path) || pattern.test(path);
}
