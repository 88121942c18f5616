/**
 * The one rendering of a span's trace flags, shared by the `traceparent` otelkit writes (propagation,
 * `Server-Timing`) and the `trace_flags` log field, so a header and a log line never disagree.
 */

// W3C Trace Context defines sampled (0x01) and, in Level 2, random (0x02); every other bit is
// reserved and "Vendors MUST set those to zero". A table, so that no log line allocates.
const FLAGS_HEX = ['00', '01', '02', '03'] as const;

/** Trace flags as two lowercase hex digits, with the reserved bits cleared. */
export function traceFlagsHex(traceFlags: number): string {
  return FLAGS_HEX[traceFlags & 0x03] as string;
}
