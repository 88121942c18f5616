import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetDiagRateLimit, setDiagSink, type OtelkitDiagSink } from '../diag.js';
import { OTELKIT_ENV_DEFINITIONS } from './definitions.js';
import { getEnvBoolean, getEnvEndpoint, getEnvKeyValues, getEnvList, getEnvNumber, getEnvString, missingSchemeFix } from './read.js';

let lines: string[];
let previous: OtelkitDiagSink;
beforeEach(() => {
  lines = [];
  resetDiagRateLimit();
  previous = setDiagSink((_level, line) => lines.push(line));
});
afterEach(() => {
  setDiagSink(previous);
});

describe('numeric variables (RELIABILITY C3)', () => {
  const numeric = OTELKIT_ENV_DEFINITIONS.filter((d) => (d.type === 'integer' || d.type === 'duration') && d.default !== undefined);
  const invalid = ['abc', '-1', '1.5', '1e12', '0x10', '12abc'];

  it.each(numeric.map((d) => d.name))('%s: every invalid value warns once, names the variable, and gives the default', (name) => {
    const def = numeric.find((d) => d.name === name)!;
    for (const value of invalid) {
      lines = [];
      expect(getEnvNumber(name, { [name]: value })).toBe(def.default);
      expect(getEnvNumber(name, { [name]: value })).toBe(def.default);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(name);
      expect(lines[0]).toContain(JSON.stringify(value));
    }
  });

  it('0 is invalid where the minimum is 1, and valid for limits', () => {
    expect(getEnvNumber('OTEL_BSP_MAX_QUEUE_SIZE', { OTEL_BSP_MAX_QUEUE_SIZE: '0' })).toBe(2048);
    expect(lines).toHaveLength(1);
    expect(getEnvNumber('OTEL_SPAN_EVENT_COUNT_LIMIT', { OTEL_SPAN_EVENT_COUNT_LIMIT: '0' })).toBe(0);
    expect(lines).toHaveLength(1);
  });

  it('empty and blank values mean unset, without a warning', () => {
    expect(getEnvNumber('OTEL_BSP_MAX_QUEUE_SIZE', { OTEL_BSP_MAX_QUEUE_SIZE: '' })).toBe(2048);
    expect(getEnvNumber('OTEL_BSP_MAX_QUEUE_SIZE', { OTEL_BSP_MAX_QUEUE_SIZE: '   ' })).toBe(2048);
    expect(lines).toEqual([]);
  });

  it('valid values are used, with surrounding blanks trimmed', () => {
    expect(getEnvNumber('OTEL_BSP_MAX_QUEUE_SIZE', { OTEL_BSP_MAX_QUEUE_SIZE: ' 8192 ' })).toBe(8192);
    expect(getEnvNumber('OTEL_TRACES_SAMPLER_ARG', { OTEL_TRACES_SAMPLER_ARG: '0.25' })).toBe(0.25);
    expect(lines).toEqual([]);
  });

  it('ratios outside 0..1 warn and fall back', () => {
    expect(getEnvNumber('OTEL_TRACES_SAMPLER_ARG', { OTEL_TRACES_SAMPLER_ARG: '2' })).toBe(1);
    expect(lines[0]).toContain('OTEL_TRACES_SAMPLER_ARG');
  });
});

describe('booleans (RELIABILITY C2)', () => {
  it.each(['true', 'TRUE', 'True', ' true '])('%s is true without a warning', (value) => {
    expect(getEnvBoolean('OTEL_SDK_DISABLED', { OTEL_SDK_DISABLED: value })).toBe(true);
    expect(lines).toEqual([]);
  });
  it.each(['1', 'yes', 'on'])('%s is false, with one warning', (value) => {
    expect(getEnvBoolean('OTEL_SDK_DISABLED', { OTEL_SDK_DISABLED: value })).toBe(false);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('OTEL_SDK_DISABLED');
  });
});

describe('enums and lists (RELIABILITY C4)', () => {
  it('an unknown enum value warns and gives the default', () => {
    expect(getEnvString('OTEL_TRACES_SAMPLER', { OTEL_TRACES_SAMPLER: 'foo' })).toBe('parentbased_always_on');
    expect(getEnvString('OTEL_EXPORTER_OTLP_PROTOCOL', { OTEL_EXPORTER_OTLP_PROTOCOL: 'xml' })).toBe('http/protobuf');
    expect(lines).toHaveLength(2);
  });
  it('enum values are case-insensitive', () => {
    expect(getEnvString('OTEL_TRACES_SAMPLER', { OTEL_TRACES_SAMPLER: 'AlWaYs_On' })).toBe('always_on');
    expect(lines).toEqual([]);
  });
  it('propagators are de-duplicated and unknown names skipped with one warning', () => {
    expect(getEnvList('OTEL_PROPAGATORS', { OTEL_PROPAGATORS: 'foo,tracecontext,tracecontext' })).toEqual(['tracecontext']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"foo"');
  });
  it('a list with nothing valid falls back to the default', () => {
    expect(getEnvList('OTEL_PROPAGATORS', { OTEL_PROPAGATORS: 'foo,bar' })).toEqual(['tracecontext', 'baggage']);
  });
  it('an empty value means off only where the table says so', () => {
    expect(getEnvString('OTELKIT_TRACE_RESPONSE_HEADER', { OTELKIT_TRACE_RESPONSE_HEADER: '' })).toBe('');
    expect(getEnvString('OTELKIT_TRACE_RESPONSE_HEADER', {})).toBe('X-Trace-ID');
    expect(getEnvString('OTEL_SERVICE_NAME', { OTEL_SERVICE_NAME: '' })).toBeUndefined();
  });
  it('a URL that does not parse warns', () => {
    expect(getEnvString('OTEL_EXPORTER_OTLP_ENDPOINT', { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' })).toBeUndefined();
    expect(lines[0]).toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
  });
});

describe('key/value lists', () => {
  it('headers: bad pairs are skipped, good ones kept, and values never printed (C5)', () => {
    const value = 'good=yes,a,=b,k=,%zz=1,bad=%zz,crlf=v%0D%0AX:%20y,x-canary=CANARY123,eq=v=w';
    const pairs = getEnvKeyValues('OTEL_EXPORTER_OTLP_HEADERS', 'skip-invalid', { OTEL_EXPORTER_OTLP_HEADERS: value });
    expect(pairs).toEqual({ good: 'yes', 'x-canary': 'CANARY123', eq: 'v=w' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('OTEL_EXPORTER_OTLP_HEADERS');
    expect(lines[0]).not.toContain('CANARY123');
    expect(lines[0]).not.toContain('%zz');
  });
  it('resource attributes: any malformed pair discards the whole value with one warning (C7)', () => {
    const env = { OTEL_RESOURCE_ATTRIBUTES: 'a,=b,c=%zz,ok=1' };
    expect(getEnvKeyValues('OTEL_RESOURCE_ATTRIBUTES', 'all-or-nothing', env)).toEqual({});
    expect(lines).toHaveLength(1);
  });
  it('resource attributes are percent-decoded', () => {
    const env = { OTEL_RESOURCE_ATTRIBUTES: 'team=pay%20ments,region=eu' };
    expect(getEnvKeyValues('OTEL_RESOURCE_ATTRIBUTES', 'all-or-nothing', env)).toEqual({ team: 'pay ments', region: 'eu' });
  });
});

describe('the table', () => {
  it('has unique names and a description for every row', () => {
    const names = OTELKIT_ENV_DEFINITIONS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const def of OTELKIT_ENV_DEFINITIONS) expect(def.description.length).toBeGreaterThan(10);
  });
  it('covers the variables the foundation promises', () => {
    const names = new Set(OTELKIT_ENV_DEFINITIONS.map((d) => d.name));
    for (const name of [
      'OTEL_SDK_DISABLED', 'OTEL_SERVICE_NAME', 'OTEL_RESOURCE_ATTRIBUTES', 'OTEL_LOG_LEVEL', 'OTEL_PROPAGATORS',
      'OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG', 'OTEL_TRACES_EXPORTER', 'OTEL_METRICS_EXPORTER', 'OTEL_LOGS_EXPORTER',
      'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_LOGS_HEADERS', 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL',
      'OTEL_BSP_MAX_QUEUE_SIZE', 'OTEL_BLRP_SCHEDULE_DELAY', 'OTEL_ATTRIBUTE_COUNT_LIMIT', 'OTEL_SPAN_LINK_COUNT_LIMIT',
      'OTEL_METRIC_EXPORT_INTERVAL', 'OTEL_METRIC_EXPORT_TIMEOUT', 'OTEL_NODE_ENABLED_INSTRUMENTATIONS',
      'OTEL_NODE_DISABLED_INSTRUMENTATIONS', 'OTEL_NODE_RESOURCE_DETECTORS', 'OTELKIT_TRACE_RESPONSE_HEADER',
    ]) {
      expect(names.has(name), name).toBe(true);
    }
  });
});

describe('endpoints without a scheme', () => {
  it('otel-collector:4318 is rejected with one warning that names the variable and the fix, and the default is used', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4318' };
    expect(getEnvString('OTEL_EXPORTER_OTLP_ENDPOINT', env)).toBeUndefined();
    expect(getEnvEndpoint('OTEL_EXPORTER_OTLP_ENDPOINT', false, env)).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('OTEL_EXPORTER_OTLP_ENDPOINT="otel-collector:4318"');
    expect(lines[0]).toContain('http://otel-collector:4318');
  });

  it('a value that no scheme would make a URL gets the general hint, not a wrong fix', () => {
    expect(getEnvEndpoint('OTEL_EXPORTER_OTLP_ENDPOINT', false, { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' })).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('expected an absolute URL such as http://collector:4318');
    expect(lines[0]).not.toContain('http://not a url');
  });

  it('a gRPC target may be host:port', () => {
    expect(getEnvEndpoint('OTEL_EXPORTER_OTLP_ENDPOINT', true, { OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4317' })).toBe('otel-collector:4317');
    expect(lines).toEqual([]);
  });

  it('missingSchemeFix only fires without scheme://', () => {
    expect(missingSchemeFix('localhost:4318')).toBe('http://localhost:4318');
    expect(missingSchemeFix('https://collector')).toBeUndefined();
    expect(missingSchemeFix('10.0.0.1:4318')).toBe('http://10.0.0.1:4318');
  });
});
