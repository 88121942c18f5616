/**
 * What otelkit prints about export problems: rate-limited single lines that still say what went wrong.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { disposeAll, fixture, get, newReceiver, sleep, startScenario } from './helpers.js';

afterEach(disposeAll);

const otelkitLines = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith('otelkit '));

describe('SDK diagnostics forwarded by otelkit', () => {
  it('a partial-success answer is reported once, with the rejected count and the collector message', async () => {
    const receiver = await newReceiver();
    receiver.setDefaultFault({ partialSuccess: { rejected: 7, message: 'rejected-by-test-collector' } });
    const scenario = await startScenario({ entry: fixture('http-app.cjs'), receiver });
    for (let i = 0; i < 5; i++) {
      expect((await get(`${scenario.baseUrl}/seq`)).status).toBe(200);
      await sleep(120); // one export per request
    }
    await receiver.waitFor((r) => r.requests().filter((q) => q.status === 200).length >= 3);
    const exit = await scenario.stop('SIGTERM');
    // The receiver answers every signal so: one line for the spans, another for the metrics.
    const lines = otelkitLines(exit.stderr).filter((l) => /partial success/i.test(l) && /\bspans\b/.test(l));
    // Rate limit: several partial successes, one line.
    expect(lines, exit.stderr).toHaveLength(1);
    // The line must carry the details, or it tells the operator nothing.
    expect(lines[0]).toContain('rejected-by-test-collector');
    expect(lines[0]).toContain('7');
  });

  it('export failures (HTTP 400 every time) give one line per minute, on one line', async () => {
    const receiver = await newReceiver();
    receiver.setDefaultFault({ status: 400 });
    const scenario = await startScenario({ entry: fixture('http-app.cjs'), receiver });
    for (let i = 0; i < 5; i++) {
      expect((await get(`${scenario.baseUrl}/seq`)).status).toBe(200);
      await sleep(120);
    }
    await receiver.waitFor((r) => r.requests().length >= 3);
    const exit = await scenario.stop('SIGTERM');
    const lines = otelkitLines(exit.stderr);
    expect(lines, exit.stderr).toHaveLength(1);
    expect(exit.stderr.trim().split('\n'), 'nothing but that line on stderr').toHaveLength(1);
    expect(lines[0]).toMatch(/Bad Request|400/);
  });
});
