import type { TraceState } from '@opentelemetry/api';
import { trimOws } from './util.js';

const MAX_MEMBERS = 32;
const MAX_LENGTH = 512;
const LONG_MEMBER = 128;
// The key grammar of the current W3C Trace Context text and its test suite: a lowercase letter or
// digit, then up to 255 of lowercase letters, digits, `_ - * / @` (so `tenant@system` keys, and
// `@` anywhere after the first character).
const KEY = /^[a-z0-9][a-z0-9_\-*/@]{0,255}$/;
// value = 0*255(chr) nblk-chr: printable ASCII without ',' and '=', not ending in a space.
const VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

type Entry = readonly [key: string, value: string];

// Hands already-validated entries to the constructor without re-parsing (set only synchronously).
let trustedEntries: readonly Entry[] | undefined;
// The class's own way to build a list from validated entries, for sanitizeTraceState().
let fromEntries: (entries: readonly Entry[]) => OtelkitTraceState;

/** True when `key` is a valid W3C tracestate key (`tenant@system` keys included). */
export function isValidTraceStateKey(key: string): boolean {
  return typeof key === 'string' && KEY.test(key);
}

/** True when `value` is a valid W3C tracestate value. */
export function isValidTraceStateValue(value: string): boolean {
  return typeof value === 'string' && VALUE.test(value);
}

/**
 * An immutable W3C `tracestate` list. Every instance respects the W3C limits: at most 32 members
 * and at most 512 characters serialised.
 */
export class OtelkitTraceState implements TraceState {
  readonly #entries: readonly Entry[];
  #serialized: string | undefined;

  /**
   * Parse a raw `tracestate` header (see {@link parseTraceState}); empty when omitted.
   */
  constructor(raw?: string | string[]) {
    this.#entries = trustedEntries ?? (raw === undefined ? [] : parseEntries(raw, true));
  }

  /**
   * A copy with `key` set and moved to the front. An invalid key or value returns this list
   * unchanged; members beyond the limits are dropped from the end.
   */
  set(key: string, value: string): OtelkitTraceState {
    if (!isValidTraceStateKey(key) || !isValidTraceStateValue(value)) return this;
    if (key.length + 1 + value.length > MAX_LENGTH) return this;
    const next: Entry[] = [[key, value]];
    for (const entry of this.#entries) if (entry[0] !== key) next.push(entry);
    return OtelkitTraceState.#of(fitLimits(next, 1));
  }

  /** A copy without `key` (this list when the key is absent). */
  unset(key: string): OtelkitTraceState {
    if (this.get(key) === undefined) return this;
    return OtelkitTraceState.#of(this.#entries.filter((entry) => entry[0] !== key));
  }

  /** The value for `key`, if present. */
  get(key: string): string | undefined {
    for (const entry of this.#entries) if (entry[0] === key) return entry[1];
    return undefined;
  }

  /** The header value: `key=value` members joined by `,`, most recent first. */
  serialize(): string {
    return (this.#serialized ??= this.#entries.map((entry) => `${entry[0]}=${entry[1]}`).join(','));
  }

  /** Number of members. */
  get size(): number {
    return this.#entries.length;
  }

  static {
    fromEntries = (entries) => OtelkitTraceState.#of(entries);
  }

  /** A list from entries already validated (set, unset, sanitizeTraceState). */
  static #of(entries: readonly Entry[]): OtelkitTraceState {
    trustedEntries = entries;
    try {
      return new OtelkitTraceState();
    } finally {
      trustedEntries = undefined;
    }
  }
}


/**
 * Parse `tracestate` header values per W3C, as its test suite checks at its strict level: a list
 * with an invalid member, or with more than 32 members, is discarded whole (a list-member the
 * vendor could not read must not be passed on, and dropping single members would pass on a list
 * its writer never wrote). Empty members are ignored and a duplicated key keeps its first value.
 * When the list exceeds 512 characters, members longer than 128 characters are dropped first,
 * then members from the end, as the specification allows. Several header values are joined with `,`.
 */
export function parseTraceState(raw: string | string[] | undefined): OtelkitTraceState {
  return new OtelkitTraceState(raw ?? []);
}

/**
 * A TraceState of another implementation (the SDK's, an app's) on its way out: its valid members,
 * at most 32, within 512 characters. Lenient where parsing a header is strict, because the list
 * was made in this process and only its bad members need to go.
 */
export function sanitizeTraceState(serialized: string): OtelkitTraceState {
  return fromEntries(parseEntries(serialized, false));
}

/** `strict`: an incoming header, discarded whole when a member is invalid or there are more than 32. */
function parseEntries(raw: string | string[], strict: boolean): Entry[] {
  const text = Array.isArray(raw) ? raw.join(',') : raw;
  const entries: Entry[] = [];
  if (typeof text !== 'string') return entries;
  let start = 0;
  let members = 0;
  while (start <= text.length) {
    let end = text.indexOf(',', start);
    if (end === -1) end = text.length;
    const member = trimOws(text.slice(start, end));
    start = end + 1;
    if (member === '') continue;
    if (++members > MAX_MEMBERS) {
      if (strict) return [];
      break;
    }
    const eq = member.indexOf('=');
    const key = eq <= 0 ? '' : member.slice(0, eq);
    const value = member.slice(eq + 1);
    if (!isValidTraceStateKey(key) || !isValidTraceStateValue(value)) {
      if (strict) return [];
      members--;
      continue;
    }
    if (entries.some((entry) => entry[0] === key)) continue;
    entries.push([key, value]);
  }
  return fitLimits(entries, 0);
}

/**
 * Apply the W3C limits in place: 32 members, then 512 characters by dropping long (>128)
 * members from the end first, then any member from the end. The first `keep` members stay.
 */
function fitLimits(entries: Entry[], keep: number): Entry[] {
  if (entries.length > MAX_MEMBERS) entries.length = MAX_MEMBERS;
  let total = entries.length - 1;
  for (const entry of entries) total += memberLength(entry);
  while (total > MAX_LENGTH && entries.length > keep) {
    let drop = entries.length - 1;
    for (let i = entries.length - 1; i >= keep; i--) {
      if (memberLength(entries[i]!) > LONG_MEMBER) {
        drop = i;
        break;
      }
    }
    total -= memberLength(entries[drop]!) + 1;
    entries.splice(drop, 1);
  }
  return entries;
}

function memberLength(entry: Entry): number {
  return entry[0].length + 1 + entry[1].length;
}
