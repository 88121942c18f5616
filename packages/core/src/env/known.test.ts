import { describe, expect, it } from 'vitest';
import { resetDiagRateLimit, setDiagSink } from '../diag.js';
import { OTELKIT_ENV_DEFINITIONS } from './definitions.js';
import { closestEnvName, findUnknownEnvVariables, knownEnvNames, warnUnknownEnvVariables } from './known.js';

/** The diagnostic lines `run` prints, from a fresh rate limit. */
function printedBy(run: () => void): string[] {
  const printed: string[] = [];
  resetDiagRateLimit();
  const previous = setDiagSink((_level, line) => void printed.push(line));
  try {
    run();
  } finally {
    setDiagSink(previous);
  }
  return printed;
}

describe('known variable names', () => {
  it('include every row of otelkit\'s table', () => {
    for (const def of OTELKIT_ENV_DEFINITIONS) expect(knownEnvNames().has(def.name), def.name).toBe(true);
  });

  it.each([
    'OTEL_EXPORTER_OTLP_LOGS_INSECURE', 'OTEL_METRICS_EXEMPLAR_FILTER', 'OTEL_EXPORTER_ZIPKIN_ENDPOINT', 'OTEL_ENTITIES',
    'OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION', 'OTEL_BLRP_EXPORT_TIMEOUT', 'OTEL_CONFIG_FILE',
    'OTEL_SEMCONV_STABILITY_OPT_IN', 'OTEL_NODE_RESOURCE_DETECTORS', 'OTEL_NODE_ENABLED_INSTRUMENTATIONS', 'OTEL_EXPORTER_JAEGER_AGENT_HOST',
  ])('include %s (specification or upstream Node.js), which otelkit may not read', (name) => {
    expect(knownEnvNames().has(name)).toBe(true);
  });
});

describe('closestEnvName', () => {
  it.each([
    ['OTEL_EXPORTER_OTLP_ENDPONT', 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    ['OTEL_EXPORTER_OTLP_TRACE_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
    ['OTEL_SERIVCE_NAME', 'OTEL_SERVICE_NAME'],
    ['OTELKIT_HEALTHPORT', 'OTELKIT_HEALTH_PORT'],
    ['OTEL_TRACE_SAMPLER', 'OTEL_TRACES_SAMPLER'],
  ])('%s → %s', (typo, meant) => {
    expect(closestEnvName(typo)).toBe(meant);
  });

  it('suggests nothing for a name far from every known one', () => {
    expect(closestEnvName('OTEL_COLLECTOR_IMAGE')).toBeUndefined();
  });
});

describe('findUnknownEnvVariables / warnUnknownEnvVariables', () => {
  const env = {
    OTEL_EXPORTER_OTLP_ENDPONT: 'http://x:4318',
    OTEL_SERVICE_NAME: 'known',
    OTEL_COLLECTOR_IMAGE: 'otel/collector',
    OTELKIT_SOMETHING_ELSE: '1',
    PATH: '/bin',
    OTELFOO: 'not our prefix',
  };

  it('lists the unknown OTEL_* and OTELKIT_* names, sorted, with a suggestion where one is close', () => {
    expect(findUnknownEnvVariables(env)).toEqual([
      { name: 'OTELKIT_SOMETHING_ELSE', suggestion: undefined },
      { name: 'OTEL_COLLECTOR_IMAGE', suggestion: undefined },
      { name: 'OTEL_EXPORTER_OTLP_ENDPONT', suggestion: 'OTEL_EXPORTER_OTLP_ENDPOINT' },
    ]);
  });

  it('warns once per typo and per unknown OTELKIT_* name, and leaves other tools\' OTEL_* names alone', () => {
    const lines = printedBy(() => {
      warnUnknownEnvVariables(env);
      warnUnknownEnvVariables(env);
    });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^otelkit WARN OTELKIT_SOMETHING_ELSE is not a variable/);
    expect(lines[1]).toMatch(/OTEL_EXPORTER_OTLP_ENDPONT .*did you mean OTEL_EXPORTER_OTLP_ENDPOINT\?$/);
  });

  it('says nothing when every name is known', () => {
    expect(printedBy(() => warnUnknownEnvVariables({ OTEL_SERVICE_NAME: 'a', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTELKIT_HEALTH_PORT: '9090' }))).toEqual([]);
  });
});
