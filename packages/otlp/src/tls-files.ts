/**
 * The TLS files of OTLP/HTTP exports to `https://` endpoints: OTEL_EXPORTER_OTLP_CERTIFICATE (the
 * CA that verifies the receiver), _CLIENT_CERTIFICATE and _CLIENT_KEY (mTLS), each with a
 * per-signal variable that takes precedence, as the upstream exporters read them. otelkit builds
 * the HTTP exporters from its own settings, so without this they were documented but never used.
 * The gRPC exporters get the same files (see grpc.ts), so that upstream never reads them itself.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { activeEnv, getEnvString, warnOnce, type OtelkitEnvSource } from '@otelkit/core';

export type OtlpSignal = 'TRACES' | 'METRICS' | 'LOGS';

/** What `https.Agent` takes: `ca`, `cert`, `key`. */
export interface OtlpTlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

const FILES = [
  ['ca', 'CERTIFICATE'],
  ['cert', 'CLIENT_CERTIFICATE'],
  ['key', 'CLIENT_KEY'],
] as const;

/**
 * Read the files set for `signal`, once, when its exporter is built. Only for an https endpoint:
 * a plain-http connection has no use for them. A path that can't be read gets one warning naming
 * its variable, and the export goes on without that file.
 */
export function otlpTlsFiles(signal: OtlpSignal, endpoint: string, env: OtelkitEnvSource = activeEnv()): OtlpTlsFiles {
  return /^https:/i.test(endpoint) ? readOtlpTlsFiles(signal, env) : {};
}

/** The files set for `signal`, whatever the endpoint: for callers that decide themselves that TLS is used. */
export function readOtlpTlsFiles(signal: OtlpSignal, env: OtelkitEnvSource = activeEnv()): OtlpTlsFiles {
  const files: OtlpTlsFiles = {};
  for (const [option, suffix] of FILES) {
    const specific = `OTEL_EXPORTER_OTLP_${signal}_${suffix}`;
    const name = getEnvString(specific, env) !== undefined ? specific : `OTEL_EXPORTER_OTLP_${suffix}`;
    const path = getEnvString(name, env)?.trim();
    if (path === undefined || path === '') continue;
    try {
      files[option] = readFileSync(resolve(process.cwd(), path));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      warnOnce(`otlp-tls:${name}`, `${name}: cannot read "${path}" (${code}); ${signal.toLowerCase()} are exported over https without it.`);
    }
  }
  return files;
}
