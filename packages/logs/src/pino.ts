/**
 * pino correlation, two ways: a mixin (the explicit helper; pino merges and serialises its object on
 * every line), and, cheaper, {@link correlatePinoLogger}, which splices the fields into the line as
 * one cached string (what the preload installs). A write wrapper also sends lines as OpenTelemetry
 * log records when sending is on.
 */
import { isSpanContextValid, trace, context, type Context, type SpanContext } from '@opentelemetry/api';
import { traceFlagsHex } from '@otelkit/core';
import { emitLogRecord, sendingEnabled, severityFromPinoLevel } from './emit.js';
import { escapeLineSeparators, hasLineSeparator } from './escape.js';
import { redactSet } from './redact.js';
import { LOG_FIELDS_CONTEXT_KEY, ownScope as ownScopeFields, state, scopedFields } from './state.js';
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
let lastActiveScope: Readonly<Record<string, unknown>> | undefined;
// The log scope behind the fragment correlationFragment() returned last (undefined: none).
let fragmentScope: Readonly<Record<string, unknown>> | undefined;

function spanFragment(active: Context): string {
  const span = trace.getSpan(active);
  if (span === undefined) return '';
  const sc = span.spanContext();
  if (sc !== lastSpanContext) {
    lastSpanFragment = isSpanContextValid(sc) ? `,"trace_id":"${sc.traceId}","span_id":"${sc.spanId}","trace_flags":"${traceFlagsHex(sc.traceFlags)}"` : '';
    lastSpanContext = sc;
  }
  return lastSpanFragment;
}

/** The correlation fields as a JSON fragment (`,"trace_id":"…",…`), or `''`. Never throws. */
export function correlationFragment(): string {
  try {
    const active = context.active();
    const ownScope = ownScopeFields();
    if (ownScope === undefined && active === lastActive) {
      fragmentScope = lastActiveScope;
      return lastActiveFragment;
    }
    let out = spanFragment(active);
    const scope = ownScope ?? (active.getValue(LOG_FIELDS_CONTEXT_KEY) as OtelkitLogFields | undefined);
    if (scope !== undefined) {
      if (scope !== lastScope) {
        lastScopeFragment = scopeFragment(scope);
        lastScope = scope;
      }
      out += lastScopeFragment;
    }
    fragmentScope = scope;
    if (ownScope === undefined) {
      lastActive = active;
      lastActiveFragment = out;
      lastActiveScope = scope;
    }
    return out;
  } catch {
    fragmentScope = undefined;
    return '';
  }
}

/**
 * The fragment for a line whose own fields share keys with the log scope: the scope's values for
 * those keys are left out, so the line holds each key once and the call's value wins, as with the
 * mixin. Rare, so nothing is cached.
 */
function fragmentWithout(fields: Readonly<Record<string, unknown>>, scope: Readonly<Record<string, unknown>>): string {
  try {
    const kept: Record<string, unknown> = {};
    for (const key of Object.keys(scope)) if (!Object.prototype.hasOwnProperty.call(fields, key)) kept[key] = scope[key];
    return spanFragment(context.active()) + scopeFragment(kept);
  } catch {
    return '';
  }
}

/** True when the line's own fields name a key of the log scope. */
function sharesKey(fields: object, scope: Readonly<Record<string, unknown>>): boolean {
  for (const key in scope) if (Object.prototype.hasOwnProperty.call(fields, key)) return true;
  return false;
}

const CORRELATED = Symbol.for('otelkit.logs.pino-correlated');
type AsJson = (this: unknown, obj: object, msg: unknown, num: number, time: string) => string;

/** pino's symbols for what shapes a line besides the call's own arguments. */
interface LineShapers {
  formatters: symbol;
  serializers: symbol;
  stringifiers: symbol;
  wildcard: symbol;
  chindings: symbol;
  errorKey: symbol;
  messageKey: symbol;
}

function lineShapers(symbols: Record<string, symbol>): LineShapers | undefined {
  const { formattersSym, serializersSym, stringifiersSym, wildcardFirstSym, chindingsSym, errorKeySym, messageKeySym } = symbols;
  if (formattersSym === undefined || serializersSym === undefined || stringifiersSym === undefined || wildcardFirstSym === undefined
    || chindingsSym === undefined || errorKeySym === undefined || messageKeySym === undefined) return undefined;
  return { formatters: formattersSym, serializers: serializersSym, stringifiers: stringifiersSym, wildcard: wildcardFirstSym, chindings: chindingsSym, errorKey: errorKeySym, messageKey: messageKeySym };
}

/** What a logger's configuration does to a line, read once per logger and bindings string. */
interface LoggerShape {
  readonly chindings: unknown;
  /** A log formatter, wildcard redaction, or separators in the bindings: every line takes the scan. */
  readonly alwaysScan: boolean;
  /** Keys whose value a serializer or redaction rewrites: a line holding one takes the scan. */
  readonly rewrittenKeys: readonly string[];
  readonly messageRewritten: boolean;
}

const shapes = new WeakMap<object, LoggerShape>();
let lastLogger: object | undefined;
let lastShape: LoggerShape | undefined;

function readShape(logger: PinoLike, s: LineShapers, chindings: unknown): LoggerShape {
  const formatters = logger[s.formatters] as { log?: unknown } | undefined;
  const serializers = (logger[s.serializers] ?? {}) as Record<string | symbol, unknown>;
  const stringifiers = (logger[s.stringifiers] ?? {}) as Record<string | symbol, unknown>;
  const rewritten = new Set([...Object.keys(serializers), ...Object.keys(stringifiers)]);
  const errorKey = logger[s.errorKey];
  if (serializers['err'] !== undefined && typeof errorKey === 'string') rewritten.add(errorKey);
  const messageKey = logger[s.messageKey];
  return {
    chindings,
    alwaysScan: formatters?.log !== undefined || stringifiers[s.wildcard] !== undefined || (typeof chindings === 'string' && hasLineSeparator(chindings)),
    rewrittenKeys: [...rewritten],
    messageRewritten: typeof messageKey !== 'string' || rewritten.has(messageKey),
  };
}

function shapeOf(logger: PinoLike, s: LineShapers): LoggerShape {
  const chindings = logger[s.chindings];
  if (logger === lastLogger && lastShape !== undefined && lastShape.chindings === chindings) return lastShape;
  let shape = shapes.get(logger);
  if (shape === undefined || shape.chindings !== chindings) {
    shape = readShape(logger, s, chindings);
    shapes.set(logger, shape);
  }
  lastLogger = logger;
  lastShape = shape;
  return shape;
}

// The last fragment and message found free of separators: a request's lines share one fragment
// string, and most messages are literals, so most lines compare identities instead of scanning.
let lastCleanFragment = '';
let lastCleanMessage = '';
// Keys found free of separators lately. Keys are mostly literals from the code, so the same few
// come back line after line; comparing identities is cheaper than walking their characters.
const CLEAN_KEYS = 8;
const cleanKeys: string[] = new Array<string>(CLEAN_KEYS).fill('');
let nextCleanKey = 0;

function cleanKey(key: string): boolean {
  for (let i = 0; i < CLEAN_KEYS; i++) if (cleanKeys[i] === key) return true;
  if (hasLineSeparator(key)) return false;
  cleanKeys[nextCleanKey] = key;
  nextCleanKey = (nextCleanKey + 1) % CLEAN_KEYS;
  return true;
}

/**
 * True when no U+2028/U+2029 can reach the line: the message, the merged object's own primitive
 * values and keys, the child bindings and the correlation fragment are free of them, and nothing the
 * logger is configured with (a log formatter, a serializer or redaction on a key present) rewrites
 * a value. Anything else takes the scan of the finished line. Checking the parts avoids flattening
 * the line pino builds by concatenation: a sink that keeps the string as it is would otherwise pay
 * for a copy it never needed.
 */
function separatorFree(logger: PinoLike, s: LineShapers, obj: object, msg: unknown, fragment: string): boolean {
  const shape = shapeOf(logger, s);
  if (shape.alwaysScan) return false;
  if (msg !== undefined) {
    if (shape.messageRewritten) return false;
    if (typeof msg === 'string') {
      if (msg !== lastCleanMessage) {
        if (hasLineSeparator(msg)) return false;
        lastCleanMessage = msg;
      }
    } else if (typeof msg !== 'number' && typeof msg !== 'boolean') return false;
  }
  if (fragment !== lastCleanFragment) {
    if (hasLineSeparator(fragment)) return false;
    lastCleanFragment = fragment;
  }
  const rewritten = shape.rewrittenKeys;
  const records = obj as Record<string, unknown>;
  // Inherited enumerable keys are checked too (pino skips them): that can only cause a needless scan.
  for (const key in records) {
    const value = records[key];
    const type = typeof value;
    if (type === 'string') {
      if (hasLineSeparator(value as string)) return false;
    } else if (type !== 'number' && type !== 'boolean' && type !== 'undefined' && type !== 'function' && value !== null) return false;
    for (let i = 0; i < rewritten.length; i++) if (rewritten[i] === key) return false;
    if (!cleanKey(key)) return false;
  }
  return true;
}

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
  // Without the symbols (an older or changed pino), every line takes the full scan.
  const shapers = lineShapers(pino.symbols);
  logger[asJsonSym] = function otelkitAsJson(this: PinoLike, obj: object, msg: unknown, num: number, time: string): string {
    let fragment = correlationFragment();
    const scope = fragmentScope;
    if (scope !== undefined && obj !== null && typeof obj === 'object' && sharesKey(obj, scope)) fragment = fragmentWithout(obj as Record<string, unknown>, scope);
    const line = asJson.call(this, obj, msg, num, time + fragment);
    // pino leaves U+2028/U+2029 raw, as JSON.stringify does (RELIABILITY T8).
    return shapers !== undefined && separatorFree(this, shapers, obj, msg, fragment) ? line : escapeLineSeparators(line);
  };
  logger[CORRELATED] = true;
  if (state.settings.sendToOtel) logger[writeSym] = wrapPinoWrite(logger[writeSym] as PinoWrite, redact, chindingsSym);
}
