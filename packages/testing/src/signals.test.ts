import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { ROOT_CONTEXT, SeverityNumber, trace } from '@opentelemetry/api';
import { OTLPLogExporter as HttpJsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as HttpJsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedMetric } from './index.js';

let receiver: OtlpReceiver;

beforeEach(async () => {
  receiver = await startOtlpReceiver();
});

afterEach(async () => {
  await receiver.close();
});

function fixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/otlp-json/${name}`, import.meta.url));
}

async function post(path: string, body: Buffer | string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${receiver.url}${path}`, { method: 'POST', headers, body });
}

const RESOURCE = resourceFromAttributes({ 'service.name': 'signals-test' });

describe('metrics from the upstream exporters', () => {
  it('normalises protobuf and JSON exports of the same collection identically', async () => {
    const readers = [
      new ProtoMetricExporter({ url: `${receiver.url}/v1/metrics` }),
      new HttpJsonMetricExporter({ url: `${receiver.url}/v1/metrics` }),
    ].map((exporter) => new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 }));
    const provider = new MeterProvider({ resource: RESOURCE, readers });
    const meter = provider.getMeter('signals-meter', '0.0.1');
    meter.createCounter('jobs.done', { unit: '{job}', description: 'Jobs finished' }).add(3, { queue: 'q1' });
    meter.createHistogram('job.duration', { unit: 's' }).record(0.25, { queue: 'q1' });
    meter.createUpDownCounter('jobs.active').add(-2);
    await provider.forceFlush();
    await provider.shutdown();

    const metrics = await receiver.waitForMetrics(6, { timeoutMs: 3000 });
    const [protobuf, json] = [0, 1].map((i) => receiver.requests()[i]!.contentType);
    expect([protobuf, json].sort()).toEqual(['application/json', 'application/x-protobuf']);

    // Each reader reads the same instruments; only collection timestamps may differ.
    const withoutTimes = (m: ReceivedMetric): unknown => ({
      ...m,
      dataPoints: m.dataPoints.map(({ timeUnixNano: _t, ...rest }) => rest),
    });
    const byName = (list: ReceivedMetric[]): Map<string, unknown> => new Map(list.map((m) => [m.name, withoutTimes(m)]));
    expect(byName(metrics.slice(0, 3))).toEqual(byName(metrics.slice(3)));

    const counter = metrics.find((m) => m.name === 'jobs.done')!;
    expect(counter).toMatchObject({
      type: 'sum',
      unit: '{job}',
      description: 'Jobs finished',
      isMonotonic: true,
      aggregationTemporality: 2,
      resource: { 'service.name': 'signals-test' },
      scope: { name: 'signals-meter', version: '0.0.1' },
    });
    expect(counter.dataPoints).toMatchObject([{ attributes: { queue: 'q1' }, value: 3 }]);
    const updown = metrics.find((m) => m.name === 'jobs.active')!;
    expect(updown).toMatchObject({ type: 'sum', isMonotonic: false });
    expect(updown.dataPoints[0]!.value).toBe(-2);
    const histogram = metrics.find((m) => m.name === 'job.duration')!;
    expect(histogram.type).toBe('histogram');
    expect(histogram.dataPoints[0]).toMatchObject({ count: 1, sum: 0.25, min: 0.25, max: 0.25 });
    expect(histogram.dataPoints[0]!.bucketCounts!.reduce((a, b) => a + b, 0)).toBe(1);
    expect(histogram.dataPoints[0]!.explicitBounds!.length).toBe(histogram.dataPoints[0]!.bucketCounts!.length - 1);
  });
});

describe('logs from the upstream exporters', () => {
  it('normalises protobuf and JSON exports of the same record identically', async () => {
    const provider = new LoggerProvider({
      resource: RESOURCE,
      processors: [
        new SimpleLogRecordProcessor({ exporter: new ProtoLogExporter({ url: `${receiver.url}/v1/logs` }) }),
        new SimpleLogRecordProcessor({ exporter: new HttpJsonLogExporter({ url: `${receiver.url}/v1/logs` }) }),
      ],
    });
    const spanContext = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 };
    provider.getLogger('signals-logger', '2.0.0').emit({
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARN',
      body: { message: 'disk almost full', free: 12 },
      attributes: { 'disk.path': '/var', 'disk.ratio': 0.93 },
      eventName: 'disk.pressure',
      context: trace.setSpanContext(ROOT_CONTEXT, spanContext),
    });
    await provider.forceFlush();
    await provider.shutdown();

    const logs = await receiver.waitForLogs(2, { timeoutMs: 3000 });
    expect(logs[0]).toEqual(logs[1]);
    expect(logs[0]).toMatchObject({
      severityNumber: 13,
      severityText: 'WARN',
      body: { message: 'disk almost full', free: 12 },
      attributes: { 'disk.path': '/var', 'disk.ratio': 0.93 },
      eventName: 'disk.pressure',
      traceId: spanContext.traceId,
      spanId: spanContext.spanId,
      flags: 1,
      resource: { 'service.name': 'signals-test' },
      scope: { name: 'signals-logger', version: '2.0.0' },
    });
    expect(logs[0]!.timeUnixNano).toMatch(/^[1-9]\d{18}$/);
  });
});

describe('the official OTLP/JSON examples', () => {
  it('decodes trace.json (uppercase hex ids, kind as an integer)', async () => {
    const res = await post('/v1/traces', fixture('trace.json'), { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(receiver.spans()).toEqual([
      {
        traceId: '5b8efff798038103d269b633813fc60c',
        spanId: 'eee19b7ec3c1b174',
        parentSpanId: 'eee19b7ec3c1b173',
        name: "I'm a server span",
        kind: 2,
        startTimeUnixNano: '1544712660000000000',
        endTimeUnixNano: '1544712661000000000',
        attributes: { 'my.span.attr': 'some value' },
        droppedAttributesCount: 0,
        status: { code: 0, message: '' },
        events: [],
        droppedEventsCount: 0,
        links: [],
        droppedLinksCount: 0,
        traceState: '',
        flags: 0,
        resource: { 'service.name': 'my.service' },
        scope: { name: 'my.library', version: '1.0.0', attributes: { 'my.scope.attribute': 'some scope attribute' } },
      },
    ]);
  });

  it('decodes logs.json and events.json (every AnyValue kind)', async () => {
    for (const name of ['logs.json', 'events.json']) {
      const res = await post('/v1/logs', fixture(name), { 'content-type': 'application/json' });
      expect(res.status).toBe(200);
    }
    const [log, event] = receiver.logs();
    expect(log).toMatchObject({
      timeUnixNano: '1544712660300000000',
      severityNumber: 10,
      severityText: 'Information',
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      body: 'Example log record',
      attributes: {
        'string.attribute': 'some string',
        'boolean.attribute': true,
        'int.attribute': 10,
        'double.attribute': 637.704,
        'array.attribute': ['many', 'values'],
        'map.attribute': { 'some.map.key': 'some value' },
      },
    });
    expect(event).toMatchObject({ eventName: 'browser.page_view', severityNumber: 9, traceId: '', spanId: '' });
    expect(event!.body).toMatchObject({ type: 0 });
  });

  it('decodes metrics.json, also when gzipped', async () => {
    const res = await post('/v1/metrics', gzipSync(fixture('metrics.json')), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(200);
    const metrics = receiver.metrics();
    expect(metrics.map((m) => [m.name, m.type])).toEqual([
      ['my.counter', 'sum'],
      ['my.gauge', 'gauge'],
      ['my.histogram', 'histogram'],
      ['my.exponential.histogram', 'exponentialHistogram'],
    ]);
    expect(metrics[0]).toMatchObject({ aggregationTemporality: 1, isMonotonic: true });
    expect(metrics[0]!.dataPoints[0]).toMatchObject({ value: 5, attributes: { 'my.counter.attr': 'some value' } });
    expect(metrics[2]!.dataPoints[0]).toMatchObject({ count: 2, sum: 2, min: 0, max: 2, bucketCounts: [1, 1], explicitBounds: [1] });
    expect(metrics[3]!.dataPoints[0]).toMatchObject({ count: 3, scale: 0, zeroCount: 1, positive: { offset: 1, bucketCounts: [0, 2] } });
    expect(receiver.requests()[0]).toMatchObject({ contentEncoding: 'gzip', itemCount: 4, status: 200 });
  });
});

describe('value unwrapping', () => {
  it('keeps big integers, bytes, nested lists and odd keys intact', async () => {
    const body = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '0af7651916cd43dd8448eb211c80319c',
                  spanId: 'b7ad6b7169203331',
                  name: 'values',
                  kind: 'SPAN_KIND_CLIENT',
                  attributes: [
                    { key: 'big', value: { intValue: '9007199254740993' } },
                    { key: 'negative', value: { intValue: -5 } },
                    { key: 'zero', value: { intValue: '0' } },
                    { key: 'bytes', value: { bytesValue: 'AQL/' } },
                    { key: 'empty', value: {} },
                    { key: '__proto__', value: { stringValue: 'data, not a prototype' } },
                    {
                      key: 'nested',
                      value: {
                        kvlistValue: {
                          values: [{ key: 'list', value: { arrayValue: { values: [{ boolValue: false }, { doubleValue: 0.5 }] } } }],
                        },
                      },
                    },
                  ],
                  links: [{ traceId: '0AF7651916CD43DD8448EB211C80319D', spanId: '00f067aa0ba902b7', flags: 257 }],
                },
              ],
            },
          ],
        },
      ],
    };
    const res = await post('/v1/traces', JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8' });
    expect(res.status).toBe(200);
    const [span] = receiver.spans();
    expect(span!.kind).toBe(3);
    expect(span!.attributes).toEqual({
      big: '9007199254740993',
      negative: -5,
      zero: 0,
      bytes: '0102ff',
      empty: null,
      nested: { list: [false, 0.5] },
      ['__proto__']: 'data, not a prototype',
    });
    expect(Object.getPrototypeOf(span!.attributes)).toBe(Object.prototype);
    expect(span!.links).toMatchObject([{ traceId: '0af7651916cd43dd8448eb211c80319d', spanId: '00f067aa0ba902b7', flags: 257 }]);
  });
});
