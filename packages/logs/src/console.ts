/**
 * Opt-in correlation of `console.*` (OTELKIT_CONSOLE_CORRELATION). `text` appends
 * `trace_id=… span_id=… trace_flags=…` to lines written inside a span; `json` writes every console
 * call as one line of the ready JSON format. Output outside spans is unchanged in `text` mode.
 */
import { traceFlagsHex } from '@otelkit/core';
import { format } from 'node:util';
import { escapeLineSeparators } from './escape.js';
import { REDACTED } from './redact.js';
import { serviceFields } from './settings.js';
import { scopedFields } from './state.js';
import { activeSpanContext } from './trace-fields.js';
import type { OtelkitConsoleMode } from './types.js';

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace';
const METHODS: Readonly<Record<ConsoleMethod, string>> = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE' };

/** One console call as a ready-format JSON line (without the newline). */
function jsonLine(level: string, args: unknown[], service: Record<string, string>, redacted: ReadonlySet<string>): string {
  const record: Record<string, unknown> = { timestamp: new Date().toISOString(), level, logger: 'console', message: format(...args) };
  const sc = activeSpanContext();
  if (sc !== undefined) {
    record['trace_id'] = sc.traceId;
    record['span_id'] = sc.spanId;
    record['trace_flags'] = traceFlagsHex(sc.traceFlags);
  }
  Object.assign(record, service);
  const scoped = scopedFields();
  if (scoped !== undefined) for (const key of Object.keys(scoped)) if (!(key in record)) record[key] = redacted.has(key.toLowerCase()) ? REDACTED : scoped[key];
  return escapeLineSeparators(JSON.stringify(record));
}

/**
 * Correlate `console.*` output. Returns a function that restores the original methods (unless
 * someone replaced them since).
 */
export function correlateConsole(mode: OtelkitConsoleMode, redacted: ReadonlySet<string> = new Set()): () => void {
  const target = console as unknown as Record<ConsoleMethod, (...args: unknown[]) => void>;
  const restores: (() => void)[] = [];
  const service = mode === 'json' ? serviceFields({}) : {};
  for (const method of Object.keys(METHODS) as ConsoleMethod[]) {
    const original = target[method];
    if (typeof original !== 'function') continue;
    const level = METHODS[method];
    const wrapped = function otelkitConsole(this: unknown, ...args: unknown[]): void {
      if (mode === 'json' && method !== 'trace') {
        let line: string;
        try {
          line = jsonLine(level, args, service, redacted);
        } catch {
          original.apply(this, args);
          return;
        }
        original.call(this, line);
        return;
      }
      const sc = activeSpanContext();
      if (sc === undefined) original.apply(this, args);
      else original.call(this, ...args, `trace_id=${sc.traceId} span_id=${sc.spanId} trace_flags=${traceFlagsHex(sc.traceFlags)}`);
    };
    target[method] = wrapped;
    restores.push(() => {
      if (target[method] === wrapped) target[method] = original;
    });
  }
  return () => {
    for (const restore of restores) restore();
  };
}
