import { useConfigFileEnv } from '@otelkit/core';
import { describe, expect, it } from 'vitest';
import { configSources } from './config-sources.js';

describe('configSources', () => {
  it('a start() option is code, a set variable env, anything else default', () => {
    const sources = configSources(
      { serviceName: 'api', otlp: { protocol: 'grpc' }, healthPort: 9090 },
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_PROPAGATORS: 'b3', OTEL_TRACES_SAMPLER: '  ' },
    );
    expect(sources).toMatchObject({
      serviceName: 'code',
      'otlp.protocol': 'code',
      'health.port': 'code',
      'otlp.endpoint': 'env',
      propagators: 'env',
      sampler: 'default',
      'otlp.headers': 'default',
    });
  });

  it('the traces-specific variable counts for the otlp settings too', () => {
    expect(configSources({}, { OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'a=b' })['otlp.headers']).toBe('env');
  });

  it('with a configuration file, what the file sets is file, OTELKIT_* from the process env, and OTEL_* of the process count for nothing', () => {
    process.env['OTEL_PROPAGATORS'] = 'b3';
    useConfigFileEnv({ file: 'otel.yaml', env: { OTEL_SERVICE_NAME: 'from-file', OTELKIT_HEALTH_PORT: '9465' }, fromFile: new Set(['OTEL_SERVICE_NAME']) });
    try {
      expect(configSources({ serverTiming: true })).toMatchObject({ serviceName: 'file', 'health.port': 'env', propagators: 'default', serverTiming: 'code' });
    } finally {
      useConfigFileEnv(undefined);
      delete process.env['OTEL_PROPAGATORS'];
    }
  });
});
