import { describe, expect, it } from 'vitest';
import { createContextKey, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { getRPCMetadata, RPCType, type RPCMetadata } from '@opentelemetry/core';
import { RequestContext } from './request-context.js';

const FIELDS = Symbol.for('otelkit.logs.fields');
const OTHER = createContextKey('test other');
const span = trace.wrapSpanContext({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 });
const rpc: RPCMetadata = { type: RPCType.HTTP, span };

describe('RequestContext', () => {
  it('answers the span, the RPC metadata and the log fields, and the parent for anything else', () => {
    const parent = ROOT_CONTEXT.setValue(OTHER, 'from parent');
    const ctx = new RequestContext(parent, span, rpc, FIELDS, { request_id: 'r1' });
    expect(trace.getSpan(ctx)).toBe(span);
    expect(getRPCMetadata(ctx)).toBe(rpc);
    expect(ctx.getValue(FIELDS)).toEqual({ request_id: 'r1' });
    expect(ctx.getValue(OTHER)).toBe('from parent');
    expect(new RequestContext(ROOT_CONTEXT, span, rpc, FIELDS, undefined).getValue(FIELDS)).toBeUndefined();
  });

  it('derived contexts keep every value, and the request context itself never changes', () => {
    const ctx = new RequestContext(ROOT_CONTEXT.setValue(OTHER, 'p'), span, rpc, FIELDS, { request_id: 'r2' });
    const child = trace.wrapSpanContext({ traceId: 'a'.repeat(32), spanId: 'c'.repeat(16), traceFlags: 1 });
    const derived = trace.setSpan(ctx, child);
    expect(trace.getSpan(derived)).toBe(child);
    expect(getRPCMetadata(derived)).toBe(rpc);
    expect(derived.getValue(FIELDS)).toEqual({ request_id: 'r2' });
    expect(derived.getValue(OTHER)).toBe('p');
    expect(trace.getSpan(ctx)).toBe(span);
    const without = ctx.deleteValue(FIELDS);
    expect(without.getValue(FIELDS)).toBeUndefined();
    expect(trace.getSpan(without)).toBe(span);
    expect(ctx.getValue(FIELDS)).toEqual({ request_id: 'r2' });
  });

  it('release() keeps the ids but lets go of the span object, in the context and the RPC metadata', () => {
    const before = trace.wrapSpanContext({ traceId: 'd'.repeat(32), spanId: 'e'.repeat(16), traceFlags: 1 });
    const ownRpc: RPCMetadata = { type: RPCType.HTTP, span: before };
    const ctx = new RequestContext(ROOT_CONTEXT.setValue(OTHER, 'p'), before, ownRpc, FIELDS, { request_id: 'r3' });
    expect(trace.getSpan(ctx)).toBe(before);
    expect(trace.getSpan(ctx.setValue(OTHER, 'q'))).toBe(before);
    ctx.release();
    const after = trace.getSpan(ctx)!;
    expect(after).not.toBe(before);
    expect(after.spanContext()).toEqual(before.spanContext());
    expect(after.isRecording()).toBe(false);
    expect(ownRpc.span).toBe(after);
    expect(ctx.getValue(FIELDS)).toEqual({ request_id: 'r3' });
    // Contexts derived after the release carry the light span and every other value.
    const derived = ctx.setValue(OTHER, 'q');
    expect(trace.getSpan(derived)).toBe(after);
    expect(derived.getValue(FIELDS)).toEqual({ request_id: 'r3' });
  });
});
