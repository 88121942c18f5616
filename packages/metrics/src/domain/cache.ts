/** Cache metrics: `instrumentCache({ name })` → `hit()` / `miss()`, as `cache.requests{cache.result}`. */
import { invalidOption } from '@otelkit/core';
import { ProviderBound, createInstrument } from '../instruments.js';

export interface CacheInstrument {
  readonly name: string;
  hit(): void;
  miss(): void;
  /** Record a lookup by its result. */
  record(hit: boolean): void;
}

export function instrumentCache(options: { name: string }): CacheInstrument {
  if (typeof options?.name !== 'string' || options.name === '') throw invalidOption('name', 'a non-empty string', options?.name);
  const { name } = options;
  const hitAttrs = { 'cache.name': name, 'cache.result': 'hit' };
  const missAttrs = { 'cache.name': name, 'cache.result': 'miss' };
  const bound = new ProviderBound((meter) => createInstrument(meter, 'cache.requests'));
  const record = (hit: boolean): void => bound.get().add(1, hit ? hitAttrs : missAttrs);
  return { name, hit: () => record(true), miss: () => record(false), record };
}
