/**
 * pino correlation, two ways: a mixin (the explicit helper; pino merges and serialises its object on
 * every line), and, cheaper, {@link correlatePinoLogger}, which splices the fields into the line as
 * one cached string (what the preload installs). A write wrapper also sends lines as OpenTelemetry
 * log records when sending is on.
 */
import { isSpanContextValid, trace, context, type Context, type SpanContext } from '@opentelemetry/api';
import { traceFlagsHex } from '@otelkit/core';
import { emitLogRecord, sendingEnabled, severityFromPinoLevel } from './emit.js';
import { escapeLineSeparators } from './escape.js';
import { redactSet } from './redact.js';
import { LOG_FIELDS_CONTEXT_KEY, state, scopedFields } from './state.js';
import type { OtelkitLogFields } from './types.js';

/** Marks otelkit's mixin so that a logger is never correlated twice (helper plus preload). */
export const OTELKIT_PINO_MIXIN = Symbol.for('otelkit.logs.pino-mixin');

/** A pino mixin: `(mergeObject, level, logger) => fields`. */
export type OtelkitPinoMixin = ((mergeObject: object, level: number, logger?: unknown) => Record<string, unknown>) & { [OTELKIT_PINO_MIXIN]?: true };

/** A pino mixin merge strategy. */
export type OtelkitPinoMergeStrategy = (mergeObject: object, mixinObject: object) => object;

// Returned when there is nothing to add; the merge strategy below recognises it and allocates nothing.
const NOTHING: Record<string, unknown> = Object.freeze({});
// Validating ids costs two regex tests; a span context object is immutable, so remember the last one.
let lastValid: SpanContext | undefined;

function otelkitMixin(shared: boolean): Record<string, unknown> {
  try {
    const active = context.active();
    const scoped = scopedFields(active);
    const span = trace.getSpan(active);
    let sc: SpanContext | undefined;
    if (span !== undefined) {
      sc = span.spanContext();
      if (sc !== lastValid) {
        if (isSpanContextValid(sc)) lastValid = sc;
        else sc = undefined;
      }
    }
    if (sc === undefined) return scoped !== undefined ? { ...scoped } : shared ? NOTHING : {};
    const out: Record<string, unknown> = { trace_id: sc.traceId, span_id: sc.spanId, trace_flags: traceFlagsHex(sc.traceFlags) };
    if (scoped !== undefined) for (const key in scoped) out[key] = scoped[key];
    return out;
  } catch {
    return shared ? NOTHING : {};
  }
}

function markedMixin(shared: boolean): OtelkitPinoMixin {
  const mixin = ((_mergeObject: object, _level: number) => otelkitMixin(shared)) as OtelkitPinoMixin;
  mixin[OTELKIT_PINO_MIXIN] = true;
  return mixin;
}

/**
 * The correlation mixin for pino: adds `trace_id`, `span_id`, `trace_flags` and the
 * request-scoped fields. Fields the call passes win over the mixin's.
 * @example
 * const logger = pino({ mixin: pinoMixin() });
 */
export function pinoMixin(): OtelkitPinoMixin {
  return markedMixin(false);
}

/**
 * The mixin and its merge strategy together: cheaper than {@link pinoMixin} alone, because nothing
 * is allocated for lines written outside a span and any log scope.
 * @example
 * const logger = pino({ ...pinoCorrelation(), level: 'info' });
 */
export function pinoCorrelation(): { mixin: OtelkitPinoMixin; mixinMergeStrategy: OtelkitPinoMergeStrategy } {
  return { mixin: markedMixin(true), mixinMergeStrategy: pinoMergeStrategy };
}

/** pino's default merge, minus the copy when the mixin has nothing to add. */
export const pinoMergeStrategy: OtelkitPinoMergeStrategy = (mergeObject, mixinObject) =>
  mixinObject === NOTHING ? mergeObject : Object.assign(mixinObject, mergeObject);

/** True when the mixin is otelkit's (directly or combined with the user's). */
export function isOtelkitPinoMixin(mixin: unknown): boolean {
  return typeof mixin === 'function' && (mixin as OtelkitPinoMixin)[OTELKIT_PINO_MIXIN] === true;
}

/**
 * Combine otelkit's mixin with a user mixin; the user's fields win. `shared` may only be true when
 * the logger merges with {@link pinoMergeStrategy}.
 */
export function combinePinoMixin(user: OtelkitPinoMixin | undefined, shared: boolean): OtelkitPinoMixin {
  if (user === undefined) return markedMixin(shared);
  if (isOtelkitPinoMixin(user)) return user;
  const combined = ((mergeObject: object, level: number, logger?: unknown) => {
    const own = otelkitMixin(true);
    const theirs = user(mergeObject, level, logger);
    return own === NOTHING ? theirs : Object.assign(own, theirs);
  }) as OtelkitPinoMixin;
  combined[OTELKIT_PINO_MIXIN] = true;
  return combined;
}

interface PinoLike {
  levels?: { labels?: Record<number, string> };
  bindings?: () => Record<string, unknown>;
  [key: symbol]: unknown;
}
type PinoWrite = (this: PinoLike, obj: Record<string, unknown>, msg: unknown, num: number) => void;

// A child logger's bindings, parsed once per logger and bindings string (pino keeps them
// serialised; setBindings() gives a new string).
const parsedBindings = new WeakMap<object, { text: unknown; bindings: Readonly<Record<string, unknown>> | undefined }>();

function childBindings(logger: PinoLike, chindingsSym: symbol | undefined): Readonly<Record<string, unknown>> | undefined {
  if (typeof logger.bindings !== 'function') return undefined;
  const text = chindingsSym === undefined ? undefined : logger[chindingsSym];
  const cached = text === undefined ? undefined : parsedBindings.get(logger);
  if (cached !== undefined && cached.text === text) return cached.bindings;
  let bindings: Readonly<Record<string, unknown>> | undefined;
  try {
    // pid and hostname are left out by pino itself: they are the resource's.
    const parsed = logger.bindings();
    bindings = parsed !== null && typeof parsed === 'object' && Object.keys(parsed).length > 0 ? parsed : undefined;
  } catch {
    bindings = undefined;
  }
  if (text !== undefined) parsedBindings.set(logger, { text, bindings });
  return bindings;
}

/**
 * Wrap a pino write method so that each line is also sent as an OpenTelemetry log record while
 * sending is on, with the child logger's bindings among its attributes. Lines are written
 * first-hand either way.
 * @param chindingsSym pino's symbol for the serialised bindings (`pino.symbols.chindingsSym`): with
 *   it, a logger's bindings are parsed once, not per line.
 */
export function wrapPinoWrite(original: PinoWrite, redact?: readonly string[], chindingsSym?: symbol): PinoWrite {
  const keys = redactSet(redact);
  return function otelkitPinoWrite(this: PinoLike, obj, msg, num) {
    if (sendingEnabled()) {
      let body = msg;
      if (body === undefined && obj !== null && typeof obj === 'object') {
        body = obj instanceof Error ? obj.message : (obj['msg'] ?? (obj['err'] instanceof Error ? obj['err'].message : undefined));
      }
      const fields = obj instanceof Error ? { err: obj } : obj;
      emitLogRecord(severityFromPinoLevel(num), (this.levels?.labels?.[num] ?? String(num)).toUpperCase(), body ?? '', fields, keys, childBindings(this, chindingsSym));
    }
    return original.call(this, obj, msg, num);
  };
}

interface PinoModule {
  symbols: Record<string, symbol>;
}

// Serialised correlation fields, cached by identity: a span context and a log scope are immutable,
// so a request's lines reuse one string instead of building and serialising an object per line.
let lastSpanContext: SpanContext | undefined;
let lastSpanFragment = '';
let lastScope: Readonly<Record<string, unknown>> | undefined;
let lastScopeFragment = '';

function scopeFragment(scope: Readonly<Record<string, unknown>>): string {
  let out = '';
  for (const key of Object.keys(scope)) {
    try {
      const value = JSON.stringify(scope[key]);
      if (value !== undefined) out += `,${JSON.stringify(key)}:${value}`;
    } catch {
      // A value that cannot be serialised is left out of the line.
    }
  }
  return out;
}

// The whole fragment for the last active context seen without a log scope. Contexts are immutable
// (a request's context swaps its span for one with the same ids when the span ends), so while the
// same context stays active, a line needs one lookup of the active context and nothing else.
let lastActive: Context | undefined;
let lastActiveFragment = '';

/** The correlation fields as a JSON fragment (`,"trace_id":"…",…`), or `''`. Never throws. */
export function correlationFragment(): string {
  try {
    const active = context.active();
    const ownScope = state.fields.getStore();
    if (ownScope === undefined && active === lastActive) return lastActiveFragment;
    let out = '';
    const span = trace.getSpan(active);
    if (span !== undefined) {
      const sc = span.spanContext();
      if (sc !== lastSpanContext) {
        lastSpanFragment = isSpanContextValid(sc) ? `,"trace_id":"${sc.traceId}","span_id":"${sc.spanId}","trace_flags":"${traceFlagsHex(sc.traceFlags)}"` : '';
        lastSpanContext = sc;
      }
      out = lastSpanFragment;
    }
    const scope = ownScope ?? (active.getValue(LOG_FIELDS_CONTEXT_KEY) as OtelkitLogFields | undefined);
    if (scope !== undefined) {
      if (scope !== lastScope) {
        lastScopeFragment = scopeFragment(scope);
        lastScope = scope;
      }
      out += lastScopeFragment;
    }
    if (ownScope === undefined) {
      lastActive = active;
      lastActiveFragment = out;
    }
    return out;
  } catch {
    return '';
  }
}

const CORRELATED = Symbol.for('otelkit.logs.pino-correlated');
type AsJson = (this: unknown, obj: object, msg: unknown, num: number, time: string) => string;

/**
 * Correlate an existing pino logger in place (children inherit it). The fields are spliced into the
 * line right after the time as one cached string; pino's own serialisation is untouched. When
 * sending is on, lines are also sent as log records. Used by the preload; safe to call twice, and a
 * logger that already has otelkit's mixin is left as is.
 */
export function correlatePinoLogger(pinoLogger: object, pino: PinoModule, redact?: readonly string[]): void {
  // `object` in the signature: pino's Logger type has no symbol index signature, so a typed
  // `pino.Logger` would not be accepted as PinoLike.
  const logger = pinoLogger as PinoLike;
  const { mixinSym, asJsonSym, writeSym, chindingsSym } = pino.symbols;
  if (logger[CORRELATED] === true || (mixinSym !== undefined && isOtelkitPinoMixin(logger[mixinSym]))) return;
  if (asJsonSym === undefined || writeSym === undefined || typeof logger[asJsonSym] !== 'function') return;
  const asJson = logger[asJsonSym] as AsJson;
  logger[asJsonSym] = function otelkitAsJson(this: unknown, obj: object, msg: unknown, num: number, time: string): string {
    // pino leaves U+2028/U+2029 raw, as JSON.stringify does (RELIABILITY T8).
    return escapeLineSeparators(asJson.call(this, obj, msg, num, time + correlationFragment()));
  };
  logger[CORRELATED] = true;
  if (state.settings.sendToOtel) logger[writeSym] = wrapPinoWrite(logger[writeSym] as PinoWrite, redact, chindingsSym);
}
