/**
 * OTLP/HTTP through Node's HTTP client, for the setups otelkit's socket transport leaves alone
 * (a proxy from the environment, credentials in the URL, headers it would not write itself). Same
 * answers as the socket transport: 2xx success with the body, 429/502/503/504 and connection errors
 * retryable (Retry-After read by parseRetryAfter), anything else a failure; the body is read up to
 * 4 MiB. otelkit's retry policy (export-retry.ts) wraps it.
 *
 * Like the socket transport, it makes its requests (and so the agent's kept sockets) and their
 * timers in the context otelkit started in (`outsideRequests`), with tracing suppressed again
 * there: otherwise a kept socket would hold the request that set the first export off.
 */
import type { Agent, IncomingMessage } from 'node:http';
import type { AgentOptions } from 'node:https';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { OTLPExporterError, type ExportResponse, type IExporterTransport } from '@opentelemetry/otlp-exporter-base';
import { outsideRequests, rememberStartFrame } from '@otelkit/core';
import { isRetryableNetworkError, isRetryableStatus, parseRetryAfter, timeoutError } from './export-retry.js';

const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

export class NodeHttpExportTransport implements IExporterTransport {
  private readonly url: URL;
  private readonly client: typeof import('node:http');
  private readonly agent: Agent;

  /** @param agentOptions keep-alive and, for https, the TLS files (ca, cert, key). */
  constructor(
    url: string,
    private readonly headers: Record<string, string>,
    agentOptions: AgentOptions,
    private readonly compression: string,
  ) {
    rememberStartFrame();
    this.url = new URL(url);
    const https = this.url.protocol === 'https:';
    this.client = process.getBuiltinModule(https ? 'node:https' : 'node:http') as typeof import('node:http');
    this.agent = new this.client.Agent(https ? agentOptions : { keepAlive: agentOptions.keepAlive });
  }

  async send(data: Uint8Array, timeoutMillis: number): Promise<ExportResponse> {
    let body: Uint8Array = data;
    const headers: Record<string, string> = { ...this.headers };
    if (this.compression === 'gzip') {
      const zlib = process.getBuiltinModule('node:zlib');
      body = await new Promise<Uint8Array>((resolve, reject) => zlib.gzip(data, (error, result) => (error === null ? resolve(result) : reject(error))));
      headers['Content-Encoding'] = 'gzip';
    }
    return new Promise<ExportResponse>((resolve) => outsideRequests(() => context.with(suppressTracing(context.active()), () => this.request(body, headers, timeoutMillis, resolve))));
  }

  private request(body: Uint8Array, headers: Record<string, string>, timeoutMillis: number, resolve: (result: ExportResponse) => void): void {
    let done = false;
    const finish = (result: ExportResponse): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = this.client.request(this.url, { method: 'POST', headers, agent: this.agent }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          res.destroy();
          finish({ status: 'failure', error: Object.assign(new Error(`OTLP export response body exceeded size limit of ${MAX_RESPONSE_BYTES} bytes`), { errorType: 'response_too_large' }) });
        } else chunks.push(chunk);
      });
      res.on('error', (error) => finish({ status: 'retryable', error }));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const text = res.statusMessage === undefined || res.statusMessage === '' ? `HTTP ${status}` : `HTTP ${status} ${res.statusMessage}`;
        const data = Buffer.concat(chunks);
        if (status >= 200 && status <= 299) finish({ status: 'success', data });
        else if (isRetryableStatus(status)) {
          const retryAfter: string | string[] | undefined = res.headers['retry-after'];
          finish({ status: 'retryable', retryInMillis: parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : retryAfter?.[0]), error: new OTLPExporterError(text, status) });
        } else finish({ status: 'failure', error: new OTLPExporterError(text, status, data.toString()) });
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish({ status: 'retryable', error: timeoutError() });
    }, timeoutMillis);
    req.on('error', (error: NodeJS.ErrnoException) => {
      const retryable = isRetryableNetworkError(error);
      finish(retryable ? { status: 'retryable', error } : { status: 'failure', error });
    });
    req.end(body);
  }

  shutdown(): void {
    this.agent.destroy();
  }
}
