import { ValueType } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { CUMULATIVE, DELTA, DOUBLE, EXPONENTIAL_HISTOGRAM, GAUGE, HISTOGRAM, SUM } from './sdk-enums.js';

describe('the SDK enum numbers @otelkit/metrics writes', () => {
  it('match the installed @opentelemetry/sdk-metrics and api', () => {
    expect({ HISTOGRAM, EXPONENTIAL_HISTOGRAM, GAUGE, SUM }).toEqual({
      HISTOGRAM: DataPointType.HISTOGRAM,
      EXPONENTIAL_HISTOGRAM: DataPointType.EXPONENTIAL_HISTOGRAM,
      GAUGE: DataPointType.GAUGE,
      SUM: DataPointType.SUM,
    });
    expect({ DELTA, CUMULATIVE }).toEqual({ DELTA: AggregationTemporality.DELTA, CUMULATIVE: AggregationTemporality.CUMULATIVE });
    expect(DOUBLE).toBe(ValueType.DOUBLE);
  });
});
