/**
 * Reading and checking an SLO spec (YAML or JSON). Every problem is one `OTELKIT_ERR_INVALID_SLO`
 * naming the file, the field and what is wrong, because a spec that is half right would produce
 * rules that alert on the wrong thing without anyone noticing.
 */
import { OtelkitError, type OtelkitMetricsProfile } from '@otelkit/core';
import { parse } from 'yaml';
import { createContext } from '../context.js';
import type { SloSpec } from '../options.js';
import { durationSeconds, isDuration } from '../promql.js';
import { SLO_WINDOWS } from './windows.js';

/** Where a spec came from and which profile's histogram its latency threshold must fit. */
export interface SloSpecSource {
  /** File name for messages. */
  source?: string;
  /** Default `semconv`. */
  profile?: OtelkitMetricsProfile;
}

const SERVICE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const LONGEST_WINDOW_SECONDS = Math.max(...SLO_WINDOWS.map(durationSeconds));

class SpecReader {
  constructor(private readonly source: string | undefined) {}

  fail(field: string, problem: string): never {
    const where = this.source === undefined ? '' : `${this.source}: `;
    throw new OtelkitError('OTELKIT_ERR_INVALID_SLO', `${where}${field === '' ? '' : `${field}: `}${problem}`);
  }

  object(field: string, value: unknown, known: readonly string[]): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(field, `must be a mapping of ${known.join(', ')}, got ${describe(value)}`);
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) this.fail(field === '' ? key : `${field}.${key}`, `unknown field (known: ${known.join(', ')})`);
    }
    return value as Record<string, unknown>;
  }

  percentage(field: string, value: unknown): number {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value >= 100) {
      this.fail(field, `must be a percentage above 0 and below 100 (e.g. 99.9), got ${describe(value)}`);
    }
    return value;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : String(value);
}

/** The boundaries on either side of `value`, for the message about a threshold that is not one. */
function nearest(buckets: readonly number[], value: number): string {
  const below = buckets.filter((b) => b < value).at(-1);
  const above = buckets.find((b) => b > value);
  if (below === undefined) return `the smallest is ${above}`;
  if (above === undefined) return `the largest is ${below}`;
  return `the nearest are ${below} and ${above}`;
}

/** Check a parsed spec; returns it typed, or throws naming the first problem. */
export function validateSloSpec(value: unknown, from: SloSpecSource = {}): SloSpec {
  const r: SpecReader = new SpecReader(from.source);
  const top = r.object('', value, ['service', 'period', 'selector', 'objectives']);
  if (typeof top.service !== 'string' || !SERVICE.test(top.service)) {
    r.fail('service', `must be a name of letters, digits, '.', '-' and '_' (at most 63), got ${describe(top.service)}`);
  }
  const spec: SloSpec = { service: top.service, objectives: {} };
  if (top.period !== undefined) {
    if (!isDuration(top.period)) r.fail('period', `must be a duration such as 30d or 4w, got ${describe(top.period)}`);
    if (durationSeconds(top.period) <= LONGEST_WINDOW_SECONDS) r.fail('period', `must be longer than the longest alert window (3d), got ${top.period}`);
    spec.period = top.period;
  }
  if (top.selector !== undefined) {
    if (typeof top.selector !== 'string' || /[{}]/.test(top.selector)) {
      r.fail('selector', `must be label matchers without braces, such as job="checkout", got ${describe(top.selector)}`);
    }
    if (top.selector.trim() !== '') spec.selector = top.selector.trim();
  }
  const objectives = r.object('objectives', top.objectives, ['availability', 'latency']);
  if (objectives.availability === undefined && objectives.latency === undefined) r.fail('objectives', 'must set availability, latency or both');
  if (objectives.availability !== undefined) spec.objectives.availability = r.percentage('objectives.availability', objectives.availability);
  if (objectives.latency !== undefined) {
    const latency = r.object('objectives.latency', objectives.latency, ['target', 'threshold']);
    const target = r.percentage('objectives.latency.target', latency.target);
    const { durationInstrument, buckets } = createContext({ profile: from.profile ?? 'semconv' }).http;
    const threshold = latency.threshold;
    if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold <= 0) {
      r.fail('objectives.latency.threshold', `must be a duration in seconds above 0 (e.g. 0.5), got ${describe(threshold)}`);
    }
    if (!buckets.includes(threshold)) {
      r.fail('objectives.latency.threshold', `${threshold} s is not a bucket boundary of ${durationInstrument}, so no series counts the requests under it; ${nearest(buckets, threshold)}`);
    }
    spec.objectives.latency = { target, threshold };
  }
  return spec;
}

/** Parse an SLO spec from YAML or JSON text (JSON is read as the YAML it also is) and check it. */
export function parseSloSpec(text: string, from: SloSpecSource = {}): SloSpec {
  let value: unknown;
  try {
    value = parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const where = from.source === undefined ? '' : `${from.source}: `;
    throw new OtelkitError('OTELKIT_ERR_INVALID_SLO', `${where}not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  return validateSloSpec(value, from);
}
