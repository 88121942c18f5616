import { context, trace } from '@opentelemetry/api';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { inSpan, installOtel, memoryStream, unsampledTracer } from './otel.test-support.js';
import { correlatePinoLogger, correlationFragment, pinoCorrelation, pinoMixin } from './pino.js';
import { withLogContext } from './log-context.js';

beforeAll(installOtel);

function parse(lines: string[]): Record<string, unknown>[] {
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

function makeLogger(kind: 'preload' | 'mixin' | 'correlation', extra: pino.LoggerOptions = {}) {
  const out = memoryStream();
  const options: pino.LoggerOptions = kind === 'mixin' ? { ...extra, mixin: pinoMixin() } : kind === 'correlation' ? { ...extra, ...pinoCorrelation() } : extra;
  const logger = pino(options, out);
  if (kind === 'preload') correlatePinoLogger(logger, pino);
  return { logger, out };
}

describe.each(['preload', 'mixin', 'correlation'] as const)('pino correlation (%s)', (kind) => {
  it('puts the exported span\'s ids on lines written inside it, and none outside', () => {
    const { logger, out } = makeLogger(kind);
    logger.info('before');
    const { exported } = inSpan(() => {
      logger.info({ order: 1 }, 'inside');
      logger.child({ module: 'billing' }).warn('from a child');
    });
    logger.info('after');
    const [before, inside, child, after] = parse(out.lines());
    const ids = { trace_id: exported.spanContext().traceId, span_id: exported.spanContext().spanId, trace_flags: '01' };
    expect(inside).toMatchObject({ ...ids, order: 1, msg: 'inside' });
    expect(child).toMatchObject({ ...ids, module: 'billing', msg: 'from a child' });
    for (const line of [before, after]) expect(line).not.toHaveProperty('trace_id');
  });

  it('keeps the ids when the span is not sampled (trace export off)', () => {
    const { logger, out } = makeLogger(kind);
    const tracer = unsampledTracer();
    const span = tracer.startSpan('off');
    context.with(trace.setSpan(context.active(), span), () => logger.info('unsampled'));
    span.end();
    const [line] = parse(out.lines());
    expect(line).toMatchObject({ trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId, trace_flags: '00' });
  });

  it('adds request-scoped fields through awaits, and the call\'s own fields win', async () => {
    const { logger, out } = makeLogger(kind);
    await withLogContext({ tenant_id: 'tenant-123', user_id: 'u-7' }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      logger.info('scoped');
      await withLogContext({ job_id: 'job-456' }, async () => {
        await Promise.resolve();
        logger.info({ user_id: 'explicit' }, 'nested');
      });
    });
    logger.info('outside');
    const [scoped, nested, outside] = parse(out.lines());
    expect(scoped).toMatchObject({ tenant_id: 'tenant-123', user_id: 'u-7' });
    expect(nested).toMatchObject({ tenant_id: 'tenant-123', job_id: 'job-456', user_id: 'explicit' });
    expect(outside).not.toHaveProperty('tenant_id');
  });
});

describe('correlatePinoLogger', () => {
  it('keeps a user mixin and does not correlate twice', () => {
    const { logger, out } = makeLogger('preload', { mixin: () => ({ app: 'x' }) });
    correlatePinoLogger(logger, pino);
    const { exported } = inSpan(() => logger.info('hi'));
    const line = out.lines()[0]!;
    expect(line.match(/"trace_id"/g)).toHaveLength(1);
    expect(JSON.parse(line)).toMatchObject({ app: 'x', trace_id: exported.spanContext().traceId });
  });

  it('leaves a logger that already has otelkit\'s mixin alone', () => {
    const { logger, out } = makeLogger('mixin');
    correlatePinoLogger(logger, pino);
    inSpan(() => logger.info('once'));
    expect(out.lines()[0]!.match(/"span_id"/g)).toHaveLength(1);
  });

  it('writes each key once when the call passes a field the log scope has, and the call\'s value wins', () => {
    const { logger, out } = makeLogger('preload');
    const { exported } = inSpan(() => withLogContext({ tenant_id: 'scope', job_id: 'j-1' }, () => {
      logger.info({ tenant_id: 'call' }, 'overlap');
      logger.info({ n: 1 }, 'no overlap');
    }));
    const [overlap, plain] = out.lines();
    expect(overlap!.match(/"tenant_id"/g)).toHaveLength(1);
    expect(JSON.parse(overlap!)).toMatchObject({ tenant_id: 'call', job_id: 'j-1', trace_id: exported.spanContext().traceId });
    expect(JSON.parse(plain!)).toMatchObject({ tenant_id: 'scope', job_id: 'j-1', n: 1 });
  });

  it('serialises unusual scope values safely', () => {
    const { logger, out } = makeLogger('preload');
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    withLogContext({ 'we"ird': 'a\u2028b', cyclic, n: 1 }, () => logger.info('x'));
    const line = JSON.parse(out.lines()[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ 'we"ird': 'a\u2028b', n: 1 });
    expect(line).not.toHaveProperty('cyclic');
  });
});

describe('line separators in preload-correlated lines', () => {
  const LS = '\u2028';
  const PS = '\u2029';
  // Each case puts U+2028 or U+2029 into the line through a different part of pino's line building.
  const cases: [string, pino.LoggerOptions, (logger: pino.Logger) => void, Record<string, unknown>][] = [
    ['the message', {}, (l) => l.info(`a${LS}b`), { msg: `a${LS}b` }],
    ['a printf argument', {}, (l) => l.info('user %s', `x${PS}y`), { msg: `user x${PS}y` }],
    ['a string value', {}, (l) => l.info({ ua: `m${LS}n` }, 'ok'), { ua: `m${LS}n` }],
    ['a key', {}, (l) => l.info({ [`k${PS}`]: 1 }, 'ok'), { [`k${PS}`]: 1 }],
    ['a nested value', {}, (l) => l.info({ req: { path: `/p${LS}q` } }, 'ok'), { req: { path: `/p${LS}q` } }],
    ['an error message', {}, (l) => l.error(new Error(`boom${LS}`)), { msg: `boom${LS}` }],
    ['child bindings', {}, (l) => l.child({ tenant: `t${PS}` }).info('ok'), { tenant: `t${PS}` }],
    ['a serializer', { serializers: { n: (v: number) => `${v}${LS}` } }, (l) => l.info({ n: 1 }, 'ok'), { n: `1${LS}` }],
    ['a log formatter', { formatters: { log: (o: Record<string, unknown>) => ({ ...o, added: `f${PS}` }) } }, (l) => l.info({ n: 1 }, 'ok'), { added: `f${PS}` }],
    ['a redaction censor', { redact: { paths: ['secret'], censor: `c${LS}` } }, (l) => l.info({ secret: 's' }, 'ok'), { secret: `c${LS}` }],
    ['a user mixin', { mixin: () => ({ m: `x${LS}` }) }, (l) => l.info('ok'), { m: `x${LS}` }],
  ];

  it.each(cases)('escapes them when they come from %s', (_name, options, write, expected) => {
    const { logger, out } = makeLogger('preload', options);
    inSpan(() => write(logger));
    const raw = out.lines();
    expect(raw).toHaveLength(1);
    expect(raw[0]).not.toMatch(/[\u2028\u2029]/);
    expect(raw[0]).toMatch(/\\u202[89]/);
    expect(JSON.parse(raw[0]!)).toMatchObject(expected);
  });

  it('escapes a key that comes after many clean ones (keys found clean are remembered)', () => {
    const { logger, out } = makeLogger('preload');
    inSpan(() => {
      for (let i = 0; i < 40; i++) logger.info({ [`key${i % 20}`]: i, user: 'u' }, 'ok');
      logger.info({ user: 'u', [`key${PS}`]: 1 }, 'ok');
      logger.info({ user: `v${LS}` }, 'ok');
    });
    const raw = out.lines();
    expect(raw).toHaveLength(42);
    for (const line of raw) expect(line).not.toMatch(/[\u2028\u2029]/);
    expect(JSON.parse(raw[40]!)).toMatchObject({ [`key${PS}`]: 1 });
    expect(JSON.parse(raw[41]!)).toMatchObject({ user: `v${LS}` });
  });

  it('escapes them in the log scope\'s fields', () => {
    const { logger, out } = makeLogger('preload');
    inSpan(() => withLogContext({ note: `s${PS}` }, () => logger.info({ n: 1 }, 'ok')));
    expect(out.lines()[0]).not.toMatch(/[\u2028\u2029]/);
    expect(JSON.parse(out.lines()[0]!)).toMatchObject({ note: `s${PS}`, n: 1 });
  });

  it('leaves lines without them byte for byte as pino writes them, bar the correlation fields', () => {
    const plain = memoryStream();
    const correlated = makeLogger('preload');
    const bare = pino({ timestamp: false }, plain);
    const withIds = pino({ timestamp: false }, correlated.out);
    correlatePinoLogger(withIds, pino);
    bare.info({ a: 'x', n: 2, b: true, z: null }, 'same');
    withIds.info({ a: 'x', n: 2, b: true, z: null }, 'same');
    expect(correlated.out.lines()[0]).toBe(plain.lines()[0]);
  });
});

describe('correlationFragment', () => {
  it('answers each context with its own fields while a context, a log scope and another context alternate', () => {
    const ids = (fragment: string) => JSON.parse(`{${fragment.slice(1)}}`) as Record<string, string>;
    const tracer = trace.getTracer('fragment-test');
    const a = tracer.startSpan('a');
    const b = tracer.startSpan('b');
    const inA = trace.setSpan(context.active(), a);
    const inB = trace.setSpan(context.active(), b);
    context.with(inA, () => {
      expect(ids(correlationFragment()).span_id).toBe(a.spanContext().spanId);
      // The same context object, now with a log scope: the scope's fields appear, then go again.
      withLogContext({ request_id: 'r-1' }, () => {
        expect(ids(correlationFragment())).toMatchObject({ span_id: a.spanContext().spanId, request_id: 'r-1' });
      });
      expect(ids(correlationFragment()).request_id).toBeUndefined();
      context.with(inB, () => expect(ids(correlationFragment()).span_id).toBe(b.spanContext().spanId));
      expect(ids(correlationFragment()).span_id).toBe(a.spanContext().spanId);
    });
    expect(correlationFragment()).toBe('');
    a.end();
    b.end();
  });
});

describe('sending pino lines as log records', () => {
  it('emits one record per line, in the span\'s context, with redacted attributes', async () => {
    const { configureLogs } = await import('./settings.js');
    const { logExporter, flushLogs } = await import('./otel.test-support.js');
    configureLogs({ sendToOtel: true });
    try {
      const { logger, out } = makeLogger('preload');
      const { exported } = inSpan(() => {
        logger.info({ order: 1, token: 'secret', nested: { a: 1 } }, 'placed %s', 'now');
        logger.error(new Error('boom'));
      });
      await flushLogs();
      expect(out.lines()).toHaveLength(2);
      const records = logExporter.getFinishedLogRecords();
      expect(records).toHaveLength(2);
      const [info, error] = records;
      expect(info!.body).toBe('placed now');
      expect(info!.severityText).toBe('INFO');
      expect(info!.severityNumber).toBe(9);
      expect(info!.spanContext?.spanId).toBe(exported.spanContext().spanId);
      expect(info!.attributes).toEqual({ order: 1, token: '[REDACTED]', nested: '{"a":1}' });
      expect(error!.body).toBe('boom');
      expect(error!.attributes).toMatchObject({ 'exception.type': 'Error', 'exception.message': 'boom' });
    } finally {
      configureLogs({ sendToOtel: false });
      logExporter.reset();
    }
  });
});

describe('sending a pino child logger\'s lines', () => {
  it('carries the child\'s bindings as attributes (the call\'s own fields win), and follows setBindings', async () => {
    const { configureLogs } = await import('./settings.js');
    const { logExporter, flushLogs } = await import('./otel.test-support.js');
    configureLogs({ sendToOtel: true });
    try {
      const { logger, out } = makeLogger('preload', { base: { pid: process.pid, hostname: 'h', service_tier: 'gold' } });
      const child = logger.child({ module: 'billing', tenant: 't1', password: 'hunter2' });
      child.info('first');
      child.info({ tenant: 't2' }, 'second');
      child.setBindings({ stage: 'retry' });
      child.info('third');
      logger.info('from the root');
      await flushLogs();
      expect(out.lines()).toHaveLength(4);
      const [first, second, third, root] = logExporter.getFinishedLogRecords().map((r) => r.attributes);
      // pid and hostname are the resource's; a redacted key stays redacted.
      expect(first).toEqual({ service_tier: 'gold', module: 'billing', tenant: 't1', password: '[REDACTED]' });
      expect(second).toEqual({ service_tier: 'gold', module: 'billing', tenant: 't2', password: '[REDACTED]' });
      expect(third).toMatchObject({ module: 'billing', stage: 'retry' });
      expect(root).toEqual({ service_tier: 'gold' });
    } finally {
      configureLogs({ sendToOtel: false });
      logExporter.reset();
    }
  });
});

describe('the pipeline never feeds itself (H2)', () => {
  it('a line logged while an exporter runs (suppressed context) is written but not sent', async () => {
    const { configureLogs } = await import('./settings.js');
    const { logExporter, flushLogs } = await import('./otel.test-support.js');
    const { createContextKey } = await import('@opentelemetry/api');
    configureLogs({ sendToOtel: true });
    try {
      const { logger, out } = makeLogger('preload');
      const suppressed = context.active().setValue(createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING'), true);
      context.with(suppressed, () => logger.warn('from inside an export'));
      logger.info('from the app');
      await flushLogs();
      expect(out.lines()).toHaveLength(2);
      expect(logExporter.getFinishedLogRecords().map((r) => r.body)).toEqual(['from the app']);
    } finally {
      configureLogs({ sendToOtel: false });
      logExporter.reset();
    }
  });
});

describe('admission', () => {
  it('a record the pipeline refuses is not built, and the line is still written', async () => {
    const { configureLogs } = await import('./settings.js');
    const { logExporter, flushLogs } = await import('./otel.test-support.js');
    let asked = 0;
    configureLogs({ sendToOtel: true, admit: () => ++asked % 2 === 1 });
    try {
      const { logger, out } = makeLogger('preload');
      for (let i = 0; i < 4; i++) logger.info({ i }, 'line');
      await flushLogs();
      expect(out.lines()).toHaveLength(4);
      expect(asked).toBe(4);
      expect(logExporter.getFinishedLogRecords().map((r) => r.attributes['i'])).toEqual([0, 2]);
    } finally {
      configureLogs({ sendToOtel: false, admit: undefined });
      logExporter.reset();
    }
  });
});
