import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HTTP_DURATION_BUCKETS, OtelkitError } from '@otelkit/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PATHS } from './examples.js';
import { generateMixin } from './generate.js';
import type { RuleGroup } from './rules.js';
import { burnRateFactor } from './slo/rules.js';
import { parseSloSpec } from './slo/spec.js';
import { BURN_RATE_PAIRS } from './slo/windows.js';

const SPEC = `
service: shop
period: 30d
objectives:
  availability: 99.9
  latency: { target: 95, threshold: 0.5 }
`;

function sloError(text: string, profile?: 'semconv' | 'prometheus-classic'): string {
  try {
    parseSloSpec(text, { source: 'slo.yaml', ...(profile === undefined ? {} : { profile }) });
  } catch (error) {
    expect(error).toBeInstanceOf(OtelkitError);
    expect((error as OtelkitError).code).toBe('OTELKIT_ERR_INVALID_SLO');
    return (error as Error).message;
  }
  throw new Error('no error');
}

describe('generateMixin', () => {
  it('writes the alert rules, both examples and four dashboards without an SLO, and the SLO rules and dashboard with one', () => {
    const dashboards = ['dashboards/jobs.json', 'dashboards/overview.json', 'dashboards/pools-semaphores.json', 'dashboards/runtime.json'];
    expect([...generateMixin().files.keys()].sort()).toEqual([PATHS.alertmanagerConfig, PATHS.prometheusConfig, PATHS.alertRules, ...dashboards].sort());
    const withSlo = generateMixin({ slo: parseSloSpec(SPEC) }).files;
    expect(withSlo.has(PATHS.sloRules)).toBe(true);
    expect(withSlo.has('dashboards/slo.json')).toBe(true);
  });

  it('queries each profile by its own names', () => {
    const semconv = generateMixin({ profile: 'semconv' }).files.get(PATHS.alertRules)!;
    const classic = generateMixin({ profile: 'prometheus-classic' }).files.get(PATHS.alertRules)!;
    expect(semconv).toContain('http_server_request_duration_seconds_count{http_response_status_code=~"5.."}');
    expect(semconv).toContain('nodejs_eventloop_delay_p99_seconds');
    expect(classic).toContain('http_requests_total{status=~"5.."}');
    expect(classic).toContain('nodejs_eventloop_lag_p99_seconds');
    expect(classic).not.toContain('http_server_request_duration');
  });

  it('puts thresholds, for: durations, the selector and the runbook base where they belong', () => {
    const text = generateMixin({ thresholds: { httpErrorRatio: 0.02, jobQueueDepth: 50 }, for: { OtelkitSemaphoreLeak: '1m' }, selector: 'job="api"', runbookUrl: 'https://wiki.internal/run' }).files.get(PATHS.alertRules)!;
    const rules = (parse(text) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules);
    const alert = (name: string) => rules.find((r) => 'alert' in r && r.alert === name) as { expr: string; for: string; annotations: Record<string, string> };
    expect(alert('OtelkitHttpErrorRateHigh').expr).toMatch(/> 0\.02$/);
    expect(alert('OtelkitJobQueueDepthHigh').expr).toMatch(/job_queue_depth\{job="api"\}\) > 50$/);
    expect(alert('OtelkitSemaphoreLeak').for).toBe('1m');
    expect(alert('OtelkitTargetDown').expr).toBe('up{job="api"} == 0');
    expect(alert('OtelkitPoolUtilizationHigh').annotations.runbook_url).toBe('https://wiki.internal/run#otelkitpoolutilizationhigh');
  });

  it('lists every alert it generates in the README', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const text = [...generateMixin({ slo: parseSloSpec(SPEC) }).files.values()].join('\n');
    const names = new Set([...text.matchAll(/- alert: (\w+)/g)].map((m) => m[1]!));
    expect(names.size).toBeGreaterThan(15);
    for (const name of names) expect(readme, name).toContain(`\`${name}\``);
  });

  it('rejects unknown options, alert names and bad values, naming them', () => {
    expect(() => generateMixin({ thresholds: { httpErrorRate: 0.1 } as never })).toThrow(/thresholds has no option "httpErrorRate"/);
    expect(() => generateMixin({ for: { OtelkitNope: '5m' } as never })).toThrow(/for has no option "OtelkitNope"/);
    expect(() => generateMixin({ for: { OtelkitTargetDown: 'five minutes' } })).toThrow(/for\.OtelkitTargetDown/);
    expect(() => generateMixin({ thresholds: { poolUtilization: 90 } })).toThrow(/thresholds\.poolUtilization" must be a number from 0 to 1/);
    expect(() => generateMixin({ profile: 'otel' as never })).toThrow(/profile/);
    expect(() => generateMixin({ selector: '{job="x"}' })).toThrow(/selector/);
    expect(() => generateMixin({ slo: { service: 'x', objectives: { latency: { target: 95, threshold: 2 } } } })).toThrow(OtelkitError);
  });
});

describe('SLO burn-rate factors', () => {
  it('are 14.4, 6, 3 and 1 for a 30-day period', () => {
    expect(BURN_RATE_PAIRS.map((p) => burnRateFactor(p, '30d'))).toEqual([14.4, 6, 3, 1]);
  });

  it('scale with the period (budget share × period / long window)', () => {
    expect(BURN_RATE_PAIRS.map((p) => burnRateFactor(p, '28d'))).toEqual([13.44, 5.6, 2.8, 0.9333333333333333]);
    expect(BURN_RATE_PAIRS.map((p) => burnRateFactor(p, '7d'))).toEqual([3.36, 1.4, 0.7, 0.23333333333333334]);
  });

  it('appear in the alert expressions with the budget, and the 28d period names its own ratio window', () => {
    const text = generateMixin({ slo: parseSloSpec(SPEC.replace('30d', '28d')) }).files.get(PATHS.sloRules)!;
    expect(text).toContain('slo:sli_error:ratio_rate1h{slo="shop-availability"} > (13.44 * 0.001) and slo:sli_error:ratio_rate5m{slo="shop-availability"} > (13.44 * 0.001)');
    expect(text).toContain('slo:sli_error:ratio_rate3d{slo="shop-latency"} > (0.9333333333333333 * 0.05)');
    expect(text).toContain('record: slo:sli_error:ratio_rate28d');
    expect(text).toContain('vector(28)');
  });

  it('records the error ratio over every window for each objective', () => {
    const text = generateMixin({ slo: parseSloSpec(SPEC) }).files.get(PATHS.sloRules)!;
    for (const w of ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']) expect(text.match(new RegExp(`record: slo:sli_error:ratio_rate${w}\\n`, 'g'))).toHaveLength(2);
    expect(text).toContain('le="0.5"');
  });
});

describe('SLO spec', () => {
  it('reads YAML and JSON alike', () => {
    const fromJson = parseSloSpec(JSON.stringify({ service: 'shop', period: '30d', objectives: { availability: 99.9, latency: { target: 95, threshold: 0.5 } } }));
    expect(fromJson).toEqual(parseSloSpec(SPEC));
    expect(fromJson).toEqual({ service: 'shop', period: '30d', objectives: { availability: 99.9, latency: { target: 95, threshold: 0.5 } } });
  });

  it('names the nearest bucket boundaries of a latency threshold that is not one', () => {
    expect(sloError(SPEC.replace('threshold: 0.5', 'threshold: 2'))).toBe(
      'OTELKIT_ERR_INVALID_SLO: slo.yaml: objectives.latency.threshold: 2 s is not a bucket boundary of http.server.request.duration, so no series counts the requests under it; the nearest are 1 and 2.5',
    );
    expect(sloError(SPEC.replace('threshold: 0.5', 'threshold: 2'), 'prometheus-classic')).toContain('of http_request_duration,');
    expect(sloError(SPEC.replace('threshold: 0.5', 'threshold: 60'))).toContain(`the largest is ${HTTP_DURATION_BUCKETS.at(-1)}`);
    expect(sloError(SPEC.replace('threshold: 0.5', 'threshold: 0.001'))).toContain('the smallest is 0.005');
  });

  it('names the field of every other problem', () => {
    expect(sloError('service: shop\nobjectivs: {}')).toBe('OTELKIT_ERR_INVALID_SLO: slo.yaml: objectivs: unknown field (known: service, period, selector, objectives)');
    expect(sloError(SPEC.replace('availability: 99.9', 'availability: 100'))).toContain('objectives.availability: must be a percentage above 0 and below 100');
    expect(sloError(SPEC.replace('availability: 99.9', 'availability: "99.9%"'))).toContain('objectives.availability: must be a percentage above 0 and below 100 (e.g. 99.9), got "99.9%"');
    expect(sloError(SPEC.replace('target: 95', 'target: 0'))).toContain('objectives.latency.target:');
    expect(sloError(SPEC.replace('threshold: 0.5', 'threshold: fast'))).toContain('objectives.latency.threshold: must be a duration in seconds');
    expect(sloError(SPEC.replace('latency: {', 'latency: { p95: 1,'))).toContain('objectives.latency.p95: unknown field (known: target, threshold)');
    expect(sloError(SPEC.replace('30d', 'a month'))).toContain('period: must be a duration such as 30d or 4w, got "a month"');
    expect(sloError(SPEC.replace('30d', '2d'))).toContain('period: must be longer than the longest alert window (3d)');
    expect(sloError(SPEC.replace('service: shop', 'service: "my shop"'))).toContain('service: must be a name');
    expect(sloError('service: shop\nobjectives: {}')).toContain('objectives: must set availability, latency or both');
    expect(sloError('service: shop')).toContain('objectives: must be a mapping of availability, latency, got nothing');
    expect(sloError('- 1\n- 2')).toContain('slo.yaml: must be a mapping');
    expect(sloError(`${SPEC}\nselector: '{job="x"}'`)).toContain('selector: must be label matchers without braces');
  });

  it('reports YAML syntax errors with the file name', () => {
    expect(sloError('service: shop\n  objectives: [')).toMatch(/^OTELKIT_ERR_INVALID_SLO: slo\.yaml: not valid YAML or JSON: /);
    expect(sloError('service: a\nservice: b\nobjectives: { availability: 99 }')).toMatch(/not valid YAML or JSON: .*[Mm]ap keys must be unique/);
  });
});
