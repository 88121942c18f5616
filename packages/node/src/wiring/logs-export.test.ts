import { afterEach, describe, expect, it } from 'vitest';
import { signalOtlpOptions } from '../config.js';

const KEYS = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_LOGS_PROTOCOL', 'OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_LOGS_HEADERS', 'OTEL_EXPORTER_OTLP_LOGS_TIMEOUT', 'OTEL_EXPORTER_OTLP_TIMEOUT'];
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));

function withEnv(env: Record<string, string>): ReturnType<typeof signalOtlpOptions> {
  for (const k of KEYS) delete process.env[k];
  Object.assign(process.env, env);
  return signalOtlpOptions('LOGS');
}

afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe("signalOtlpOptions('LOGS')", () => {
  it('appends /v1/logs to the generic endpoint, and uses the logs endpoint as is', () => {
    expect(withEnv({}).endpoint).toBe('http://localhost:4318/v1/logs');
    expect(withEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }).endpoint).toBe('http://c:4318/v1/logs');
    expect(withEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/base/' }).endpoint).toBe('http://c:4318/base/v1/logs');
    expect(withEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://l:9/custom' }).endpoint).toBe('http://l:9/custom');
  });

  it('gRPC defaults to port 4317 without a path', () => {
    expect(withEnv({ OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'grpc' })).toMatchObject({ protocol: 'grpc', endpoint: 'http://localhost:4317' });
  });

  it('merges headers (logs win) and reads the logs timeout over the generic one', () => {
    const o = withEnv({ OTEL_EXPORTER_OTLP_HEADERS: 'a=1,b=2', OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'b=3', OTEL_EXPORTER_OTLP_TIMEOUT: '5000', OTEL_EXPORTER_OTLP_LOGS_TIMEOUT: '700' });
    expect(o.headers).toEqual({ a: '1', b: '3' });
    expect(o.timeoutMs).toBe(700);
    expect(o.protocol).toBe('http/protobuf');
  });
});
