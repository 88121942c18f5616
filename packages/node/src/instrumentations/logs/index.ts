/**
 * otelkit's own pino, winston and bunyan instrumentations. They replace the upstream ones under the
 * same names: correlation goes through @otelkit/logs (a cheap mixin for pino, a write wrapper for
 * winston and bunyan) and, when OTEL_LOGS_EXPORTER asks for it, the same hook sends log records.
 * @opentelemetry/instrumentation is loaded only when one of the loggers is first required.
 */
import type * as InstrumentationApi from '@opentelemetry/instrumentation';
import type { Instrumentation, InstrumentationConfig } from '@opentelemetry/instrumentation';
import { OTELKIT_VERSION, warnOnce } from '@otelkit/core';
import { correlatePinoLogger, wrapBunyanEmit, wrapWinstonWrite } from '@otelkit/logs';
import { instrumentationApi } from '../instrumentation-api.js';

const NAMES = new Set(['pino', 'winston', 'bunyan']);

/** True for the log instrumentations otelkit implements itself. */
export function isLogInstrumentation(name: string): boolean {
  return NAMES.has(name);
}

type Exports = Record<string | symbol, unknown>;

function isEsm(moduleExports: Exports): boolean {
  return moduleExports[Symbol.toStringTag] === 'Module';
}

type PinoFactory = ((...args: unknown[]) => Record<symbol, unknown>) & { symbols: Record<string, symbol> };

function patchPino(moduleExports: Exports): Exports {
  const original = (isEsm(moduleExports) ? moduleExports['default'] : moduleExports) as PinoFactory;
  if (typeof original !== 'function' || typeof original.symbols !== 'object') return moduleExports;
  const patched = Object.assign(function otelkitPino(this: unknown, ...args: unknown[]) {
    const logger = original.apply(this, args);
    try {
      correlatePinoLogger(logger, original);
    } catch (error) {
      warnOnce('logs:pino', `pino logger left uncorrelated (${(error as Error).message})`);
    }
    return logger;
  }, original) as PinoFactory & Exports;
  if (typeof patched['pino'] === 'function') patched['pino'] = patched;
  if (typeof patched['default'] === 'function') patched['default'] = patched;
  if (isEsm(moduleExports)) {
    if (moduleExports['pino'] !== undefined) moduleExports['pino'] = patched;
    moduleExports['default'] = patched;
    return moduleExports;
  }
  return patched;
}

function prototypeOf(moduleExports: Exports, key: string | undefined): Record<string, unknown> | undefined {
  const root = (isEsm(moduleExports) ? moduleExports['default'] : moduleExports) as Exports | undefined;
  const klass = key === undefined ? root : (root?.[key] as Exports | undefined);
  const proto = (klass as { prototype?: Record<string, unknown> } | undefined)?.prototype;
  return typeof proto === 'object' && proto !== null ? proto : undefined;
}

/** What each logger needs: module versions, and the prototype method to wrap (pino patches its factory). */
const TARGETS = {
  pino: { versions: ['>=8 <11'], method: undefined, classKey: undefined },
  winston: { versions: ['>=3 <4'], method: 'write', classKey: 'Logger' },
  bunyan: { versions: ['>=1.8 <3'], method: '_emit', classKey: undefined },
} as const;

const WRAPPERS: Readonly<Record<string, (original: never) => unknown>> = { write: wrapWinstonWrite, _emit: wrapBunyanEmit };

/**
 * Build otelkit's instrumentation for `name` (pino, winston or bunyan), or undefined with one
 * warning when @opentelemetry/instrumentation cannot be loaded.
 */
export function createLogInstrumentation(name: string, config: InstrumentationConfig = {}): Instrumentation | undefined {
  const target = TARGETS[name as keyof typeof TARGETS];
  if (target === undefined) return undefined;
  try {
    const api = instrumentationApi();
    class OtelkitLogInstrumentation extends api.InstrumentationBase {
      constructor() {
        super(`@otelkit/logs/${name}`, OTELKIT_VERSION, config);
      }

      protected init(): InstrumentationApi.InstrumentationNodeModuleDefinition[] {
        const method = target.method;
        const patch = (moduleExports: Exports): Exports => {
          if (method === undefined) return patchPino(moduleExports);
          const proto = prototypeOf(moduleExports, target.classKey);
          if (proto === undefined || typeof proto[method] !== 'function') {
            warnOnce(`logs:${name}:shape`, `${name} has an unexpected shape; its log lines are not correlated.`);
            return moduleExports;
          }
          if (!api.isWrapped(proto[method])) this._wrap(proto, method, WRAPPERS[method] as (original: unknown) => unknown);
          return moduleExports;
        };
        const unpatch = (moduleExports: Exports): void => {
          if (method === undefined) return;
          const proto = prototypeOf(moduleExports, target.classKey);
          if (proto !== undefined && api.isWrapped(proto[method])) this._unwrap(proto, method);
        };
        return [new api.InstrumentationNodeModuleDefinition(name, [...target.versions], patch, unpatch)];
      }
    }
    return new OtelkitLogInstrumentation();
  } catch (error) {
    warnOnce(`instr:load:${name}`, `instrumentation ${name} could not be loaded (${(error as Error).message}); ${name} runs uncorrelated.`);
    return undefined;
  }
}
