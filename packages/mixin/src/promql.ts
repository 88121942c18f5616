/** Small PromQL builders: selectors, durations and numbers written the same way everywhere. */

/** `{a="b",c!=""}` from label matchers (empty ones skipped), or '' when none remain. */
export function matchers(...parts: readonly string[]): string {
  const kept = parts.map((p) => p.trim()).filter((p) => p !== '');
  return kept.length === 0 ? '' : `{${kept.join(', ')}}`;
}

/** A series selector: the metric name and its matchers. */
export function series(name: string, ...parts: readonly string[]): string {
  return `${name}${matchers(...parts)}`;
}

const DURATION = /^(?:\d+(?:ms|s|m|h|d|w|y))+$/;
const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };

/** True for a Prometheus duration such as `5m` or `1h30m`. */
export function isDuration(value: unknown): value is string {
  return typeof value === 'string' && DURATION.test(value);
}

/** Seconds in a Prometheus duration (which must be valid). */
export function durationSeconds(value: string): number {
  let total = 0;
  for (const [, n, unit] of value.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(n) * UNIT_SECONDS[unit!]!;
  return total;
}

/** A number as PromQL reads it back exactly: the shortest round-trip form JavaScript prints. */
export function num(value: number): string {
  return String(value);
}

/** A share (0 to 1) written as a percentage for prose, e.g. 0.05 → `5 %`. */
export function percent(ratio: number): string {
  return `${Number((ratio * 100).toFixed(6))} %`;
}
