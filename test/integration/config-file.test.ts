/**
 * OTEL_CONFIG_FILE under the preload: a real app, configured only by a declarative configuration
 * file, exports to a real OTLP receiver; the OTEL_* variables of the process are not read; a bad
 * file costs one warning line and the app keeps answering. Also: every example file in
 * docs/config-examples validates and drives a real app.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfigFile } from '@otelkit/node';
import { disposeAll, fixture, get, newReceiver, REPO_ROOT, serverSpans, startScenario, traceHeader } from './helpers.js';

afterAll(disposeAll);

const dir = mkdtempSync(join(tmpdir(), 'otelkit-config-file-'));
const EXAMPLES = join(REPO_ROOT, 'docs', 'config-examples');

function writeConfig(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const tracesTo = (format: string, sampler: string): string => `file_format: "${format}"
resource:
  attributes:
    - name: service.name
      value: from-file
    - name: team
      value: \${TEAM:-payments}
propagator:
  composite:
    - tracecontext:
tracer_provider:
  processors:
    - batch:
        schedule_delay: 50
        exporter:
          otlp_http:
            endpoint: \${RECEIVER}/v1/traces
  sampler:
${sampler}
`;

// Only the file may configure the exporter: this endpoint has nobody listening.
const CONFLICTING = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_SERVICE_NAME: 'from-env', OTEL_TRACES_SAMPLER: 'always_off' };

describe.each(['1.0', '1.1'])('file_format %s', (format) => {
  it('sends spans where the file says, with its resource, while conflicting OTEL_* variables are ignored', async () => {
    const receiver = await newReceiver();
    const file = writeConfig(`traces-${format}.yaml`, tracesTo(format, '    always_on:'));
    const scenario = await startScenario({ entry: fixture('http-app.cjs'), receiver, env: { ...CONFLICTING, OTEL_BSP_SCHEDULE_DELAY: undefined, OTEL_CONFIG_FILE: file, RECEIVER: receiver.url } });
    const res = await get(`${scenario.baseUrl}/seq`);
    expect(res.status).toBe(200);
    const id = traceHeader(res);
    await receiver.waitFor((r) => serverSpans(r.spans()).some((s) => s.traceId === id));
    const span = serverSpans(receiver.spans()).find((s) => s.traceId === id);
    expect(span?.resource['service.name']).toBe('from-file');
    expect(span?.resource['team']).toBe('payments');
    await scenario.stop();
    expect(scenario.app.stderr()).not.toMatch(/OTEL_CONFIG_FILE/);
  });
});

describe('sampler from the file', () => {
  it('parent_based with a ratio-0 root drops new traces and follows a sampled parent', async () => {
    const receiver = await newReceiver();
    const sampler = '    parent_based:\n      root:\n        trace_id_ratio_based:\n          ratio: 0';
    const file = writeConfig('sampler.yaml', tracesTo('1.1', sampler));
    const scenario = await startScenario({ entry: fixture('http-app.cjs'), receiver, env: { ...CONFLICTING, OTEL_TRACES_SAMPLER: 'always_on', OTEL_CONFIG_FILE: file, RECEIVER: receiver.url } });
    const dropped = traceHeader(await get(`${scenario.baseUrl}/seq`));
    const parentTrace = '0af7651916cd43dd8448eb211c80319c';
    await get(`${scenario.baseUrl}/seq`, { traceparent: `00-${parentTrace}-b7ad6b7169203331-01` });
    await receiver.waitFor((r) => serverSpans(r.spans()).some((s) => s.traceId === parentTrace));
    expect(serverSpans(receiver.spans()).some((s) => s.traceId === dropped)).toBe(false);
    await scenario.stop();
  });
});

describe('a bad file', () => {
  const cases: [string, string, RegExp][] = [
    ['schema violation', 'file_format: "1.1"\ntracer_provider:\n  processors:\n    - batch:\n        schedule_delay: soon\n        exporter:\n          console:\n', /tracer_provider\.processors\[0\]\.batch\.schedule_delay/],
    ['YAML syntax error', 'file_format: "1.1"\ntracer_provider: [unclosed\n', /YAML syntax error/],
    ['unsupported file_format', 'file_format: "2.0"\n', /file_format/],
  ];
  it.each(cases)('%s: exactly one warning naming the file and the problem; the app answers, uninstrumented', async (_name, text, problem) => {
    const receiver = await newReceiver();
    const file = writeConfig(`bad-${_name.replace(/\W/g, '-')}.yaml`, text);
    const scenario = await startScenario({ entry: fixture('http-app.cjs'), receiver, env: { OTEL_CONFIG_FILE: file } });
    const res = await get(`${scenario.baseUrl}/seq`);
    expect(res.status).toBe(200);
    await scenario.stop();
    const lines = scenario.app.stderr().split('\n').filter((l) => l.includes('OTEL_CONFIG_FILE'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(file);
    expect(lines[0]).toMatch(problem);
    expect(receiver.spans()).toHaveLength(0);
  });

  it('a missing file: one warning naming it', async () => {
    const file = join(dir, 'missing.yaml');
    const scenario = await startScenario({ entry: fixture('http-app.cjs'), env: { OTEL_CONFIG_FILE: file } });
    expect((await get(`${scenario.baseUrl}/seq`)).status).toBe(200);
    await scenario.stop();
    const lines = scenario.app.stderr().split('\n').filter((l) => l.includes('OTEL_CONFIG_FILE'));
    expect(lines).toEqual([expect.stringMatching(/missing\.yaml is invalid: cannot be read \(ENOENT\)/)]);
  });
});

describe('docs/config-examples', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));
  it('holds the Jaeger, Tempo and Collector examples', () => {
    expect(files.sort()).toEqual(['collector.yaml', 'jaeger.yaml', 'tempo.yaml']);
  });

  it.each(files)('%s validates with nothing otelkit ignores, and its app exports to the substituted endpoint', async (name) => {
    const receiver = await newReceiver();
    const env = { JAEGER_OTLP_ENDPOINT: receiver.url, TEMPO_OTLP_ENDPOINT: receiver.url, COLLECTOR_ENDPOINT: receiver.url, METRICS_PORT: '0', HEALTH_PORT: '0', HEALTH_HOST: '127.0.0.1' };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const result = readConfigFile(join(EXAMPLES, name));
      expect(result).toMatchObject({ ok: true, problems: [] });
    } finally {
      for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key];
    }
    const scenario = await startScenario({ entry: fixture('http-app.cjs'), receiver, env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: undefined, OTEL_CONFIG_FILE: join(EXAMPLES, name) } });
    const id = traceHeader(await get(`${scenario.baseUrl}/seq`));
    await scenario.stop();
    await receiver.waitFor((r) => serverSpans(r.spans()).some((s) => s.traceId === id));
    if (name === 'tempo.yaml') {
      const traces = receiver.requests().filter((r) => r.path === '/v1/traces');
      expect(traces.some((r) => r.headers['x-scope-orgid'] === 'team-a')).toBe(true);
    }
  });
});
