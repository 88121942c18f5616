/**
 * Running one dependency check: bounded by its timeout, never throwing, and never piling up calls
 * into a dependency that hangs (a check still running from an earlier round is not started again).
 */
import type { CheckResult, CheckStatus, HealthCheckFn } from './types.js';

export interface RegisteredCheck {
  readonly name: string;
  readonly fn: HealthCheckFn;
  readonly critical: boolean;
  readonly timeoutMs: number;
  /** The call still running from an earlier round, if it outlived its timeout. */
  pending?: Promise<unknown>;
  last?: CheckResult;
}

const MAX_MESSAGE = 200;

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_MESSAGE ? `${oneLine.slice(0, MAX_MESSAGE)}…` : oneLine;
}

function fromValue(value: unknown): { status: CheckStatus; message?: string } {
  if (value === false) return { status: 'fail', message: 'check returned false' };
  if (typeof value === 'object' && value !== null && 'status' in value) {
    const { status, message } = value as { status?: unknown; message?: unknown };
    const s: CheckStatus = status === 'fail' || status === 'warn' ? status : 'ok';
    return typeof message === 'string' && s !== 'ok' ? { status: s, message: shorten(message) } : { status: s };
  }
  return { status: 'ok' };
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return shorten(error.message || error.name);
  return shorten(String(error));
}

/** Run `check` once. Resolves with its result; never rejects. */
export async function runCheck(check: RegisteredCheck): Promise<CheckResult> {
  const startedAt = Date.now();
  const started = performance.now();
  const base = { name: check.name, critical: check.critical, checkedAt: new Date(startedAt).toISOString() };
  const latency = (): number => Math.round((performance.now() - started) * 10) / 10;

  if (check.pending !== undefined) {
    return { ...base, status: 'fail', latencyMs: 0, timedOut: true, message: `still running after its ${check.timeoutMs} ms timeout` };
  }
  let call: Promise<unknown>;
  try {
    call = Promise.resolve(check.fn());
  } catch (error) {
    return { ...base, status: 'fail', latencyMs: latency(), message: errorMessage(error) };
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), check.timeoutMs);
    timer.unref();
  });
  try {
    const outcome = await Promise.race([call.then((value) => ({ value })), timeout]);
    if (outcome === 'timeout') {
      check.pending = call;
      const clear = (): void => {
        if (check.pending === call) check.pending = undefined;
      };
      call.then(clear, clear);
      return { ...base, status: 'fail', latencyMs: check.timeoutMs, timedOut: true, message: `timed out after ${check.timeoutMs} ms` };
    }
    return { ...base, ...fromValue(outcome.value), latencyMs: latency() };
  } catch (error) {
    return { ...base, status: 'fail', latencyMs: latency(), message: errorMessage(error) };
  } finally {
    clearTimeout(timer);
  }
}
