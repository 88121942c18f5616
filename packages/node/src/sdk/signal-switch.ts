/**
 * The run-time switches behind OtelkitHandle.setSignalEnabled(): one flag per signal, read on the
 * hot paths (a property read), and the sampler that drops every new span while traces are off.
 */
import { SamplingDecision, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace';
import { invalidOption } from '@otelkit/core';
import type { OtelkitSwitchableSignal } from '../types.js';

export interface SignalSwitches {
  traces: boolean;
  metrics: boolean;
}

const SIGNALS: readonly OtelkitSwitchableSignal[] = ['traces', 'metrics'];

/** Both signals on, as after start(). */
export function createSignalSwitches(): SignalSwitches {
  return { traces: true, metrics: true };
}

/** The signal name checked: an explicit programmer call with a bad name throws. */
export function switchableSignal(signal: unknown): OtelkitSwitchableSignal {
  if (!SIGNALS.includes(signal as OtelkitSwitchableSignal)) throw invalidOption('signal', `one of ${SIGNALS.map((s) => `"${s}"`).join(', ')}`, signal);
  return signal as OtelkitSwitchableSignal;
}

const DROPPED: SamplingResult = Object.freeze({ decision: SamplingDecision.NOT_RECORD });

/**
 * The configured sampler while traces are on; NOT_RECORD for every span while they are off, which
 * is what `always_off` returns: the span keeps a valid context (trace id header, log correlation,
 * propagation as "not sampled") and records nothing. Both span starts consult it: the SDK's and the
 * HTTP server's decision before the span start.
 */
export class SwitchableSampler implements Sampler {
  constructor(
    private readonly inner: Sampler,
    private readonly switches: Readonly<SignalSwitches>,
  ) {}

  // Parameters spelled out, not spread: this runs on every span start.
  shouldSample(
    context: Parameters<Sampler['shouldSample']>[0],
    traceId: string,
    spanName: string,
    spanKind: Parameters<Sampler['shouldSample']>[3],
    attributes: Parameters<Sampler['shouldSample']>[4],
    links: Parameters<Sampler['shouldSample']>[5],
  ): SamplingResult {
    return this.switches.traces ? this.inner.shouldSample(context, traceId, spanName, spanKind, attributes, links) : DROPPED;
  }

  toString(): string {
    return this.inner.toString();
  }
}
