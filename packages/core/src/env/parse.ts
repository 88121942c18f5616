/** Parsers for the structured environment values (W3C-baggage-like `key=value` lists). */
import { HTTP_TOKEN } from '../http.js';

/** Result of {@link parseKeyValueList}: the good pairs and a description of each bad one (never its value). */
export interface OtelkitKeyValueParse {
  pairs: Record<string, string>;
  problems: string[];
}

// An RFC 9110 token without '%': keys are not percent-decoded, so a '%' in a key is an encoding mistake.
const isKeyToken = (key: string): boolean => HTTP_TOKEN.test(key) && !key.includes('%');
// Visible ASCII, space and tab: what an HTTP header value may hold without being rejected by Node.
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;
const MAX_VALUE_LENGTH = 8192;

/**
 * Parse `k1=v1,k2=v2`. Keys are trimmed; values are trimmed and percent-decoded. The value is
 * everything after the first `=`, so `k=v=w` gives `v=w`.
 * @param asHeaders also require header-safe keys and values (no CR, LF or other control characters).
 */
export function parseKeyValueList(text: string, asHeaders: boolean): OtelkitKeyValueParse {
  const pairs: Record<string, string> = {};
  const problems: string[] = [];
  text.split(',').forEach((item, index) => {
    if (item.trim() === '') return;
    const eq = item.indexOf('=');
    const where = `pair ${index + 1}`;
    if (eq < 0) {
      problems.push(`${where} has no "="`);
      return;
    }
    const key = item.slice(0, eq).trim();
    if (key === '') {
      problems.push(`${where} has an empty key`);
      return;
    }
    if (asHeaders && !isKeyToken(key)) {
      problems.push(`${where} has an invalid key`);
      return;
    }
    let value: string;
    try {
      value = decodeURIComponent(item.slice(eq + 1).trim());
    } catch {
      problems.push(`${where} (key ${JSON.stringify(key)}) has invalid percent-encoding`);
      return;
    }
    if (asHeaders && (value === '' || !HEADER_VALUE.test(value) || value.length > MAX_VALUE_LENGTH)) {
      problems.push(`${where} (key ${JSON.stringify(key)}) has an empty, over-long or non-printable value`);
      return;
    }
    pairs[key] = value;
  });
  return { pairs, problems };
}
