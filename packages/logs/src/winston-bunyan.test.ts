import bunyan from 'bunyan';
import { Writable } from 'node:stream';
import winston from 'winston';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bunyanStream, wrapBunyanEmit } from './bunyan.js';
import { withLogContext } from './log-context.js';
import { flushLogs, inSpan, installOtel, logExporter, memoryStream } from './otel.test-support.js';
import { configureLogs } from './settings.js';
import { winstonFormat, wrapWinstonWrite } from './winston.js';

beforeAll(installOtel);
afterEach(() => {
  configureLogs({ sendToOtel: false });
  logExporter.reset();
});

function winstonLogger(format: winston.Logform.Format) {
  const out = memoryStream();
  const logger = winston.createLogger({ format, transports: [new winston.transports.Stream({ stream: out })] });
  return { logger, out };
}

describe('winston', () => {
  it('winstonFormat() adds the span ids and scoped fields', () => {
    const { logger, out } = winstonLogger(winston.format.combine(winstonFormat(), winston.format.json()));
    const { exported } = inSpan(() => withLogContext({ tenant_id: 't-1' }, () => logger.info('inside', { k: 2 })));
    logger.info('outside');
    const [inside, outside] = out.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inside).toMatchObject({ message: 'inside', k: 2, tenant_id: 't-1', trace_id: exported.spanContext().traceId, span_id: exported.spanContext().spanId, trace_flags: '01' });
    expect(outside).not.toHaveProperty('trace_id');
  });

  it('the Logger.prototype.write wrapper correlates every logger, children included', () => {
    const proto = winston.Logger.prototype as unknown as { write: (...a: unknown[]) => boolean };
    const had = Object.prototype.hasOwnProperty.call(proto, 'write');
    const original = proto.write;
    proto.write = wrapWinstonWrite(original);
    try {
      const { logger, out } = winstonLogger(winston.format.json());
      const { exported } = inSpan(() => logger.child({ module: 'm' }).warn('child line'));
      expect(JSON.parse(out.lines()[0]!)).toMatchObject({ module: 'm', level: 'warn', trace_id: exported.spanContext().traceId });
    } finally {
      if (had) proto.write = original;
      else delete (proto as { write?: unknown }).write;
    }
  });

  it('sends records with the span context when sending is on', async () => {
    configureLogs({ sendToOtel: true });
    const proto = winston.Logger.prototype as unknown as { write: (...a: unknown[]) => boolean };
    const original = proto.write;
    proto.write = wrapWinstonWrite(original);
    try {
      const { logger } = winstonLogger(winston.format.json());
      const { exported } = inSpan(() => logger.error('failed', { order: 7, password: 'p' }));
      await flushLogs();
      const [record] = logExporter.getFinishedLogRecords();
      expect(record).toBeDefined();
      expect(record!.body).toBe('failed');
      expect(record!.severityNumber).toBe(17);
      expect(record!.spanContext?.traceId).toBe(exported.spanContext().traceId);
      expect(record!.attributes).toMatchObject({ order: 7, password: '[REDACTED]' });
      expect(record!.attributes).not.toHaveProperty('trace_id');
    } finally {
      delete (proto as { write?: unknown }).write;
    }
  });
});

describe('bunyan', () => {
  it('bunyanStream() writes correlated JSON lines', () => {
    const out = memoryStream();
    const log = bunyan.createLogger({ name: 'b', streams: [bunyanStream(out)] });
    const { exported } = inSpan(() => log.info({ z: 3 }, 'inside'));
    expect(JSON.parse(out.lines()[0]!)).toMatchObject({ name: 'b', z: 3, msg: 'inside', trace_id: exported.spanContext().traceId, span_id: exported.spanContext().spanId });
  });

  it('the _emit wrapper correlates records for every stream', () => {
    const proto = bunyan.prototype as unknown as { _emit: (...a: unknown[]) => unknown };
    const original = proto._emit;
    proto._emit = wrapBunyanEmit(original);
    try {
      const chunks: string[] = [];
      const stream = new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } });
      const log = bunyan.createLogger({ name: 'b', stream });
      const { exported } = inSpan(() => withLogContext({ user_id: 'u' }, () => log.child({ sub: 1 }).warn('w')));
      log.info('outside');
      const [inside, outside] = chunks.map((c) => JSON.parse(c) as Record<string, unknown>);
      expect(inside).toMatchObject({ sub: 1, user_id: 'u', trace_id: exported.spanContext().traceId, trace_flags: '01' });
      expect(outside).not.toHaveProperty('trace_id');
    } finally {
      proto._emit = original;
    }
  });

  it('the _emit wrapper escapes U+2028/U+2029 in lines, leaves raw streams the record, and writes lines without them unchanged', () => {
    const proto = bunyan.prototype as unknown as { _emit: (...a: unknown[]) => unknown };
    const original = proto._emit;
    const lines = (wrap: boolean): { text: string[]; raw: unknown[] } => {
      if (wrap) proto._emit = wrapBunyanEmit(original);
      try {
        const text: string[] = [];
        const raw: unknown[] = [];
        const stream = new Writable({ write(c, _e, cb) { text.push(String(c)); cb(); } });
        const log = bunyan.createLogger({ name: 'b', streams: [{ stream }, { type: 'raw', stream: { write: (rec: unknown) => raw.push(rec) } as never }] });
        log.info({ field: 'x\u2028y' }, 'one\u2029two');
        log.warn({ n: 1 }, 'plain');
        return { text, raw };
      } finally {
        proto._emit = original;
      }
    };
    const wrapped = lines(true);
    expect(wrapped.text).toHaveLength(2);
    expect(wrapped.text[0]).not.toMatch(/[\u2028\u2029]/);
    expect(wrapped.text[0]).toContain('x\\u2028y');
    expect(wrapped.text[0]).toContain('one\\u2029two');
    expect(JSON.parse(wrapped.text[0]!)).toMatchObject({ field: 'x\u2028y', msg: 'one\u2029two' });
    expect(wrapped.raw).toHaveLength(2);
    expect((wrapped.raw[0] as Record<string, unknown>)['msg']).toBe('one\u2029two');
    // Without separators the line is bunyan's own, byte for byte (the time aside).
    const unwrapped = lines(false);
    const withoutTime = (line: string): string => line.replace(/"time":"[^"]+"/, '');
    expect(withoutTime(wrapped.text[1]!)).toBe(withoutTime(unwrapped.text[1]!));
    expect(unwrapped.text[0]).toMatch(/\u2028/);
  });
});
