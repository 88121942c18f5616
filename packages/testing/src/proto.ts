/**
 * Loads the official OTLP .proto files shipped in this package's `proto/` folder.
 *
 * Decoding goes through these files rather than an SDK's generated code on purpose: a receiver
 * that shares code with the sender would agree with the sender's bugs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import type { Type } from 'protobufjs';
import type { OtlpSignal } from './types.js';

/** The request and response messages of one OTLP export service. */
export interface OtlpServiceTypes {
  request: Type;
  response: Type;
  /** Field of the response's partial success holding the rejected count, e.g. `rejectedSpans`. */
  rejectedField: string;
}

/** Everything the receiver needs from the protos. */
export interface OtlpTypes {
  services: Record<OtlpSignal, OtlpServiceTypes>;
  /** `google.rpc.Status`, the body OTLP/HTTP puts on error responses. */
  status: Type;
}

const SERVICE_FILES: Record<OtlpSignal, { file: string; pkg: string; prefix: string; rejected: string }> = {
  traces: {
    file: 'opentelemetry/proto/collector/trace/v1/trace_service.proto',
    pkg: 'opentelemetry.proto.collector.trace.v1',
    prefix: 'Trace',
    rejected: 'rejectedSpans',
  },
  metrics: {
    file: 'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
    pkg: 'opentelemetry.proto.collector.metrics.v1',
    prefix: 'Metrics',
    rejected: 'rejectedDataPoints',
  },
  logs: {
    file: 'opentelemetry/proto/collector/logs/v1/logs_service.proto',
    pkg: 'opentelemetry.proto.collector.logs.v1',
    prefix: 'Logs',
    rejected: 'rejectedLogRecords',
  },
};

// google.rpc.Status is not part of the OTLP files; only its two scalar fields are needed to answer
// errors, so it is declared here (field numbers as in google/rpc/status.proto).
const RPC_STATUS_PROTO = 'syntax = "proto3"; package google.rpc; message Status { int32 code = 1; string message = 2; }';

let cached: OtlpTypes | undefined;

/**
 * The folder holding the bundled protos. Sources (`src/`) and the build (`dist/`) both sit one
 * level below the package root, and tsup shims `import.meta.url` in the CommonJS build, so one
 * relative URL serves tests, ESM and CJS.
 */
export function otlpProtoDir(): string {
  const dir = fileURLToPath(new URL('../proto/', import.meta.url));
  if (!existsSync(join(dir, 'opentelemetry'))) {
    throw new Error(`@otelkit/testing: the bundled OTLP protos are missing (looked in ${dir})`);
  }
  return dir;
}

/** Load (once) and return the OTLP service messages. Throws if the proto files are missing. */
export function loadOtlpTypes(): OtlpTypes {
  if (cached !== undefined) return cached;
  const dir = otlpProtoDir();
  const root = new protobuf.Root();
  // Imports in the official files are relative to the proto root, not to the importing file.
  root.resolvePath = (_origin: string, target: string): string => join(dir, target);
  root.loadSync(Object.values(SERVICE_FILES).map((s) => s.file));
  protobuf.parse(RPC_STATUS_PROTO, root);
  root.resolveAll();

  const services = {} as Record<OtlpSignal, OtlpServiceTypes>;
  for (const [signal, spec] of Object.entries(SERVICE_FILES) as [OtlpSignal, (typeof SERVICE_FILES)[OtlpSignal]][]) {
    services[signal] = {
      request: root.lookupType(`${spec.pkg}.Export${spec.prefix}ServiceRequest`),
      response: root.lookupType(`${spec.pkg}.Export${spec.prefix}ServiceResponse`),
      rejectedField: spec.rejected,
    };
  }
  cached = { services, status: root.lookupType('google.rpc.Status') };
  return cached;
}
