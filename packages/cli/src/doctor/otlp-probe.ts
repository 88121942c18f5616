/**
 * Probes an OTLP receiver with a real export of an empty request (an ExportXServiceRequest with no
 * resource spans, metrics or logs: zero bytes in protobuf, `{}` in JSON, one empty gRPC message),
 * which a receiver accepts without storing anything. The answer's status is what the report shows.
 * Every probe is bounded by a timeout and never throws.
 */
import { readFileSync } from 'node:fs';
import http, { type OutgoingHttpHeaders } from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import type { OtelkitOtlpProtocolName } from '@otelkit/core';

export type ProbeSignal = 'traces' | 'metrics' | 'logs';

/** Files of OTEL_EXPORTER_OTLP_[SIGNAL_]CERTIFICATE, _CLIENT_KEY and _CLIENT_CERTIFICATE. */
export interface ProbeTls {
  readonly ca?: string;
  readonly key?: string;
  readonly cert?: string;
}

export interface ProbeTarget {
  readonly signal: ProbeSignal;
  readonly protocol: OtelkitOtlpProtocolName;
  readonly endpoint: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** gRPC targets without a scheme: plaintext when true (OTEL_EXPORTER_OTLP_INSECURE), else TLS. */
  readonly insecure: boolean;
  readonly tls: ProbeTls;
}

export interface ProbeResult {
  readonly ok: boolean;
  /** The answer: `HTTP 200`, `gRPC OK`, `connection refused`, `no answer within 3 s`... */
  readonly answer: string;
  /** What to look at, when the answer suggests it. */
  readonly hint?: string;
  readonly ms: number;
}

const GRPC_SERVICES: Record<ProbeSignal, string> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
};

// https://grpc.github.io/grpc/core/md_doc_statuscodes.html
const GRPC_CODES = ['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED'];

const HTTP_HINTS: Record<number, string> = {
  401: 'the receiver wants credentials: check OTEL_EXPORTER_OTLP_HEADERS',
  403: 'the receiver refused the credentials: check OTEL_EXPORTER_OTLP_HEADERS',
  404: 'wrong path: a per-signal endpoint (OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT) is used as is, so it must end in /v1/<signal>',
  405: 'wrong path or not an OTLP receiver',
  415: 'the receiver does not take this encoding: check OTEL_EXPORTER_OTLP_PROTOCOL',
};

/** A TLS file as the environment names it. */
export interface TlsFileSetting {
  readonly variable: string;
  readonly path: string;
}

/** Read the TLS files; a file that cannot be read throws an error naming the variable, the file and why. */
export function readTlsFiles(files: Partial<Record<keyof ProbeTls, TlsFileSetting>>): ProbeTls {
  const out: { ca?: string; key?: string; cert?: string } = {};
  for (const [field, file] of Object.entries(files) as [keyof ProbeTls, TlsFileSetting | undefined][]) {
    if (file === undefined) continue;
    try {
      out[field] = readFileSync(file.path, 'utf8');
    } catch (error) {
      throw new Error(`${file.variable}=${file.path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
    }
  }
  return out;
}

function errorAnswer(error: NodeJS.ErrnoException, timeoutMs: number): { answer: string; hint?: string } {
  switch (error.code) {
    case 'ETIMEDOUT_PROBE':
      return { answer: `no answer within ${timeoutMs / 1000} s`, hint: 'a firewall dropping packets, or a receiver too busy to answer' };
    case 'ECONNREFUSED':
      return { answer: 'connection refused', hint: 'nothing listens there: is the collector running, and is the port right (4318 HTTP, 4317 gRPC)?' };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { answer: `host not found (${error.code})`, hint: 'the host name does not resolve from here' };
    case 'ECONNRESET':
    case 'HPE_INVALID_CONSTANT':
    case 'ERR_HTTP2_ERROR':
      return { answer: `connection dropped (${error.code})`, hint: 'the port may speak another protocol (4317 is gRPC, 4318 HTTP)' };
    default:
      return { answer: error.code === undefined ? error.message : `${error.code}: ${error.message}` };
  }
}

function timeoutError(): NodeJS.ErrnoException {
  return Object.assign(new Error('timeout'), { code: 'ETIMEDOUT_PROBE' });
}

function probeHttp(target: ProbeTarget): Promise<ProbeResult> {
  const started = performance.now();
  const json = target.protocol === 'http/json';
  const body = json ? Buffer.from('{}') : Buffer.alloc(0);
  const url = new URL(target.endpoint);
  const headers: OutgoingHttpHeaders = {
    ...target.headers,
    'content-type': json ? 'application/json' : 'application/x-protobuf',
    'content-length': body.length,
  };
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: Omit<ProbeResult, 'ms'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, ms: Math.round(performance.now() - started) });
    };
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, { method: 'POST', headers, agent: false, ...target.tls }, (res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      done({ ok: status >= 200 && status < 300, answer: `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`, ...(HTTP_HINTS[status] === undefined ? {} : { hint: HTTP_HINTS[status] }) });
    });
    const timer = setTimeout(() => req.destroy(timeoutError()), target.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => done({ ok: false, ...errorAnswer(error, target.timeoutMs) }));
    req.end(body);
  });
}

/** The origin a gRPC client connects to: a scheme decides TLS; without one, the insecure flag does. */
export function grpcOrigin(endpoint: string, insecure: boolean): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `${insecure ? 'http' : 'https'}://${endpoint}`;
  return new URL(withScheme).origin;
}

function probeGrpc(target: ProbeTarget): Promise<ProbeResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let session: http2.ClientHttp2Session | undefined;
    const done = (result: Omit<ProbeResult, 'ms'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session?.destroy();
      resolve({ ...result, ms: Math.round(performance.now() - started) });
    };
    const fail = (error: NodeJS.ErrnoException): void => done({ ok: false, ...errorAnswer(error, target.timeoutMs) });
    const timer = setTimeout(() => fail(timeoutError()), target.timeoutMs);
    try {
      session = http2.connect(grpcOrigin(target.endpoint, target.insecure), { ...target.tls });
      session.on('error', fail);
      const metadata = Object.fromEntries(Object.entries(target.headers).map(([k, v]) => [k.toLowerCase(), v]));
      const req = session.request({ ...metadata, ':method': 'POST', ':path': GRPC_SERVICES[target.signal], 'content-type': 'application/grpc', te: 'trailers' });
      let status: string | undefined;
      let message: string | undefined;
      const take = (headers: http2.IncomingHttpHeaders): void => {
        if (headers['grpc-status'] !== undefined) status = String(headers['grpc-status']);
        if (headers['grpc-message'] !== undefined) message = decodeURIComponent(String(headers['grpc-message']));
      };
      req.on('response', (headers) => {
        take(headers);
        const http = Number(headers[':status']);
        if (http !== 200) done({ ok: false, answer: `HTTP ${http} (not a gRPC answer)`, hint: 'the port may serve OTLP/HTTP: check OTEL_EXPORTER_OTLP_PROTOCOL' });
      });
      req.on('trailers', take);
      req.on('error', fail);
      req.on('close', () => {
        if (status === undefined) return fail(Object.assign(new Error('the stream closed without a gRPC status'), { code: 'ERR_HTTP2_ERROR' }));
        const name = GRPC_CODES[Number(status)] ?? `status ${status}`;
        const hint = name === 'UNIMPLEMENTED' ? `the receiver does not serve ${target.signal}` : name === 'UNAUTHENTICATED' || name === 'PERMISSION_DENIED' ? 'check OTEL_EXPORTER_OTLP_HEADERS' : undefined;
        const detail = message !== undefined && message !== '' && message !== name ? `: ${message}` : '';
        done({ ok: status === '0', answer: `gRPC ${name}${detail}`, ...(hint === undefined ? {} : { hint }) });
      });
      req.resume();
      // One gRPC message: not compressed (0), length 0: an empty Export*ServiceRequest.
      req.end(Buffer.from([0, 0, 0, 0, 0]));
    } catch (error) {
      fail(error as NodeJS.ErrnoException);
    }
  });
}

/** Export an empty request to the target and report the answer. Never rejects. */
export async function probeOtlp(target: ProbeTarget): Promise<ProbeResult> {
  try {
    return await (target.protocol === 'grpc' ? probeGrpc(target) : probeHttp(target));
  } catch (error) {
    return { ok: false, answer: (error as Error).message, ms: 0 };
  }
}
