import { execFileSync } from 'node:child_process';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OtelkitError, resetDiagRateLimit, setDiagSink, type OtelkitDiagSink } from '@otelkit/core';
import { normalizeConfig } from './config.js';
import { selectInstrumentations } from './instrumentations/select.js';
import { untrustedRequests } from './instrumentations/trace-context.js';

const saved = { ...process.env };
let lines: string[];
let previous: OtelkitDiagSink;
beforeEach(() => {
  lines = [];
  resetDiagRateLimit();
  previous = setDiagSink((_l, line) => lines.push(line));
  for (const key of Object.keys(process.env)) if (key.startsWith('OTEL') || key === 'NODE_ENV') delete process.env[key];
});
afterEach(() => {
  setDiagSink(previous);
  process.env = { ...saved };
});

describe('normalizeConfig', () => {
  it('gives the documented defaults', () => {
    const c = normalizeConfig();
    expect(c.otlp).toEqual({ endpoint: 'http://localhost:4318/v1/traces', protocol: 'http/protobuf', headers: {}, timeoutMs: 10000, compression: 'none' });
    expect(c.sampler).toBe('parentbased_always_on');
    expect(c.propagators).toEqual(['tracecontext', 'baggage']);
    expect(c.traceResponseHeader).toBe('X-Trace-ID');
    expect(c.traceContext).toBe('trust');
    expect(c.batch).toEqual({ scheduledDelayMillis: 5000, exportTimeoutMillis: 30000, maxQueueSize: 2048, maxExportBatchSize: 512 });
    expect(c.shutdownTimeoutMs).toBe(5000);
    expect(Object.isFrozen(c)).toBe(true);
    expect(lines).toEqual([]);
  });

  it('options win over the environment, which wins over defaults', () => {
    process.env['OTEL_SERVICE_NAME'] = 'from-env';
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = 'http://collector:4318/';
    process.env['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT'] = '2500';
    process.env['OTEL_EXPORTER_OTLP_TIMEOUT'] = '9000';
    expect(normalizeConfig().serviceName).toBe('from-env');
    expect(normalizeConfig().otlp.endpoint).toBe('http://collector:4318/v1/traces');
    expect(normalizeConfig().otlp.timeoutMs).toBe(2500);
    expect(normalizeConfig({ serviceName: 'explicit', otlp: { timeoutMs: 100 } })).toMatchObject({ serviceName: 'explicit', otlp: { timeoutMs: 100 } });
  });

  it('a signal-specific endpoint is used as is; gRPC gets no path', () => {
    process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] = 'http://tempo:4318/custom';
    expect(normalizeConfig().otlp.endpoint).toBe('http://tempo:4318/custom');
    delete process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
    process.env['OTEL_EXPORTER_OTLP_PROTOCOL'] = 'grpc';
    expect(normalizeConfig().otlp.endpoint).toBe('http://localhost:4317');
  });

  it('batch size is clamped to the queue size', () => {
    process.env['OTEL_BSP_MAX_QUEUE_SIZE'] = '100';
    expect(normalizeConfig().batch.maxExportBatchSize).toBe(100);
  });

  it('an empty OTELKIT_TRACE_RESPONSE_HEADER turns the header off; an invalid one warns and keeps the default', () => {
    process.env['OTELKIT_TRACE_RESPONSE_HEADER'] = '';
    expect(normalizeConfig().traceResponseHeader).toBe(false);
    process.env['OTELKIT_TRACE_RESPONSE_HEADER'] = 'Bad Header';
    expect(normalizeConfig().traceResponseHeader).toBe('X-Trace-ID');
    expect(lines.filter((l) => l.includes('OTELKIT_TRACE_RESPONSE_HEADER'))).toHaveLength(1);
  });

  it('traceContext: a string option wins over OTELKIT_TRACE_CONTEXT, which a predicate leaves as the global mode', () => {
    process.env['OTELKIT_TRACE_CONTEXT'] = 'EDGE';
    expect(normalizeConfig().traceContext).toBe('edge');
    expect(normalizeConfig({ traceContext: 'trust' }).traceContext).toBe('trust');
    expect(normalizeConfig({ traceContext: () => 'trust' }).traceContext).toBe('edge');
    process.env['OTELKIT_TRACE_CONTEXT'] = 'public';
    expect(normalizeConfig().traceContext).toBe('trust');
    expect(lines.filter((l) => l.includes('OTELKIT_TRACE_CONTEXT'))).toHaveLength(1);
  });

  it.each([
    [{ samplerRatio: 2 }, 'OTELKIT_ERR_INVALID_OPTION'],
    [{ sampler: 'sometimes' }, 'OTELKIT_ERR_INVALID_OPTION'],
    [{ shutdownTimeoutMs: -1 }, 'OTELKIT_ERR_INVALID_OPTION'],
    [{ otlp: { endpoint: 'not a url' } }, 'OTELKIT_ERR_INVALID_OPTION'],
    [{ traceContext: 'public' }, 'OTELKIT_ERR_INVALID_OPTION'],
    [{ traceResponseHeader: 'X Trace' }, 'OTELKIT_ERR_INVALID_HEADER_NAME'],
    [{ serviceNme: 'typo' }, 'OTELKIT_ERR_UNKNOWN_OPTION'],
  ])('bad option %j throws %s', (options, code) => {
    let caught: unknown;
    try {
      normalizeConfig(options as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OtelkitError);
    expect((caught as OtelkitError).code).toBe(code);
  });
});

describe('selectInstrumentations', () => {
  const source = { enabled: 'OTEL_NODE_ENABLED_INSTRUMENTATIONS', disabled: 'OTEL_NODE_DISABLED_INSTRUMENTATIONS' };
  it('defaults to the upstream set minus the documented exclusions', () => {
    const names = selectInstrumentations(undefined, undefined, source).map((e) => e.name);
    expect(names).toContain('http');
    expect(names).toContain('express');
    expect(names).toContain('pg');
    for (const off of ['fs', 'host-metrics', 'runtime-node', 'aws-lambda', 'net', 'dns', 'router']) expect(names).not.toContain(off);
  });
  it('honours the enabled and disabled lists, full package names included, with one warning per unknown name', () => {
    const names = selectInstrumentations(['http', '@opentelemetry/instrumentation-pg', 'nosuch', 'fs'], ['fs'], source).map((e) => e.name);
    expect(names).toEqual(['http', 'pg']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"nosuch"');
  });
});

describe('instrumentation catalog', () => {
  it('matches the installed upstream set (run npm run gen:instrumentations -w @otelkit/node)', () => {
    const script = join(__dirname, '..', 'scripts', 'gen-instrumentations.cjs');
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});

const request = (url: string): IncomingMessage => ({ url }) as IncomingMessage;

describe('untrustedRequests', () => {
  it('is undefined when every caller is trusted, so the request path does no extra work', () => {
    expect(untrustedRequests(undefined, 'trust')).toBeUndefined();
    expect(untrustedRequests('trust', 'trust')).toBeUndefined();
  });

  it('marks every request in edge mode', () => {
    expect(untrustedRequests('edge', 'edge')?.(request('/'))).toBe(true);
    expect(untrustedRequests(undefined, 'edge')?.(request('/'))).toBe(true);
  });

  it('asks the predicate per request', () => {
    const untrusted = untrustedRequests((r) => (r.url?.startsWith('/public') ? 'edge' : 'trust'), 'trust')!;
    expect(untrusted(request('/public/x'))).toBe(true);
    expect(untrusted(request('/internal/x'))).toBe(false);
    expect(lines).toEqual([]);
  });

  it.each(['trust', 'edge'] as const)('a predicate that throws or answers nonsense falls back to the global mode (%s), with one warning each', (global) => {
    const throwing = untrustedRequests(() => {
      throw new Error('broken');
    }, global)!;
    const nonsense = untrustedRequests(() => 'public' as never, global)!;
    for (let i = 0; i < 3; i++) {
      expect(throwing(request('/'))).toBe(global === 'edge');
      expect(nonsense(request('/'))).toBe(global === 'edge');
    }
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('broken');
    expect(lines[1]).toContain('"public"');
  });
});
