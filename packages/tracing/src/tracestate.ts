import type { TraceState } from '@opentelemetry/api';
import { trimOws } from './util.js';

const MAX_MEMBERS = 32;
const MAX_LENGTH = 512;
const LONG_MEMBER = 128;
// W3C Trace Context Level 1, section 3.3.1.
const SIMPLE_KEY = /^[a-z][a-z0-9_\-*/]{0,255}$/;
const MULTI_TENANT_KEY = /^[a-z0-9][a-z0-9_\-*/]{0,240}@[a-z][a-z0-9_\-*/]{0,13}$/;
// value = 0*255(chr) nblk-chr: printable ASCII without ',' and '=', not ending in a space.
const VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

type Entry = readonly [key: string, value: string];

/** True when `key` is a valid W3C tracestate key (simple or `tenant@system`). */
export function isValidTraceStateKey(key: string): boolean {
  return typeof key === 'string' && (SIMPLE_KEY.test(key) || MULTI_TENANT_KEY.test(key));
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
    this.#entries = trustedEntries ?? (raw === undefined ? [] : parseEntries(raw));
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

  static #of(entries: readonly Entry[]): OtelkitTraceState {
    trustedEntries = entries;
    try {
      return new OtelkitTraceState();
    } finally {
      trustedEntries = undefined;
    }
  }
}

// Hands already-validated entries to the constructor without re-parsing (set only synchronously).
let trustedEntries: readonly Entry[] | undefined;

/**
 * Parse `tracestate` header values per W3C. Invalid members are dropped (not the whole header),
 * empty members are ignored, a duplicated key keeps its first value, and at most 32 members are
 * kept. When the result would exceed 512 characters, members longer than 128 characters are
 * dropped first, then members from the end. Several header values are combined with `,`.
 */
export function parseTraceState(raw: string | string[] | undefined): OtelkitTraceState {
  return new OtelkitTraceState(raw ?? []);
}

function parseEntries(raw: string | string[]): Entry[] {
  const text = Array.isArray(raw) ? raw.join(',') : raw;
  const entries: Entry[] = [];
  if (typeof text !== 'string') return entries;
  let start = 0;
  // Stop at 32 valid members: anything after them would be dropped anyway.
  while (start <= text.length && entries.length < MAX_MEMBERS) {
    let end = text.indexOf(',', start);
    if (end === -1) end = text.length;
    const member = trimOws(text.slice(start, end));
    start = end + 1;
    if (member === '') continue;
    const eq = member.indexOf('=');
    if (eq <= 0) continue;
    const key = member.slice(0, eq);
    const value = member.slice(eq + 1);
    if (!isValidTraceStateKey(key) || !isValidTraceStateValue(value)) continue;
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
