/**
 * One span, one `trace_flags`: the traceparent otelkit writes (propagation and `Server-Timing`) and
 * every log line written inside the span show the same two hex digits, whatever the flags byte holds.
 */
import { ROOT_CONTEXT, context, trace, type SpanContext } from '@opentelemetry/api';
import { OtelkitTraceContextPropagator, setTraceResponseHeaders } from '@otelkit/tracing';
import bunyan from 'bunyan';
import pino from 'pino';
import winston from 'winston';
import { beforeAll, describe, expect, it } from 'vitest';
import { bunyanStream, wrapBunyanEmit } from './bunyan.js';
import { correlateConsole } from './console.js';
import { installOtel, memoryStream } from './otel.test-support.js';
import { correlatePinoLogger, pinoCorrelation, pinoMixin } from './pino.js';
import { traceFields } from './trace-fields.js';
import { winstonFormat, wrapWinstonWrite } from './winston.js';

beforeAll(installOtel);

type Line = Record<string, unknown>;
const parse = (lines: string[]): Line[] => lines.map((l) => JSON.parse(l) as Line);

/** The flags field of the traceparent the propagator injects, and of the Server-Timing header. */
function headerFlags(sc: SpanContext): { traceparent: string; serverTiming: string } {
  const carrier: Record<string, string> = {};
  new OtelkitTraceContextPropagator().inject(trace.setSpanContext(ROOT_CONTEXT, sc), carrier, { set: (c, k, v) => void ((c as Record<string, string>)[k] = v) });
  const headers: Record<string, string> = {};
  setTraceResponseHeaders({ setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value), getHeader: (name: string) => headers[name.toLowerCase()] }, sc, { headerName: 'X-Trace-ID', serverTiming: true });
  const timing = /traceparent;desc="00-[0-9a-f]{32}-[0-9a-f]{16}-([0-9a-f]{2})"/.exec(headers['server-timing'] ?? '');
  return { traceparent: carrier['traceparent']!.slice(53), serverTiming: timing?.[1] ?? 'missing' };
}

/** The `trace_flags` every supported logger writes inside `sc`, by logger. */
function loggedFlags(sc: SpanContext): Record<string, unknown> {
  const outs = { mixin: memoryStream(), correlation: memoryStream(), preload: memoryStream(), winston: memoryStream(), winstonWrite: memoryStream(), bunyan: memoryStream(), bunyanEmit: memoryStream() };
  const pinoPreload = pino({}, outs.preload);
  correlatePinoLogger(pinoPreload, pino);
  const loggers = {
    mixin: pino({ mixin: pinoMixin() }, outs.mixin),
    correlation: pino(pinoCorrelation(), outs.correlation),
    preload: pinoPreload,
    winston: winston.createLogger({ format: winston.format.combine(winstonFormat(), winston.format.json()), transports: [new winston.transports.Stream({ stream: outs.winston })] }),
    bunyan: bunyan.createLogger({ name: 'flags', streams: [bunyanStream(outs.bunyan)] }),
  };
  const winstonProto = winston.Logger.prototype as unknown as { write: (...a: unknown[]) => boolean };
  const bunyanProto = bunyan.prototype as unknown as { _emit: (...a: unknown[]) => unknown };
  const originals = { write: winstonProto.write, emit: bunyanProto._emit };
  const hadWrite = Object.prototype.hasOwnProperty.call(winstonProto, 'write');
  winstonProto.write = wrapWinstonWrite(originals.write);
  bunyanProto._emit = wrapBunyanEmit(originals.emit);
  const consoleLines: string[] = [];
  const realLog = console.log;
  console.log = (...args: unknown[]) => void consoleLines.push(args.map(String).join(' '));
  const restoreText = correlateConsole('text');
  let fields: Line | undefined;
  try {
    const wrappedWinston = winston.createLogger({ format: winston.format.json(), transports: [new winston.transports.Stream({ stream: outs.winstonWrite })] });
    const wrappedBunyan = bunyan.createLogger({ name: 'flags', streams: [{ stream: outs.bunyanEmit, level: 'info' }] });
    context.with(trace.setSpanContext(context.active(), sc), () => {
      for (const logger of [loggers.mixin, loggers.correlation, loggers.preload]) logger.info('line');
      loggers.winston.info('line');
      loggers.bunyan.info('line');
      wrappedWinston.info('line');
      wrappedBunyan.info('line');
      console.log('text line');
      fields = traceFields() as Line | undefined;
    });
  } finally {
    restoreText();
    if (hadWrite) winstonProto.write = originals.write;
    else delete (winstonProto as { write?: unknown }).write;
    bunyanProto._emit = originals.emit;
  }
  const restoreJson = correlateConsole('json');
  try {
    context.with(trace.setSpanContext(context.active(), sc), () => console.log('json line'));
  } finally {
    restoreJson();
    console.log = realLog;
  }
  const flagsOf = (stream: { lines(): string[] }): unknown => parse(stream.lines())[0]?.['trace_flags'];
  const result: Record<string, unknown> = {};
  for (const [name, stream] of Object.entries(outs)) result[name] = flagsOf(stream);
  result['console text'] = /trace_flags=([0-9a-f]{2})$/.exec(consoleLines[0] ?? '')?.[1];
  result['console json'] = (JSON.parse(consoleLines[1] ?? '{}') as Line)['trace_flags'];
  result['traceFields()'] = fields?.['trace_flags'];
  return result;
}

describe('trace_flags: headers and log lines agree', () => {
  // Only sampled (0x01) and random (0x02) are defined; W3C says the other bits are set to zero.
  it.each([
    ['00', 0x00, '00'],
    ['01', 0x01, '01'],
    ['03', 0x03, '03'],
    ['81', 0x81, '01'],
    ['fe', 0xfe, '02'],
    ['ff', 0xff, '03'],
  ])('flags 0x%s: every header and every logger writes the same', (_label, flags, expected) => {
    const sc: SpanContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: flags, isRemote: false };
    const headers = headerFlags(sc);
    expect(headers).toEqual({ traceparent: expected, serverTiming: expected });
    const logged = loggedFlags(sc);
    for (const [logger, value] of Object.entries(logged)) expect(value, logger).toBe(expected);
  });
});
