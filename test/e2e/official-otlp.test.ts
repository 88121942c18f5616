// Checks the receiver and the bundled protos against the official OTLP material in ../shared.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { otlpProtoDir, startOtlpReceiver, type OtlpReceiver } from '@otelkit/testing';

const shared = join(__dirname, '..', '..', '..', 'shared', 'otlp-proto');

function protoFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return protoFiles(path);
    return name.endsWith('.proto') ? [path] : [];
  });
}

let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('official OTLP material', () => {
  it('the protos bundled in @otelkit/testing are byte-identical to the official ones', () => {
    const bundled = protoFiles(otlpProtoDir());
    expect(bundled.length).toBeGreaterThanOrEqual(8);
    for (const file of bundled) {
      const rel = relative(otlpProtoDir(), file);
      expect(readFileSync(file, 'utf8'), rel).toBe(readFileSync(join(shared, rel), 'utf8'));
    }
  });

  it('the official trace example decodes to the spans it contains', async () => {
    receiver = await startOtlpReceiver();
    const body = readFileSync(join(shared, 'examples', 'trace.json'), 'utf8');
    const expected = JSON.parse(body) as {
      resourceSpans: { scopeSpans: { spans: { traceId: string; spanId: string; name: string }[] }[] }[];
    };
    const response = await fetch(`${receiver.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(200);
    const want = expected.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    const got = receiver.spans();
    expect(got.map((s) => s.name)).toEqual(want.map((s) => s.name));
    expect(got.map((s) => s.traceId)).toEqual(want.map((s) => s.traceId.toLowerCase()));
    expect(got.map((s) => s.spanId)).toEqual(want.map((s) => s.spanId.toLowerCase()));
  });

  it.each(['metrics', 'logs'])('the official %s example is accepted and decoded', async (signal) => {
    receiver = await startOtlpReceiver();
    const body = readFileSync(join(shared, 'examples', `${signal}.json`), 'utf8');
    const response = await fetch(`${receiver.url}/v1/${signal}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(200);
    const count = signal === 'metrics' ? receiver.metrics().length : receiver.logs().length;
    expect(count).toBeGreaterThan(0);
  });
});
