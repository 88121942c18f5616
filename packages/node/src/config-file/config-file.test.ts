import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useConfigFileEnv, type OtelkitEnvSource } from '@otelkit/core';
import { stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeConfig } from '../config.js';
import { fileEnvView } from './apply.js';
import { effectiveConfigModel } from './from-env.js';
import { readConfigFile } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'otelkit-config-file-unit-'));
let n = 0;
function write(text: string): string {
  const path = join(dir, `c${n++}.yaml`);
  writeFileSync(path, text);
  return path;
}

/** normalizeConfig() as the readers see `env`. */
function configUnder(env: OtelkitEnvSource): ReturnType<typeof normalizeConfig> {
  useConfigFileEnv({ file: 'test', env, fromFile: new Set() });
  try {
    return normalizeConfig();
  } finally {
    useConfigFileEnv(undefined);
  }
}

afterEach(() => useConfigFileEnv(undefined));

describe('readConfigFile', () => {
  it('translates a 1.0 file and names each field otelkit cannot honour', () => {
    const result = readConfigFile(write(`file_format: "1.0"
tracer_provider:
  processors:
    - simple:
        exporter:
          otlp_grpc:
            endpoint: http://collector:4317
            headers:
              - name: Authorization
                value: Bearer abc
  sampler:
    parent_based:
      root:
        trace_id_ratio_based:
          ratio: 0.25
      remote_parent_not_sampled:
        always_on:
meter_provider:
  readers:
    - pull:
        exporter:
          prometheus/development:
            port: 9999
  views:
    - selector:
        instrument_name: x
      stream:
        aggregation:
          drop:
`));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.env).toMatchObject({
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4317',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'Authorization=Bearer%20abc',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_METRICS_EXPORTER: 'prometheus',
      OTEL_EXPORTER_PROMETHEUS_PORT: '9999',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_PROPAGATORS: 'none',
    });
    expect(result.problems).toEqual([
      'tracer_provider.processors[0].simple: not supported, batch used',
      'tracer_provider.sampler.parent_based.remote_parent_not_sampled: only always_off is supported (the parent\'s decision); always_off used',
      'meter_provider.views: not supported by otelkit; ignored',
    ]);
  });

  it('substitutes ${VAR:-default} and reads distribution.otelkit', () => {
    process.env['OTELKIT_TEST_HEADER'] = 'X-Request-Trace';
    const result = readConfigFile(write(`file_format: "1.1"
distribution:
  otelkit:
    trace_response_header: \${OTELKIT_TEST_HEADER}
    ignore_paths: [/a, /b/*]
    health_port: \${HEALTH_PORT_UNSET:-9465}
    compile_cache: false
    no_such_setting: 1
    metrics_namespace: autonomos
    metrics_names: { job.processed: jobs, http_requests: api_requests }
    metrics_labels: { "http_requests:status": status_code }
`));
    delete process.env['OTELKIT_TEST_HEADER'];
    expect(result).toMatchObject({
      ok: true,
      env: {
        OTELKIT_TRACE_RESPONSE_HEADER: 'X-Request-Trace', OTELKIT_IGNORE_PATHS: '/a,/b/*', OTELKIT_HEALTH_PORT: '9465',
        // The metric naming as mappings, in the variables' key=value syntax.
        OTELKIT_METRICS_NAMESPACE: 'autonomos', OTELKIT_METRICS_NAMES: 'job.processed=jobs,http_requests=api_requests', OTELKIT_METRICS_LABELS: 'http_requests:status=status_code',
      },
      problems: [
        'distribution.otelkit.compile_cache: read before the file; set OTELKIT_COMPILE_CACHE in the environment',
        'distribution.otelkit.no_such_setting: not an otelkit setting; ignored',
      ],
    });
  });

  it('reports a schema violation with its field, a syntax error, a missing file and an unsupported file_format', () => {
    expect(readConfigFile(write('file_format: "1.1"\ntracer_provider:\n  processors: 3\n'))).toMatchObject({ ok: false, problems: [expect.stringMatching(/^tracer_provider\.processors: must be array/)] });
    expect(readConfigFile(write('file_format: "1.1"\nresource: {attributes: [\n'))).toMatchObject({ ok: false, problems: [expect.stringMatching(/^YAML syntax error/)] });
    expect(readConfigFile(join(dir, 'none.yaml'))).toMatchObject({ ok: false, problems: ['cannot be read (ENOENT)'] });
    expect(readConfigFile(write('file_format: "2.0"\n'))).toMatchObject({ ok: false, problems: [expect.stringContaining('Unsupported file_format: "2.0"')] });
  });
});

describe('effectiveConfigModel', () => {
  it('round-trips: the printed file, loaded back, gives the same effective configuration', () => {
    const env: OtelkitEnvSource = {
      OTEL_SERVICE_NAME: 'shop',
      OTEL_RESOURCE_ATTRIBUTES: 'team=payments,region=eu%2Cwest',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.1',
      OTEL_PROPAGATORS: 'tracecontext,baggage,b3',
      OTEL_TRACES_EXPORTER: 'otlp,console',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'X-Scope-OrgID=tenant-1',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      OTEL_METRICS_EXPORTER: 'otlp,prometheus',
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://collector:4317',
      OTEL_METRIC_EXPORT_INTERVAL: '15000',
      OTEL_EXPORTER_PROMETHEUS_PORT: '9999',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_SPAN_EVENT_COUNT_LIMIT: '64',
      OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'fs,dns',
      OTELKIT_TRACE_RESPONSE_HEADER: '',
      OTELKIT_IGNORE_PATHS: '/internal/*',
      OTELKIT_HEALTH_PORT: '9465',
      OTELKIT_METRICS_PROFILE: 'prometheus-classic',
      OTELKIT_REDACT_QUERY_PARAMS: 'session',
    };
    const before = configUnder(env);
    const file = write(stringify(effectiveConfigModel(env)));
    const result = readConfigFile(file);
    expect(result).toMatchObject({ ok: true, problems: [] });
    if (!result.ok) return;
    const after = configUnder(fileEnvView(result, {}));
    expect(after).toEqual(before);
    expect(before.traceResponseHeader).toBe(false);
    expect(before.otlp.headers).toEqual({ 'X-Scope-OrgID': 'tenant-1' });
  });

  it('redacts credential headers and keeps tenant ids', () => {
    const model = effectiveConfigModel({ OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer%20s3cret,X-Scope-OrgID=tenant-1,x-api-key=k' });
    const text = stringify(model);
    expect(text).not.toContain('s3cret');
    expect(text).not.toMatch(/value: k$/m);
    expect(text).toContain('tenant-1');
    expect(text).toContain('[REDACTED]');
  });
});
