import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { SamplingDecision, type Sampler } from '@opentelemetry/sdk-trace';
import { OtelkitError } from '@otelkit/core';
import { describe, expect, it } from 'vitest';
import { createSampler } from './sampler.js';
import { createSignalSwitches, SwitchableSampler, switchableSignal } from './signal-switch.js';

const decide = (sampler: Sampler): SamplingDecision => sampler.shouldSample(ROOT_CONTEXT, 'a'.repeat(32), 'GET', SpanKind.SERVER, {}, []).decision;

describe('SwitchableSampler', () => {
  it('decides as the configured sampler while traces are on, drops every span while off, and follows the flag both ways', () => {
    const switches = createSignalSwitches();
    const inner = createSampler('parentbased_always_on', 1);
    const sampler = new SwitchableSampler(inner, switches);
    expect(decide(sampler)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    switches.traces = false;
    expect(decide(sampler)).toBe(SamplingDecision.NOT_RECORD);
    switches.traces = true;
    expect(decide(sampler)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(sampler.toString()).toBe(inner.toString());
  });

  it('keeps a dropping sampler dropping while on', () => {
    expect(decide(new SwitchableSampler(createSampler('always_off', 1), createSignalSwitches()))).toBe(SamplingDecision.NOT_RECORD);
  });
});

describe('switchableSignal', () => {
  it.each(['traces', 'metrics'])('accepts %s', (name) => expect(switchableSignal(name)).toBe(name));
  it.each(['logs', '', undefined, 1])('throws OTELKIT_ERR_INVALID_OPTION for %s', (name) => {
    expect(() => switchableSignal(name)).toThrow(OtelkitError);
    expect(() => switchableSignal(name)).toThrow(/option "signal" must be one of "traces", "metrics"/);
  });
});
