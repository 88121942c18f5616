/** Samplers as the OpenTelemetry specification names them. */
import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, SamplingDecision, TraceIdRatioBasedSampler, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace';
import type { OtelkitSamplerName } from '../types.js';

/** Where a trace id ratio sampler finds the figure it decides on for the ids otelkit drew itself. */
export interface TraceIdWords {
  readonly lastTraceId: string | undefined;
  readonly lastTraceIdWords: number;
}

const SAMPLED: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD_AND_SAMPLED });
const DROPPED: SamplingResult = Object.freeze({ decision: SamplingDecision.NOT_RECORD });

/**
 * The specification's trace id ratio sampler, deciding exactly as the SDK's does (XOR of the trace
 * id's four 32-bit words against ratio × 2^32), but for the trace id the id generator has just drawn
 * it takes that XOR from the generator, computed from the random bytes, instead of parsing the 32
 * hex characters again on every request. Any other trace id (a parent's) goes to the SDK's code.
 * Part of the decision taken before the span start (docs/performance.md, "Sampling decision before
 * the span start").
 */
export class RatioSampler extends TraceIdRatioBasedSampler {
  private readonly bound: number;

  constructor(
    ratio: number,
    private readonly ids: TraceIdWords,
  ) {
    super(ratio);
    const r = typeof ratio !== 'number' || Number.isNaN(ratio) || ratio <= 0 ? 0 : ratio >= 1 ? 1 : ratio;
    this.bound = r === 1 ? 2 ** 32 : Math.floor(r * 0xffffffff);
  }

  override shouldSample(context: unknown, traceId: string): SamplingResult {
    const ids = this.ids;
    if (traceId === ids.lastTraceId) return ids.lastTraceIdWords < this.bound ? SAMPLED : DROPPED;
    return super.shouldSample(context, traceId);
  }
}

/**
 * Build the sampler for a name and ratio (the ratio matters only for the traceidratio kinds).
 * `ids` is the id generator the provider uses, when it is otelkit's.
 */
export function createSampler(name: OtelkitSamplerName, ratio: number, ids?: TraceIdWords): Sampler {
  const ratioSampler = (): Sampler => (ids === undefined ? new TraceIdRatioBasedSampler(ratio) : new RatioSampler(ratio, ids));
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratioSampler();
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratioSampler() });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}
