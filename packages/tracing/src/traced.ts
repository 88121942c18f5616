import { OtelkitError, invalidOption } from '@otelkit/core';
import { withSpan } from './span.js';
import type { OtelkitMethodDecorator, OtelkitSpanOptions } from './types.js';

/**
 * Method decorator (TC39 standard decorators) that runs each call in {@link withSpan}.
 * The span name defaults to `ClassName.method`, where `ClassName` is the class that defines the
 * method (not a subclass that inherits it).
 *
 * @example
 * ```ts
 * class Billing {
 *   @traced() async charge(id: string) {}
 * }
 * ```
 * @throws OtelkitError `OTELKIT_ERR_INVALID_OPTION` for a bad name, or when applied to something
 *   other than a method (both at class definition time, never per call).
 */
export function traced(name?: string, options?: OtelkitSpanOptions): OtelkitMethodDecorator {
  if (name !== undefined && (typeof name !== 'string' || name === '')) throw invalidOption('name', 'a non-empty string', name);
  if (options !== undefined && (typeof options !== 'object' || options === null)) throw invalidOption('options', 'an object', options);
  return <This, Args extends unknown[], Return>(
    method: (this: This, ...args: Args) => Return,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
  ): ((this: This, ...args: Args) => Return) => {
    if (context?.kind !== 'method') {
      throw new OtelkitError('OTELKIT_ERR_INVALID_OPTION', `@traced() only decorates methods, not a ${String(context?.kind)}`);
    }
    const key = context.name;
    const methodName = typeof key === 'symbol' ? `[${key.description ?? ''}]` : key;
    // Resolved on the first call: standard decorators do not see the class they decorate.
    let spanName = name;
    function tracedMethod(this: This, ...args: Args): Return {
      let current = spanName;
      if (current === undefined) {
        const owner = definingClassName(this, key, tracedMethod, context.static);
        current = `${owner ?? fallbackClassName(this, context.static)}.${methodName}`;
        if (owner !== undefined) spanName = current;
      }
      return withSpan(current, () => method.apply(this, args), options);
    }
    return tracedMethod;
  };
}

// Walk from `self` up the prototype chain to the object that owns the decorated function.
function definingClassName(self: unknown, key: string | symbol, fn: unknown, isStatic: boolean): string | undefined {
  try {
    let obj: unknown = self;
    for (let depth = 0; (typeof obj === 'object' || typeof obj === 'function') && obj !== null && depth < 64; depth++) {
      if (Object.getOwnPropertyDescriptor(obj, key)?.value === fn) {
        const cls: unknown = isStatic ? obj : (obj as { constructor?: unknown }).constructor;
        const clsName = typeof cls === 'function' ? cls.name : undefined;
        return clsName === undefined || clsName === '' ? undefined : clsName;
      }
      obj = Object.getPrototypeOf(obj);
    }
  } catch {
    // Exotic receivers (revoked proxies): fall back below.
  }
  return undefined;
}

function fallbackClassName(self: unknown, isStatic: boolean): string {
  try {
    const cls: unknown = isStatic ? self : (self as { constructor?: unknown } | null | undefined)?.constructor;
    if (typeof cls === 'function' && cls.name !== '') return cls.name;
  } catch {
    // ignore
  }
  return 'anonymous';
}
