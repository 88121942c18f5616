/** Validation of explicit options: bad values are programmer errors and throw OtelkitError. */
import { OtelkitError, invalidOption } from '@otelkit/core';

export function checkKnown(where: string, options: object, known: readonly string[]): void {
  if (typeof options !== 'object' || options === null) throw invalidOption(where, 'an object', options);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new OtelkitError('OTELKIT_ERR_UNKNOWN_OPTION', `${where} does not know option "${key}"`);
  }
}

export function positiveNumber(name: string, value: unknown, max = Number.MAX_SAFE_INTEGER): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max)) {
    throw invalidOption(name, `a positive number up to ${max}`, value);
  }
}

export function ratio(name: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || !(value > 0 && value <= 1))) throw invalidOption(name, 'a number above 0 and at most 1', value);
}

export function optionalString(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'string') throw invalidOption(name, 'a string', value);
}
