/** The resource: who is emitting. Cloud detectors probe metadata servers, so they run only on request. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Attributes } from '@opentelemetry/api';
import {
  defaultResource,
  detectResources,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
  type Resource,
  type ResourceDetector,
} from '@opentelemetry/resources';
import { getEnvKeyValues, warnOnce } from '@otelkit/core';
import type { OtelkitResolvedConfig } from '../types.js';

interface AppPackage {
  name?: string;
  version?: string;
}

const appPackages = new Map<string, AppPackage>();

/**
 * The nearest package.json above the main script, outside node_modules. Remembered per script:
 * the resource, the log format and /status all ask at startup, and each walk reads files.
 */
export function findAppPackage(start: string | undefined = process.argv[1]): AppPackage {
  if (start === undefined) return {};
  let found = appPackages.get(start);
  if (found === undefined) appPackages.set(start, (found = walkToPackage(start)));
  return found;
}

function walkToPackage(start: string): AppPackage {
  let dir = dirname(start);
  for (let i = 0; i < 32; i++) {
    if (!dir.includes(`${'/'}node_modules${'/'}`)) {
      try {
        const parsed = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as AppPackage;
        return { name: typeof parsed.name === 'string' ? parsed.name : undefined, version: typeof parsed.version === 'string' ? parsed.version : undefined };
      } catch {
        // No package.json here (or unreadable): keep walking up.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return {};
}

// Optional detectors ship with the upstream instrumentation meta-package; load them only when named.
const OPTIONAL: Record<string, { pkg: string; exports: string[] }> = {
  aws: { pkg: '@opentelemetry/resource-detector-aws', exports: ['awsEc2Detector', 'awsEcsDetector', 'awsEksDetector', 'awsBeanstalkDetector', 'awsLambdaDetector'] },
  gcp: { pkg: '@opentelemetry/resource-detector-gcp', exports: ['gcpDetector'] },
  azure: { pkg: '@opentelemetry/resource-detector-azure', exports: ['azureAppServiceDetector', 'azureFunctionsDetector', 'azureVmDetector', 'azureAksDetector', 'azureContainerAppsDetector'] },
  alibaba: { pkg: '@opentelemetry/resource-detector-alibaba-cloud', exports: ['alibabaCloudEcsDetector'] },
};

function optionalDetectors(name: string): ResourceDetector[] {
  const spec = OPTIONAL[name];
  if (spec === undefined) return [];
  try {
    const local = createRequire(__filename);
    const fromCatalog = createRequire(local.resolve('@opentelemetry/auto-instrumentations-node'));
    const mod = fromCatalog(spec.pkg) as Record<string, ResourceDetector | undefined>;
    return spec.exports.map((e) => mod[e]).filter((d): d is ResourceDetector => d !== undefined);
  } catch (error) {
    warnOnce(`resource:${name}`, `resource detector ${name} could not be loaded (${(error as Error).message}).`);
    return [];
  }
}

/**
 * `container.id` from /proc, read synchronously (two small files): the upstream detector package
 * costs ~25 ms of startup to load, most of it in modules this needs none of.
 */
export function detectContainerId(read: (path: string) => string = (path) => readFileSync(path, 'utf8')): string | undefined {
  try {
    // cgroup v1: the id is the last 64-hex segment of a line such as 12:pids:/docker/<id>.
    const ids = read('/proc/self/cgroup').match(/[0-9a-f]{64}/g);
    if (ids !== null) return ids[ids.length - 1];
  } catch {
    // Not Linux, or no cgroup file.
  }
  try {
    // cgroup v2: the runtime mounts /etc/hostname from .../containers/<id>/hostname.
    const match = /\/containers\/([0-9a-f]{64})\//.exec(read('/proc/self/mountinfo'));
    if (match !== null) return match[1];
  } catch {
    // No mountinfo either: not in a container we can recognise.
  }
  return undefined;
}

const ARCH: Readonly<Record<string, string>> = { arm: 'arm32', ppc: 'ppc32', x64: 'amd64' };

/**
 * `host.*` as the upstream host detector writes them, with the machine id read synchronously. The
 * upstream Linux read is asynchronous and loads `fs/promises` at startup for two small files.
 */
export function detectLinuxHost(read: (path: string) => string = (path) => readFileSync(path, 'utf8')): Attributes {
  const os = process.getBuiltinModule('node:os');
  const arch = os.arch();
  const attributes: Attributes = { 'host.name': os.hostname(), 'host.arch': ARCH[arch] ?? arch };
  for (const path of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    try {
      attributes['host.id'] = read(path).trim();
      break;
    } catch {
      // Try the next location; without either, host.id is left out, as upstream does.
    }
  }
  return attributes;
}

const linuxHostDetector: ResourceDetector = { detect: () => ({ attributes: detectLinuxHost() }) };

const containerDetector: ResourceDetector = {
  detect: () => {
    const id = detectContainerId();
    return { attributes: id === undefined ? {} : { 'container.id': id } };
  },
};

function detectorsFor(names: readonly string[]): ResourceDetector[] {
  const all = names.includes('all');
  const want = (n: string): boolean => all || names.includes(n);
  if (names.includes('none') && !all) return [];
  const list: ResourceDetector[] = [];
  if (want('host')) list.push(process.platform === 'linux' ? linuxHostDetector : hostDetector);
  if (want('os')) list.push(osDetector);
  if (want('process')) list.push(processDetector);
  if (want('serviceinstance')) list.push(serviceInstanceIdDetector);
  if (want('container')) list.push(containerDetector);
  for (const name of ['aws', 'gcp', 'azure', 'alibaba']) if (want(name)) list.push(...optionalDetectors(name));
  return list;
}

/** Build the resource from defaults, detectors, OTEL_RESOURCE_ATTRIBUTES, the app and options (later wins). */
export function buildResource(config: OtelkitResolvedConfig, extra: Attributes | undefined): Resource {
  // detectResources isolates each detector's failure; async attributes (container id) settle later.
  const resource = defaultResource().merge(detectResources({ detectors: detectorsFor(config.resourceDetectors) }));
  const useEnv = config.resourceDetectors.includes('env') || config.resourceDetectors.includes('all');
  const fromEnv: Attributes = useEnv ? getEnvKeyValues('OTEL_RESOURCE_ATTRIBUTES', 'all-or-nothing') : {};
  const app = findAppPackage();
  const own: Attributes = {};
  const serviceName = config.serviceName ?? (fromEnv['service.name'] as string | undefined) ?? app.name;
  if (serviceName !== undefined) own['service.name'] = serviceName;
  const version = config.serviceVersion ?? (fromEnv['service.version'] as string | undefined) ?? app.version;
  if (version !== undefined) own['service.version'] = version;
  const environment = (fromEnv['deployment.environment.name'] as string | undefined) ?? config.environment;
  if (environment !== undefined) own['deployment.environment.name'] = environment;
  return resource.merge(resourceFromAttributes({ ...fromEnv, ...own, ...extra }));
}
