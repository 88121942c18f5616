/**
 * otelkit's serializer against upstream's PrometheusSerializer on the same collected data. Both
 * outputs are parsed into (family, type, series, value) tuples; they must agree except for the
 * differences listed in packages/metrics/README.md ("Differences from upstream's serializer"),
 * each of which is asserted here on its own.
 */
import { metrics } from '@opentelemetry/api';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { installTestMeter, type TestMeter } from '@otelkit/testing/metrics';
import { parseExposition, seriesKey, type Exposition } from '@otelkit/testing/prometheus';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serializePrometheus } from './serialize.js';

let m: TestMeter;
beforeEach(() => {
  m = installTestMeter();
});
afterEach(async () => {
  await m.close();
});

/** Both serializations of one collection. */
async function both(): Promise<{ ours: string; upstream: string }> {
  const collected = await m.collect();
  return { ours: serializePrometheus(collected), upstream: new PrometheusSerializer().serialize(collected) };
}

/** Intended difference 1: otelkit appends the unit to the name (upstream does not); upstream name → ours. */
type Renames = Readonly<Record<string, string>>;

/** `family|type|series|value` per sample, plus `family|type|HELP|text` per family; upstream names renamed. */
function tuples(exposition: Exposition, renames: Renames = {}): string[] {
  const rename = (name: string): string => {
    for (const [from, to] of Object.entries(renames)) {
      if (name === from) return to;
      for (const suffix of ['_bucket', '_sum', '_count']) if (name === from + suffix) return to + suffix;
    }
    return name;
  };
  const out: string[] = [];
  for (const [name, family] of exposition.families) {
    // Intended difference 2: upstream writes "description missing" where the instrument has none.
    const help = family.help === 'description missing' ? '' : family.help;
    out.push(`${rename(name)}|${family.type}|HELP|${help}`);
  }
  for (const s of exposition.samples) out.push(`${rename(s.family)}|${s.type}|${seriesKey({ name: rename(s.name), labels: s.labels })}|${String(s.value)}`);
  return out.sort();
}

/** What one side has and the other lacks. */
function difference(ours: string[], upstream: string[]): { onlyOurs: string[]; onlyUpstream: string[] } {
  const a = new Set(ours);
  const b = new Set(upstream);
  return { onlyOurs: ours.filter((t) => !b.has(t)), onlyUpstream: upstream.filter((t) => !a.has(t)) };
}

function record(): Renames {
  const attrs = { 'shop.region': 'eu-west', note: 'say "hi" \\ then\nnewline', ok: true, code: 200, tags: ['a', 'b'] };
  const shop = metrics.getMeter('shop', '1.4.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' });
  const legacy = metrics.getMeter('shop-legacy'); // no version: both leave otel_scope_version out
  for (const meter of [shop, legacy]) {
    // The same instrument names in two scopes: one family each, series told apart by scope.
    meter.createCounter('orders.placed', { description: 'Orders placed.' }).add(3, attrs);
    meter.createHistogram('request.duration', { unit: 's', description: 'Request time.', advice: { explicitBucketBoundaries: [0.1, 0.5, 1] } }).record(0.3, { route: '/a' });
  }
  legacy.createHistogram('request.duration', { unit: 's', description: 'Request time.', advice: { explicitBucketBoundaries: [0.1, 0.5, 1] } }).record(7, { route: '/a' });
  shop.createCounter('bytes.sent', { unit: 'By', description: 'Bytes sent.' }).add(1024, { peer: 'x' });
  shop.createCounter('requests_total', { description: 'Already ends in _total.' }).add(9);
  const depth = shop.createUpDownCounter('queue.depth', { unit: '{item}', description: 'Items waiting.' });
  depth.add(5, { queue: 'q1' });
  depth.add(-2, { queue: 'q1' });
  depth.add(-1, { queue: 'q2' });
  shop.createObservableGauge('cpu.share', { unit: '1', description: 'Share of a core.' }).addCallback((r) => {
    r.observe(0.25, { core: 0 });
    r.observe(Number.POSITIVE_INFINITY, { core: 1 });
  });
  shop.createGauge('temperature', { unit: 'Cel' }).record(-3.5, { room: 'cold "store"' }); // no description
  return { bytes_sent_total: 'bytes_sent_bytes_total', request_duration: 'request_duration_seconds', cpu_share: 'cpu_share_ratio', temperature: 'temperature_celsius' };
}

describe('otelkit and upstream PrometheusSerializer on the same collection', () => {
  it('agree on every family, type, help, series and value, once upstream names carry the unit', async () => {
    const renames = record();
    const { ours, upstream } = await both();
    const a = parseExposition(ours);
    const b = parseExposition(upstream);
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
    const diff = difference(tuples(a), tuples(b, renames));
    expect(diff).toEqual({ onlyOurs: [], onlyUpstream: [] });
    // Intended difference 3: upstream adds OpenMetrics `# UNIT` comments, which text format 0.0.4 does not have.
    expect(upstream).toContain('# UNIT request_duration s\n');
    expect(ours).not.toContain('# UNIT');

    // The comparison covered what it claims to: both scopes, histograms, up-down counters, escapes.
    const keys = a.samples.map((s) => seriesKey(s));
    expect(a.samples.length).toBeGreaterThanOrEqual(20);
    expect(keys.filter((k) => k.startsWith('orders_placed_total{'))).toHaveLength(2);
    expect(keys).toContain('request_duration_seconds_bucket{le="0.5",otel_scope_name="shop",otel_scope_schema_url="https://opentelemetry.io/schemas/1.26.0",otel_scope_version="1.4.0",route="/a"}');
    expect(a.samples.find((s) => s.name === 'request_duration_seconds_count' && s.labels['otel_scope_name'] === 'shop-legacy')?.value).toBe(2);
    expect(a.samples.find((s) => s.name === 'queue_depth' && s.labels['queue'] === 'q2')?.value).toBe(-1);
    expect(a.samples.find((s) => s.name === 'orders_placed_total')?.labels).toMatchObject({ note: 'say "hi" \\ then\nnewline', ok: 'true', code: '200', tags: '["a","b"]' });
    expect(a.families.get('queue_depth')?.type).toBe('gauge');
  });

  it('would notice a changed value, a missing scope label or a missing series', async () => {
    const renames = record();
    const { ours, upstream } = await both();
    const reference = tuples(parseExposition(upstream), renames);
    const broken = [
      ours.replace(/^(bytes_sent_bytes_total\{[^}]*\}) 1024$/m, '$1 1025'),
      ours.replace(/,otel_scope_name="shop-legacy"/g, ''),
      ours.replace(/^queue_depth\{queue="q2".*\n/m, ''),
    ];
    for (const text of broken) {
      expect(text).not.toBe(ours);
      const diff = difference(tuples(parseExposition(text)), reference);
      expect(diff.onlyOurs.length + diff.onlyUpstream.length).toBeGreaterThan(0);
    }
  });

  it('differ where a type conflict is resolved: otelkit keeps the first type, upstream drops the family', async () => {
    metrics.getMeter('first').createCounter('load').add(5);
    metrics.getMeter('second').createObservableGauge('load_total').addCallback((r) => r.observe(7));
    const { ours, upstream } = await both();
    const a = parseExposition(ours);
    const b = parseExposition(upstream);
    expect(a.problems).toEqual([]);
    expect(a.families.get('load_total')?.type).toBe('counter');
    expect(a.samples.filter((s) => s.family === 'load_total').map((s) => [s.labels['otel_scope_name'], s.value])).toEqual([['first', 5]]);
    expect(b.families.has('load_total')).toBe(false);
  });

  it('differ where upstream would print an invalid label or a duplicate series', async () => {
    const meter = metrics.getMeter('edge', '1');
    meter.createCounter('odd').add(1, { '0lead': 'x', 'a.b': 'dot', a_b: 'under' });
    meter.createCounter('twice.named').add(1, { k: 'v' });
    meter.createCounter('twice_named').add(2, { k: 'v' });
    meter.createCounter('hits').add(1, { 'otel.scope.name': 'spoof' });
    const { ours, upstream } = await both();
    const a = parseExposition(ours);
    expect(a.problems).toEqual([]);
    // Leading digit: `_0lead`; keys that sanitise alike: values joined with `;` (spec); the second
    // instrument of one scope under one name and point attributes posing as scope labels: left out.
    expect(a.samples.find((s) => s.name === 'odd_total')?.labels).toMatchObject({ _0lead: 'x', a_b: 'dot;under' });
    expect(a.samples.filter((s) => s.name === 'twice_named_total').map((s) => s.value)).toEqual([1]);
    expect(a.samples.find((s) => s.name === 'hits_total')?.labels).toEqual({ otel_scope_name: 'edge', otel_scope_version: '1' });
    const problems = parseExposition(upstream).problems.join('\n');
    expect(problems).toContain('invalid label name "0lead"');
    expect(problems).toContain('duplicate series twice_named_total');
    expect(problems).toMatch(/label (a_b|otel_scope_name) twice/);
  });
});
