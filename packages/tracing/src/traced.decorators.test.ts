import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { traced } from './traced.js';

// Real TC39 decorator syntax. Vite's default transform leaves decorators in place and Node cannot
// run them yet, so vitest.config.ts lowers files named *.decorators.test.ts with esbuild.

let exporter: InMemorySpanExporter;

beforeEach(() => {
  exporter = new InMemorySpanExporter();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
});

afterEach(() => {
  trace.disable();
  context.disable();
});

class Orders {
  prefix = 'order';

  @traced()
  async work(id: number): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return `${this.prefix}-${id}`;
  }

  @traced('orders.sync')
  count(): number {
    return trace.getActiveSpan() === undefined ? -1 : 3;
  }

  @traced()
  static create(): Orders {
    return new Orders();
  }
}

class SpecialOrders extends Orders {}

it('wraps methods declared with @traced()', async () => {
  await expect(new Orders().work(7)).resolves.toBe('order-7');
  expect(new Orders().count()).toBe(3);
  expect(Orders.create()).toBeInstanceOf(Orders);
  await new SpecialOrders().work(1);
  expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['Orders.work', 'orders.sync', 'Orders.create', 'Orders.work']);
});
