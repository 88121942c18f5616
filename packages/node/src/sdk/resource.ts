/** The resource: who is emitting. Cloud detectors probe metadata servers, so they run only on request. */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import type { Attributes } from '@opentelemetry/api';
import {
  defaultResource,
  detectResources,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  type DetectedResource,
  type Resource,
  type ResourceDetector,
} from '@opentelemetry/resources';
import { getEnvKeyValues, OTELKIT_VERSION, warnOnce } from '@otelkit/core';
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

// otelkit's own detectors are classes, so that the SDK's debug line names them (`LinuxHostDetector
// found resource.`) as it names upstream's, instead of `Object`.
class LinuxHostDetector implements ResourceDetector {
  detect(): DetectedResource {
    return { attributes: detectLinuxHost() };
  }
}
const linuxHostDetector = new LinuxHostDetector();

/** 16 bytes from the operating system's random source, without loading node:crypto. */
function osRandomBytes(): Buffer {
  const bytes = Buffer.alloc(16);
  const fd = openSync('/dev/urandom', 'r');
  try {
    if (readSync(fd, bytes, 0, 16, null) !== 16) throw new Error('short read from /dev/urandom');
  } finally {
    closeSync(fd);
  }
  return bytes;
}

/**
 * A random (version 4) UUID for `service.instance.id`, as the upstream detector makes it, from
 * /dev/urandom: node:crypto (with the stream modules it loads) costs ~8 ms of every start, and
 * nothing else needs it before the first request. Elsewhere (Windows), crypto.randomUUID().
 */
export function randomInstanceId(random: () => Buffer = osRandomBytes): string {
  let bytes: Buffer;
  try {
    bytes = random();
  } catch {
    return process.getBuiltinModule('node:crypto').randomUUID();
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

class ServiceInstanceIdDetector implements ResourceDetector {
  detect(): DetectedResource {
    return { attributes: { 'service.instance.id': randomInstanceId() } };
  }
}
const serviceInstanceIdDetector = new ServiceInstanceIdDetector();

class ContainerIdDetector implements ResourceDetector {
  detect(): DetectedResource {
    const id = detectContainerId();
    return { attributes: id === undefined ? {} : { 'container.id': id } };
  }
}
const containerDetector = new ContainerIdDetector();

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

/**
 * `unknown_service:` and the executable's name, as the resource specification has it (`node`, the
 * name of `process.executable.name`). Upstream's default appends `process.argv0`, which is the whole
 * path when Node was started by path.
 */
export function defaultServiceName(argv0: string = process.argv0): string {
  const name = basename(argv0 ?? '');
  return name === '' ? 'unknown_service' : `unknown_service:${name}`;
}

/** Build the resource from defaults, detectors, OTEL_RESOURCE_ATTRIBUTES, the app and options (later wins). */
export function buildResource(config: OtelkitResolvedConfig, extra: Attributes | undefined): Resource {
  // detectResources isolates each detector's failure; async attributes (container id) settle later.
  const resource = defaultResource().merge(detectResources({ detectors: detectorsFor(config.resourceDetectors) }));
  const useEnv = config.resourceDetectors.includes('env') || config.resourceDetectors.includes('all');
  const fromEnv: Attributes = useEnv ? getEnvKeyValues('OTEL_RESOURCE_ATTRIBUTES', 'all-or-nothing') : {};
  const app = findAppPackage();
  // The distribution that configured the SDK, beside upstream's telemetry.sdk.* (what it runs on).
  const own: Attributes = { 'telemetry.distro.name': 'otelkit', 'telemetry.distro.version': OTELKIT_VERSION };
  const serviceName = config.serviceName ?? (fromEnv['service.name'] as string | undefined) ?? app.name;
  // An empty name (`service.name=` in OTEL_RESOURCE_ATTRIBUTES) counts as unset, like an empty OTEL_SERVICE_NAME.
  own['service.name'] = serviceName === undefined || serviceName === '' ? defaultServiceName() : serviceName;
  const version = config.serviceVersion ?? (fromEnv['service.version'] as string | undefined) ?? app.version;
  if (version !== undefined) own['service.version'] = version;
  const environment = (fromEnv['deployment.environment.name'] as string | undefined) ?? config.environment;
  if (environment !== undefined) own['deployment.environment.name'] = environment;
  return resource.merge(resourceFromAttributes({ ...fromEnv, ...own, ...extra }));
}
