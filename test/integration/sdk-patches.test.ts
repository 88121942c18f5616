/**
 * The build-time fix to the bundled SDK's attribute validation (packages/node/bundle/sdk-patches.ts)
 * must keep the SDK's behaviour: primitives, arrays and plain objects are kept; functions, cycles
 * and class instances are dropped with the SDK's own warning. The tracer, which otelkit gives no
 * meter provider, keeps no span-count instruments, and its spans start, end and export as before.
 */
import { describe, expect, it } from 'vitest';
import { runAppToExit } from '@otelkit/testing';
import { TEST_DIR } from './helpers.js';

const SCRIPT = `
const { trace } = require('@opentelemetry/api');
const span = trace.getTracer('t').startSpan('s');
const cyclic = { a: 1 }; cyclic.self = cyclic;
span.setAttributes({ s: 'x', n: 1, b: true, arr: [1, 2], nested: { k: ['v'] }, fn: () => 1, cyc: cyclic, date: new Date(0) });
console.log(JSON.stringify(Object.keys(span.attributes).sort()));
`;

/** Run a script with `node --require <preload> -e`, traces going to the given exporter. */
function runUnderPreload(script: string, tracesExporter: 'none' | 'console'): ReturnType<typeof runAppToExit> {
  return runAppToExit({
    entry: '-e',
    args: [script],
    preload: 'require',
    cwd: TEST_DIR,
    timeoutMs: 15_000,
    env: { OTEL_TRACES_EXPORTER: tracesExporter, OTEL_METRICS_EXPORTER: 'none', OTEL_LOG_LEVEL: 'warn' },
  });
}

describe('bundled SDK attribute validation', () => {
  it('keeps primitives, arrays and plain objects; drops functions, cycles and class instances', async () => {
    const exit = await runUnderPreload(SCRIPT, 'none');
    expect(exit.code, exit.stderr).toBe(0);
    expect(JSON.parse(exit.stdout.trim())).toEqual(['arr', 'b', 'n', 'nested', 's']);
    for (const key of ['fn', 'cyc', 'date']) expect(exit.stderr).toContain(`Invalid attribute value set for key: ${key}`);
  });

  it('tracer without a meter provider: no span-count instruments, spans still end and export', async () => {
    const script = `
const { trace } = require('@opentelemetry/api');
const tracer = trace.getTracer('t');
const span = tracer.startSpan('s');
span.end();
span.end();
console.log(JSON.stringify({ counters: 'startedSpans' in tracer._tracerMetrics, recording: span.isRecording(), ended: span.ended }));
`;
    const exit = await runUnderPreload(script, 'console');
    expect(exit.code, exit.stderr).toBe(0);
    const lines = exit.stdout.trim().split('\n');
    expect(JSON.parse(lines[0]!)).toEqual({ counters: false, recording: false, ended: true });
    // The console exporter printed the one span at exit.
    expect(exit.stdout).toContain("name: 's'");
  });
});
