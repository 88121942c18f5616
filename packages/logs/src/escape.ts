/**
 * JSON.stringify escapes control characters but leaves U+2028 and U+2029 raw; some log viewers and
 * JavaScript consumers treat them as line breaks, so one record could look like two (RELIABILITY T8).
 */
const SEPARATORS = /[\u2028\u2029]/g;
const HAS_SEPARATOR = /[\u2028\u2029]/;

/** True when the text holds U+2028 or U+2029. */
export function hasLineSeparator(text: string): boolean {
  // Short strings (keys, ids, most values) are cheaper to walk than to hand to the regex engine.
  if (text.length > 32) return HAS_SEPARATOR.test(text);
  for (let i = 0; i < text.length; i++) if ((text.charCodeAt(i) | 1) === 0x2029) return true;
  return false;
}

/** Escape U+2028/U+2029 in an already serialised JSON line. */
export function escapeLineSeparators(line: string): string {
  return HAS_SEPARATOR.test(line) ? line.replace(SEPARATORS, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029')) : line;
}
