/** otelkit's diagnostic lines during each unit test, without the `otelkit WARN ` prefix, rate limit reset. */
import { resetDiagRateLimit, setDiagSink } from '@otelkit/core';
import { afterEach, beforeEach } from 'vitest';

export function captureDiagLines(): string[] {
  const lines: string[] = [];
  let previous: ReturnType<typeof setDiagSink> | undefined;
  beforeEach(() => {
    lines.length = 0;
    resetDiagRateLimit();
    previous = setDiagSink((_level, line) => void lines.push(line.replace(/^otelkit [A-Z]+ /, '')));
  });
  afterEach(() => {
    if (previous !== undefined) setDiagSink(previous);
  });
  return lines;
}
