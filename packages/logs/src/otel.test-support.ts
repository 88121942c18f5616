/** A real tracing SDK for the unit tests: context manager, tracer provider and in-memory export. */
import { context, logs, trace, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AlwaysOffSampler, InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { Writable } from 'node:stream';

export const spanExporter = new InMemorySpanExporter();
export const logExporter = new InMemoryLogRecordExporter();
let provider: LoggerProvider | undefined;
let installed = false;

/** Wait until every emitted record reached the in-memory exporter. */
export async function flushLogs(): Promise<void> {
  await provider?.forceFlush();
}

/** Install the SDK once per test file. */
export function installOtel(): void {
  if (installed) return;
  installed = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spanExporter })] }));
  provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: logExporter })] });
  logs.setGlobalLoggerProvider(provider);
}

/** Run `fn` inside a new active span, end it, and return the span with fn's result. */
export function inSpan<R>(fn: (span: Span) => R, name = 'test'): { result: R; exported: Span } {
  let result!: R;
  let exported!: Span;
  trace.getTracer('test').startActiveSpan(name, (span) => {
    exported = span;
    result = fn(span);
    span.end();
  });
  return { result, exported };
}

/** A span from a tracer that records nothing and exports nothing (sampling off). */
export function unsampledTracer() {
  return new TracerProvider({ sampler: new AlwaysOffSampler() }).getTracer('off');
}

/** A writable that keeps every chunk as text. */
export function memoryStream(): Writable & { text(): string; lines(): string[] } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  return Object.assign(stream, {
    text: () => text,
    lines: () => text.split('\n').filter((l) => l !== ''),
  });
}
