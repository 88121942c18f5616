/**
 * Span exporters. OTLP over HTTP is built from the upstream export delegate with a configuration
 * that otelkit resolved itself: the upstream env fallback would re-read OTEL_EXPORTER_OTLP_HEADERS
 * and send pairs that otelkit rejected (a CR/LF value fails every export).
 */
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type * as ExporterBase from '@opentelemetry/otlp-exporter-base';
import type * as ExporterBaseHttp from '@opentelemetry/otlp-exporter-base/node-http';
import type * as Transformer from '@opentelemetry/otlp-transformer';
import { ConsoleSpanExporter, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { OTELKIT_VERSION, warnOnce } from '@otelkit/core';
import { createRequire } from 'node:module';
import type { OtelkitResolvedConfig } from '../types.js';
import { encodeTraceExportRequest } from './otlp-encoder.js';

type OtlpOptions = OtelkitResolvedConfig['otlp'];

/**
 * Creates the real exporter on the first export. The OTLP serializer and transport modules take
 * ~80 ms to load (the transformer pulls in the metrics SDK), which would otherwise land on every
 * process start, including short scripts that never export.
 */
class DeferredSpanExporter implements SpanExporter {
  private inner: SpanExporter | undefined;
  private failed = false;

  constructor(
    private readonly name: string,
    private readonly create: () => SpanExporter,
  ) {}

  private get(): SpanExporter | undefined {
    if (this.inner === undefined && !this.failed) {
      try {
        this.inner = this.create();
      } catch (error) {
        this.failed = true;
        warnOnce(`exporter:${this.name}`, `trace exporter ${this.name} could not be created (${(error as Error).message}); spans are not exported there.`);
      }
    }
    return this.inner;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const inner = this.get();
    if (inner === undefined) resultCallback({ code: ExportResultCode.FAILED, error: new Error(`exporter ${this.name} unavailable`) });
    else inner.export(spans, resultCallback);
  }

  async shutdown(): Promise<void> {
    await this.inner?.shutdown();
  }

  async forceFlush(): Promise<void> {
    await this.inner?.forceFlush?.();
  }
}

function otlpHttpExporter(otlp: OtlpOptions): SpanExporter {
  const req = createRequire(__filename);
  const { OTLPExporterBase } = req('@opentelemetry/otlp-exporter-base') as typeof ExporterBase;
  const { createOtlpHttpExportDelegate, httpAgentFactoryFromOptions } = req('@opentelemetry/otlp-exporter-base/node-http') as typeof ExporterBaseHttp;
  const { JsonTraceSerializer, ProtobufTraceSerializer, TraceExporterMetricsHelper } = req('@opentelemetry/otlp-transformer') as typeof Transformer;
  const json = otlp.protocol === 'http/json';
  const headers = { ...otlp.headers, 'Content-Type': json ? 'application/json' : 'application/x-protobuf' };
  const delegate = createOtlpHttpExportDelegate(
    {
      url: otlp.endpoint,
      headers: async () => headers,
      timeoutMillis: otlp.timeoutMs,
      compression: otlp.compression,
      concurrencyLimit: 30,
      agentFactory: httpAgentFactoryFromOptions({ keepAlive: true }),
      userAgent: `otelkit/${OTELKIT_VERSION}`,
    } as Parameters<typeof ExporterBaseHttp.createOtlpHttpExportDelegate>[0],
    // Protobuf goes through otelkit's single-pass encoder (byte-identical output, a fraction of the cost).
    json ? JsonTraceSerializer : { serializeRequest: encodeTraceExportRequest, deserializeResponse: ProtobufTraceSerializer.deserializeResponse },
    'otlp_http_span_exporter',
    TraceExporterMetricsHelper,
    undefined,
  );
  return new OTLPExporterBase<ReadableSpan[]>(delegate as ConstructorParameters<typeof ExporterBase.OTLPExporterBase<ReadableSpan[]>>[0]) as unknown as SpanExporter;
}

function otlpGrpcExporter(otlp: OtlpOptions): SpanExporter {
  // Loaded only when asked for: @grpc/grpc-js is large and most users send over HTTP.
  const req = createRequire(__filename);
  const { OTLPTraceExporter } = req('@opentelemetry/exporter-trace-otlp-grpc') as {
    OTLPTraceExporter: new (config: Record<string, unknown>) => SpanExporter;
  };
  const { Metadata } = req(req.resolve('@grpc/grpc-js', { paths: [req.resolve('@opentelemetry/exporter-trace-otlp-grpc')] })) as {
    Metadata: new () => { set(key: string, value: string): void };
  };
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(otlp.headers)) metadata.set(key, value);
  return new OTLPTraceExporter({ url: otlp.endpoint, metadata, timeoutMillis: otlp.timeoutMs, compression: otlp.compression });
}

/** The exporters named by the configuration; never throws (a broken exporter becomes a warning). */
export function createSpanExporters(config: OtelkitResolvedConfig): SpanExporter[] {
  const exporters: SpanExporter[] = [];
  for (const name of new Set(config.tracesExporter)) {
    try {
      if (name === 'otlp') {
        const otlp = config.otlp;
        exporters.push(new DeferredSpanExporter(`otlp ${otlp.protocol}`, () => (otlp.protocol === 'grpc' ? otlpGrpcExporter(otlp) : otlpHttpExporter(otlp))));
      }
      else if (name === 'console') exporters.push(new ConsoleSpanExporter());
    } catch (error) {
      warnOnce(`exporter:${name}`, `trace exporter ${name} could not be created (${(error as Error).message}); spans are not exported there.`);
    }
  }
  // `none` wins only when alone, as the spec says.
  return exporters;
}
