import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { OtelkitError } from '@otelkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { traced } from './traced.js';

// The decorator is applied by hand here, with the context object the runtime would pass, so this
// file does not depend on decorator syntax support. traced.decorators.test.ts uses the real syntax.

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

function methodContext(name: string | symbol, isStatic = false): ClassMethodDecoratorContext {
  return {
    kind: 'method',
    name,
    static: isStatic,
    private: false,
    access: { has: () => true, get: () => undefined },
    addInitializer: () => {},
    metadata: {},
  } as unknown as ClassMethodDecoratorContext;
}

function decorate<C>(cls: C & { prototype: object }, key: string, name?: string, isStatic = false): void {
  const owner = (isStatic ? cls : cls.prototype) as Record<string, (...args: unknown[]) => unknown>;
  owner[key] = traced(name)(owner[key]!, methodContext(key, isStatic) as never);
}

describe('traced (decorator applied by hand)', () => {
  it('names the span ClassName.method and keeps this and arguments', async () => {
    class Billing {
      rate = 2;
      async charge(amount: number): Promise<number> {
        return amount * this.rate;
      }
    }
    decorate(Billing, 'charge');
    await expect(new Billing().charge(21)).resolves.toBe(42);
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['Billing.charge']);
  });

  it('uses the defining class, not the subclass', () => {
    class Base {
      work(): string {
        return 'base';
      }
    }
    class Child extends Base {}
    decorate(Base, 'work');
    expect(new Child().work()).toBe('base');
    expect(exporter.getFinishedSpans()[0]?.name).toBe('Base.work');
  });

  it('supports static methods and an explicit name', () => {
    class Jobs {
      static run(): string {
        return 'ran';
      }
      named(): number {
        return 1;
      }
    }
    decorate(Jobs, 'run', undefined, true);
    decorate(Jobs, 'named', 'jobs.custom');
    expect(Jobs.run()).toBe('ran');
    expect(new Jobs().named()).toBe(1);
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['Jobs.run', 'jobs.custom']);
  });

  it('records errors and rethrows them unchanged', async () => {
    const error = new Error('nope');
    class Failing {
      async go(): Promise<void> {
        throw error;
      }
    }
    decorate(Failing, 'go');
    await expect(new Failing().go()).rejects.toBe(error);
    expect(exporter.getFinishedSpans()[0]?.status.code).toBe(2);
  });

  it('rejects non-method targets and bad names at definition time', () => {
    const field = { ...methodContext('x'), kind: 'field' } as unknown as ClassMethodDecoratorContext;
    expect(() => traced()(() => undefined, field as never)).toThrow(OtelkitError);
    expect(() => traced('')).toThrow(OtelkitError);
  });
});
