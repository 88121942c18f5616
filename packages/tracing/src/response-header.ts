/**
 * otelkit's own response headers (X-Trace-ID, X-Request-ID) on every response, without the checks
 * `ServerResponse#setHeader()` repeats on every call.
 *
 * setHeader() matches the name against the token grammar with a regular expression, scans the
 * value for forbidden characters and lowercases the name into a new string, each time: about a
 * fifth of what the two headers cost a request. Here each name is checked once, and the values are
 * hex ids or ids already held to a stricter pattern than the header grammar, so the entry goes
 * straight into the response's header table, in the form setHeader() gives it: the lowercase name
 * as the key, `[name, value]` as the entry. getHeader(), hasHeader(), removeHeader() and the head
 * Node writes see no difference. A response without that table (not Node's own ServerResponse, or
 * a Node that keeps its headers elsewhere) gets setHeader().
 */
import type { OtelkitHeaderTarget } from './types.js';
import { HTTP_TOKEN } from '@otelkit/core';

// Node's OutgoingMessage keeps its headers under this symbol, null until the first one is set.
const TABLE_DESCRIPTION = 'kOutHeaders';
/** The table's symbol once found; null when the first response had none. */
let table: symbol | null | undefined;
/** Header names seen so far and their lowercase form, or null for a name that is not a token. */
const checkedNames = new Map<string, string | null>();
const MAX_NAMES = 32;

type HeaderTable = Record<string, [string, string]>;

// The last two names (otelkit sets two headers on each response), answered without the map.
let nameA = '';
let lowerA: string | null = null;
let nameB = '';
let lowerB: string | null = null;

function lowercaseOf(name: string): string | null {
  if (name === nameA) return lowerA;
  if (name === nameB) return lowerB;
  const lower = checkedLowercase(name);
  nameB = nameA;
  lowerB = lowerA;
  nameA = name;
  lowerA = lower;
  return lower;
}

function checkedLowercase(name: string): string | null {
  let lower = checkedNames.get(name);
  if (lower === undefined) {
    lower = HTTP_TOKEN.test(name) ? name.toLowerCase() : null;
    if (checkedNames.size < MAX_NAMES) checkedNames.set(name, lower);
  }
  return lower;
}

function tableOf(): symbol | null {
  if (table === undefined) {
    // Read off a response of Node's own, whatever object the first caller passes.
    try {
      const probe = new (process.getBuiltinModule('node:http').OutgoingMessage)();
      table = Object.getOwnPropertySymbols(probe).find((s) => s.description === TABLE_DESCRIPTION) ?? null;
    } catch {
      table = null;
    }
  }
  return table;
}

/**
 * Set a response header whose value the caller has already restricted to visible ASCII without
 * separators that matter (a hex id, a request id matching `[A-Za-z0-9._:-]`). Throws what setHeader
 * throws (the head already sent) when it falls back to it.
 */
export function setIdHeader(res: OtelkitHeaderTarget, name: string, value: string): void {
  const lower = lowercaseOf(name);
  const symbol = lower === null ? null : tableOf();
  if (symbol === null || (res as { _header?: unknown })._header || !Object.hasOwn(res, symbol)) {
    res.setHeader(name, value);
    return;
  }
  const target = res as unknown as Record<symbol, HeaderTable | null>;
  let headers = target[symbol];
  if (headers === null || headers === undefined) target[symbol] = headers = Object.create(null) as HeaderTable;
  headers[lower!] = [name, value];
}
