import { OtelkitError } from '@otelkit/core';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger, readyPinoOptions } from './format.js';
import { withLogContext } from './log-context.js';
import { inSpan, installOtel, memoryStream } from './otel.test-support.js';
import { configureLogs } from './settings.js';

beforeAll(installOtel);

type Line = Record<string, unknown>;
const ISO_MS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function ready(options: Parameters<typeof createLogger>[0] = {}) {
  const out = memoryStream();
  const logger = createLogger<pino.Logger>({ serviceName: 'billing', serviceVersion: '1.4.2', environment: 'production', ...options, destination: out });
  return { logger, out, lines: () => out.lines().map((l) => JSON.parse(l) as Line) };
}

describe('createLogger (ready JSON format)', () => {
  it('writes the runbook fields, correlation ids, service fields, then the user fields', () => {
    const { logger, lines } = ready({ name: 'app.api.v1.bulk_mappings' });
    const { exported } = inSpan(() => withLogContext({ tenant_id: 'tenant-123' }, () => logger.info({ job_id: 'job-456', latency_ms: 42 }, 'Job created')));
    logger.warn('careful');
    const [first, second] = lines();
    expect(first).toEqual({
      timestamp: expect.stringMatching(ISO_MS_UTC),
      level: 'INFO',
      logger: 'app.api.v1.bulk_mappings',
      message: 'Job created',
      trace_id: exported.spanContext().traceId,
      span_id: exported.spanContext().spanId,
      trace_flags: '01',
      'service.name': 'billing',
      'service.version': '1.4.2',
      'deployment.environment.name': 'production',
      tenant_id: 'tenant-123',
      job_id: 'job-456',
      latency_ms: 42,
    });
    expect(second).toMatchObject({ level: 'WARN', message: 'careful' });
    expect(second).not.toHaveProperty('trace_id');
    expect(Object.keys(first!).slice(0, 6)).toEqual(['level', 'timestamp', 'logger', 'trace_id', 'span_id', 'trace_flags']);
  });

  it('takes service fields from configureLogs() when no option is given', () => {
    configureLogs({ serviceName: 'from-settings', serviceVersion: '9.9.9' });
    try {
      const out = memoryStream();
      createLogger<pino.Logger>({ destination: out }).info('x');
      expect(JSON.parse(out.lines()[0]!)).toMatchObject({ logger: 'from-settings', 'service.name': 'from-settings', 'service.version': '9.9.9' });
    } finally {
      configureLogs({ serviceName: undefined, serviceVersion: undefined });
    }
  });

  it('redacts secrets by default, at the top level, one level down and in request headers', () => {
    const { logger, lines } = ready();
    logger.info({ password: 'hunter2', user: { token: 't0k', name: 'ann' }, req: { headers: { authorization: 'Bearer x', cookie: 'sid=1', accept: '*/*' } } }, 'login');
    const [line] = lines();
    expect(line).toMatchObject({ password: '[REDACTED]', user: { token: '[REDACTED]', name: 'ann' }, req: { headers: { authorization: '[REDACTED]', cookie: '[REDACTED]', accept: '*/*' } } });
    expect(JSON.stringify(line)).not.toMatch(/hunter2|t0k|Bearer|sid=1/);
  });

  it('redacts the configured keys only, and nothing with redact: []', () => {
    const custom = ready({ redact: ['ssn'] });
    custom.logger.info({ ssn: '123', password: 'p' }, 'x');
    expect(custom.lines()[0]).toMatchObject({ ssn: '[REDACTED]', password: 'p' });
    const none = ready({ redact: [] });
    none.logger.info({ password: 'p' }, 'x');
    expect(none.lines()[0]).toMatchObject({ password: 'p' });
  });

  it('keeps one JSON object per line against log injection (T8)', () => {
    const { logger, out, lines } = ready();
    const hostile = ['a\nb', 'c\r\nd', '\u001b[31mred', 'x\u2028y', 'p\u2029q', '"}\n{"level":"ERROR","message":"forged"}', '\u0000\u0007\u007f', '\ud800 lone'];
    for (const text of hostile) {
      logger.info({ path: text, 'user-agent': text, [text]: 1 }, text);
      logger.error(new Error(text));
    }
    const raw = out.text();
    expect(raw.split('\n').filter((l) => l !== '')).toHaveLength(hostile.length * 2);
    expect(raw).not.toMatch(/[\u2028\u2029]/);
    // eslint-disable-next-line no-control-regex
    expect(raw.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f]/);
    const parsed = lines();
    expect(parsed.filter((l) => l['message'] === 'forged')).toHaveLength(0);
    expect(parsed[6]!['message']).toBe('x\u2028y');
  });

  it('throws typed errors for bad options', () => {
    expect(() => createLogger({ levle: 'info' } as never)).toThrow(OtelkitError);
    expect(() => createLogger({ level: 'loud' as never })).toThrow(/OTELKIT_ERR_INVALID_OPTION/);
    expect(() => createLogger({ redact: ['ok', ''] })).toThrow(/OTELKIT_ERR_INVALID_OPTION/);
    expect(() => readyPinoOptions({ name: 42 as never })).toThrow(/OTELKIT_ERR_INVALID_OPTION/);
  });

  it('readyPinoOptions() works with a pino the caller builds', () => {
    const out = memoryStream();
    const logger = pino(readyPinoOptions({ serviceName: 'svc' }), out);
    const { exported } = inSpan(() => logger.info('hi'));
    expect(JSON.parse(out.lines()[0]!)).toMatchObject({ level: 'INFO', message: 'hi', logger: 'svc', trace_id: exported.spanContext().traceId });
  });
});
