/**
 * examples/stack without Docker: every file parses, the Collector pipelines name only components
 * the file defines, the ports are otelkit's defaults, and every name docker-compose.yml, Prometheus
 * and Grafana reach for (services, mounted files, data source uids) exists. promtool checks the
 * Prometheus config and the rules it loads where promtool is installed (REQUIRE_PROMTOOL=1, set by
 * .ci/run, makes a missing promtool a failure).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getEnvDefinition, otlpEndpointFromEnv } from '@otelkit/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const STACK = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'stack');
const COLLECTOR_FILES = ['collector/otelcol.yaml', 'collector/agent.yaml', 'collector/gateway.yaml'];

type Yaml = Record<string, unknown>;
const load = (path: string): Yaml => parse(readFileSync(join(STACK, path), 'utf8')) as Yaml;
const record = (value: unknown): Yaml => (value !== null && typeof value === 'object' ? (value as Yaml) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [relative(STACK, path)];
  });
}

/** otelkit's defaults, from the code that applies them rather than from copies. */
const OTLP_HTTP_PORT = Number(new URL(otlpEndpointFromEnv('TRACES', 'http/protobuf', {})).port);
const OTLP_GRPC_PORT = Number(new URL(otlpEndpointFromEnv('TRACES', 'grpc', {})).port);
const PROMETHEUS_PORT = getEnvDefinition('OTEL_EXPORTER_PROMETHEUS_PORT')?.default as number;

const compose = load('docker-compose.yml');
const services = record(compose['services']);
const serviceNames = new Set(Object.keys(services));

/** `host:port` or a URL's host and port. */
function hostPort(endpoint: string): { host: string; port: number } {
  const url = new URL(endpoint.includes('://') ? endpoint : `tcp://${endpoint}`);
  return { host: url.hostname, port: Number(url.port) };
}

/**
 * Component types the pinned image (otel/opentelemetry-collector-contrib) builds in, by the module
 * each comes from in the distribution's manifest (opentelemetry-collector-releases,
 * distributions/otelcol-contrib/manifest.yaml): otlpreceiver, memorylimiterprocessor,
 * batchprocessor, tailsamplingprocessor, otlpexporter, otlphttpexporter,
 * prometheusremotewriteexporter, loadbalancingexporter, healthcheckextension. A type outside the
 * list (a typo, or a component of another distribution) fails here instead of at `docker compose up`.
 */
const CONTRIB_COMPONENTS: Readonly<Record<'receivers' | 'processors' | 'exporters' | 'extensions', readonly string[]>> = {
  receivers: ['otlp'],
  processors: ['memory_limiter', 'batch', 'tail_sampling'],
  exporters: ['otlp', 'otlphttp', 'prometheusremotewrite', 'loadbalancing'],
  extensions: ['health_check'],
};

/** A Collector config's component ids by kind (`otlp/tempo` counts as defined when `exporters` has that key). */
function pipelineProblems(config: Yaml): string[] {
  const problems: string[] = [];
  const service = record(config['service']);
  for (const extension of list(service['extensions'])) if (!(String(extension) in record(config['extensions']))) problems.push(`extension ${String(extension)} is not defined`);
  const used = { receivers: new Set<string>(), processors: new Set<string>(), exporters: new Set<string>() };
  const pipelines = record(service['pipelines']);
  if (Object.keys(pipelines).length === 0) problems.push('no pipelines');
  for (const [name, pipeline] of Object.entries(pipelines)) {
    for (const kind of ['receivers', 'processors', 'exporters'] as const) {
      const ids = list(record(pipeline)[kind]).map(String);
      if (kind !== 'processors' && ids.length === 0) problems.push(`pipeline ${name} has no ${kind}`);
      for (const id of ids) {
        used[kind].add(id);
        if (!(id in record(config[kind]))) problems.push(`pipeline ${name} uses ${kind.slice(0, -1)} ${id}, which is not defined`);
      }
    }
    const processors = list(record(pipeline)['processors']).map(String);
    // The Collector's documented order: the memory limiter first, batching last.
    if (processors[0] !== 'memory_limiter') problems.push(`pipeline ${name}: memory_limiter must come first (has ${processors.join(', ')})`);
    if (processors.at(-1) !== 'batch') problems.push(`pipeline ${name}: batch must come last (has ${processors.join(', ')})`);
  }
  for (const kind of ['receivers', 'processors', 'exporters'] as const) {
    for (const id of Object.keys(record(config[kind]))) if (!used[kind].has(id)) problems.push(`${kind.slice(0, -1)} ${id} is defined but in no pipeline`);
  }
  return problems;
}

describe('examples/stack files', () => {
  it('every YAML and JSON file parses', () => {
    const files = filesUnder(STACK);
    const yamlFiles = files.filter((f) => /\.ya?ml$/.test(f));
    expect(yamlFiles.length).toBeGreaterThanOrEqual(12);
    for (const file of yamlFiles) expect(() => load(file), file).not.toThrow();
    for (const file of files.filter((f) => f.endsWith('.json'))) expect(() => JSON.parse(readFileSync(join(STACK, file), 'utf8')), file).not.toThrow();
  });

  it.each(COLLECTOR_FILES)('%s: every pipeline component is defined and used, memory_limiter first and batch last', (file) => {
    expect(pipelineProblems(load(file))).toEqual([]);
  });

  it.each(COLLECTOR_FILES)('%s: every component is one the pinned contrib image builds in', (file) => {
    const config = load(file);
    const unknown = (Object.keys(CONTRIB_COMPONENTS) as Array<keyof typeof CONTRIB_COMPONENTS>).flatMap((kind) =>
      Object.keys(record(config[kind]))
        .filter((id) => !CONTRIB_COMPONENTS[kind].includes(id.split('/')[0]!))
        .map((id) => `${kind}: ${id}`),
    );
    expect(unknown).toEqual([]);
  });

  it.each(COLLECTOR_FILES)("%s: OTLP is received on otelkit's default ports (gRPC and HTTP)", (file) => {
    const protocols = record(record(record(load(file)['receivers'])['otlp'])['protocols']);
    expect(hostPort(String(record(protocols['grpc'])['endpoint']))).toEqual({ host: '0.0.0.0', port: OTLP_GRPC_PORT });
    expect(hostPort(String(record(protocols['http'])['endpoint']))).toEqual({ host: '0.0.0.0', port: OTLP_HTTP_PORT });
  });

  it('the single Collector exports traces to Tempo and Jaeger, metrics to Prometheus, logs to Loki', () => {
    const config = load('collector/otelcol.yaml');
    const pipelines = record(record(config['service'])['pipelines']);
    const hostsOf = (pipeline: string): string[] =>
      list(record(pipelines[pipeline])['exporters']).map((id) => hostPort(String(record(record(config['exporters'])[String(id)])['endpoint'])).host);
    expect(hostsOf('traces').sort()).toEqual(['jaeger', 'tempo']);
    expect(hostsOf('metrics')).toEqual(['prometheus']);
    expect(hostsOf('logs')).toEqual(['loki']);
    expect(String(record(record(config['exporters'])['otlphttp/loki'])['endpoint'])).toMatch(/\/otlp$/);
  });

  it('the agent tier routes traces by trace id to the gateways, which tail-sample', () => {
    const agent = load('collector/agent.yaml');
    const lb = record(record(agent['exporters'])['loadbalancing']);
    expect(lb['routing_key']).toBe('traceID');
    const dns = record(record(lb['resolver'])['dns']);
    expect(serviceNames).toContain(String(dns['hostname']));
    expect(dns['port']).toBe(OTLP_GRPC_PORT);
    expect(list(record(record(record(agent['service'])['pipelines'])['traces'])['exporters'])).toEqual(['loadbalancing']);
    const gateway = load('collector/gateway.yaml');
    expect(list(record(record(record(gateway['service'])['pipelines'])['traces'])['processors'])).toContain('tail_sampling');
    expect(list(record(record(gateway['processors'])['tail_sampling'])['policies']).length).toBeGreaterThan(0);
  });

  it('every host a Collector exports to is a compose service', () => {
    for (const file of COLLECTOR_FILES) {
      for (const [id, exporter] of Object.entries(record(load(file)['exporters']))) {
        const endpoint = record(exporter)['endpoint'];
        if (typeof endpoint === 'string') expect(serviceNames, `${file} ${id}`).toContain(hostPort(endpoint).host);
      }
    }
  });
});

describe('examples/stack docker-compose.yml', () => {
  it('pins every image to a version', () => {
    for (const [name, service] of Object.entries(services)) expect(String(record(service)['image']), name).toMatch(/^[\w./-]+:v?\d+\.\d+\.\d+$/);
  });

  it('every service it depends on exists', () => {
    for (const [name, service] of Object.entries(services)) {
      const dependsOn = record(service)['depends_on'];
      const names = Array.isArray(dependsOn) ? dependsOn.map(String) : Object.keys(record(dependsOn));
      for (const dependency of names) expect(serviceNames, `${name} depends on ${dependency}`).toContain(dependency);
    }
  });

  it('every bind-mounted file or folder exists, and every config a command names is mounted', () => {
    for (const [name, service] of Object.entries(services)) {
      const mounts = list(record(service)['volumes']).map(String).map((v) => v.split(':'));
      const targets = mounts.map(([, target]) => target!);
      for (const [source] of mounts) if (source!.startsWith('.')) expect(existsSync(join(STACK, source!)), `${name}: ${source}`).toBe(true);
      for (const argument of list(record(service)['command']).map(String)) {
        const path = /^-?-config(?:\.file)?=(.+)$/.exec(argument)?.[1];
        if (path !== undefined) expect(targets.some((t) => path === t || path.startsWith(`${t}/`)), `${name}: ${path}`).toBe(true);
      }
    }
  });

  it("publishes OTLP on otelkit's default ports, on loopback only", () => {
    const ports = (name: string): string[] => list(record(services[name])['ports']).map(String);
    expect(ports('otel-collector')).toEqual(expect.arrayContaining([`127.0.0.1:${OTLP_GRPC_PORT}:${OTLP_GRPC_PORT}`, `127.0.0.1:${OTLP_HTTP_PORT}:${OTLP_HTTP_PORT}`]));
    expect(ports('otelcol-agent').map((p) => Number(p.split(':').at(-1)))).toEqual(expect.arrayContaining([OTLP_GRPC_PORT, OTLP_HTTP_PORT]));
    for (const [name, service] of Object.entries(services)) for (const port of list(record(service)['ports']).map(String)) expect(port, name).toMatch(/^127\.0\.0\.1:/);
  });
});

describe('examples/stack Prometheus and Grafana', () => {
  const prometheus = load('prometheus/prometheus.yml');
  const scrapeConfigs = list(prometheus['scrape_configs']).map(record);

  it("scrapes an otelkit app on otelkit's /metrics port, under the job the generated SLO rules select", () => {
    const app = scrapeConfigs.find((c) => c['job_name'] === 'otelkit-app');
    const targets = list(record(list(app?.['static_configs'])[0])['targets']).map(String);
    expect(targets.map((t) => hostPort(t).port)).toEqual([PROMETHEUS_PORT]);
    expect(readFileSync(join(STACK, 'slo.yaml'), 'utf8')).toMatch(/^selector: job="otelkit-app"$/m);
  });

  it('loads the generated rules and sends alerts to the compose Alertmanager', () => {
    expect(list(prometheus['rule_files'])).toEqual(['../generated/prometheus/rules/*.yaml']);
    const alertmanager = String(list(record(list(record(list(record(prometheus['alerting'])['alertmanagers'])[0])['static_configs'])[0])['targets'])[0]);
    expect(serviceNames).toContain(hostPort(alertmanager).host);
  });

  it('every scrape target is a compose service, the host or Prometheus itself', () => {
    const hosts = scrapeConfigs.flatMap((c) => [
      ...list(c['static_configs']).flatMap((s) => list(record(s)['targets']).map((t) => hostPort(String(t)).host)),
      ...list(c['dns_sd_configs']).flatMap((s) => list(record(s)['names']).map(String)),
    ]);
    for (const host of hosts) expect([...serviceNames, 'host.docker.internal', 'localhost'], host).toContain(host);
  });

  it('Grafana data sources point at compose services and link traces, logs and metrics by uid', () => {
    const datasources = list(load('grafana/provisioning/datasources/datasources.yaml')['datasources']).map(record);
    const uids = new Set(datasources.map((d) => String(d['uid'])));
    for (const d of datasources) expect(serviceNames, String(d['name'])).toContain(new URL(String(d['url'])).hostname);
    const linked: string[] = [];
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value !== null && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          if (key === 'datasourceUid') linked.push(String(inner));
          else collect(inner);
        }
      }
    };
    collect(datasources);
    for (const uid of linked) expect(uids).toContain(uid);
    const byUid = new Map(datasources.map((d) => [String(d['uid']), record(d['jsonData'])]));
    expect(record(byUid.get('tempo')?.['tracesToLogsV2'])).toMatchObject({ datasourceUid: 'loki', filterByTraceID: true });
    expect(list(byUid.get('loki')?.['derivedFields']).map((f) => record(f)['datasourceUid'])).toContain('tempo');
    expect(list(byUid.get('prometheus')?.['exemplarTraceIdDestinations']).map((f) => record(f)['datasourceUid'])).toContain('tempo');
  });

  it('Grafana provisions the generated dashboards from where compose mounts them', () => {
    const providers = list(load('grafana/provisioning/dashboards/dashboards.yaml')['providers']).map(record);
    const path = String(record(providers[0]?.['options'])['path']);
    expect(list(record(services['grafana'])['volumes']).map(String)).toContain(`./generated/dashboards:${path}:ro`);
    expect(readdirSync(join(STACK, 'generated', 'dashboards')).filter((f) => f.endsWith('.json')).length).toBeGreaterThan(0);
  });
});

/** The tool where installed; REQUIRE_PROMTOOL=1 (CI) turns a missing one into a failure. */
function toolAvailable(tool: 'promtool' | 'amtool'): boolean {
  if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0) return true;
  if (process.env['REQUIRE_PROMTOOL'] === '1') throw new Error(`${tool} is required (REQUIRE_PROMTOOL=1) but not on PATH`);
  return false;
}

describe('examples/stack with promtool and amtool', () => {
  it.skipIf(!toolAvailable('promtool'))('promtool check config accepts prometheus.yml and every rule file it loads', () => {
    const r = spawnSync('promtool', ['check', 'config', join(STACK, 'prometheus', 'prometheus.yml')], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/SUCCESS: 2 rule files found/);
  });

  it.skipIf(!toolAvailable('amtool'))('amtool check-config accepts the Alertmanager config compose mounts', () => {
    const command = list(record(services['alertmanager'])['command']).map(String);
    const inContainer = /^--config\.file=\/etc\/stack\/(.+)$/.exec(command.find((c) => c.startsWith('--config.file=')) ?? '')?.[1];
    expect(inContainer).toBeDefined();
    const r = spawnSync('amtool', ['check-config', join(STACK, inContainer!)], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});
