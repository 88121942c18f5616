/**
 * A span processor passed in `start({ spanProcessors })` runs inside the app's own callbacks: the
 * SDK calls onStart and onEnd wherever a span starts or ends (a response's 'close', a client
 * response's 'end'), and does not catch what they throw. Each one is wrapped so that a throw is
 * reported once and the app goes on; flush and shutdown failures are reported the same way.
 */
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { warnOnce } from '@otelkit/core';

function report(index: number, method: string, error: unknown): void {
  warnOnce(`span-processor:${index}:${method}`, `spanProcessors[${index}].${method}() threw (${(error as Error)?.message ?? String(error)}); the app goes on.`);
}

export function guardSpanProcessor(processor: SpanProcessor, index: number): SpanProcessor {
  return {
    onStart(span: Span, parentContext: Context): void {
      try {
        processor.onStart(span, parentContext);
      } catch (error) {
        report(index, 'onStart', error);
      }
    },
    onEnd(span: ReadableSpan): void {
      try {
        processor.onEnd(span);
      } catch (error) {
        report(index, 'onEnd', error);
      }
    },
    async forceFlush(): Promise<void> {
      try {
        await processor.forceFlush();
      } catch (error) {
        report(index, 'forceFlush', error);
      }
    },
    async shutdown(): Promise<void> {
      try {
        await processor.shutdown();
      } catch (error) {
        report(index, 'shutdown', error);
      }
    },
  };
}
