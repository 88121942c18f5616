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
});
