/**
 * An exception thrown by a handler (sync, async, or forwarded to the framework's error handling)
 * is recorded once on the HTTP server span: an `exception` event with type, message and stack,
 * status ERROR with the message as its description, `error.type` the status code. Client errors
 * and errors the app recovers from leave no event. Express 5 and 4, Fastify 5 and Koa 3, each a
 * real child under the preload.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PreloadMode, ReceivedSpan } from '@otelkit/testing';
import { SPAN_KIND, disposeAll, fixture, get, inPool, startScenario, warnLines } from './helpers.js';

afterEach(disposeAll);

interface Case {
  path: string;
  status: number;
  /** The one exception event expected; undefined: no event at all and status unset. */
  exception?: { type: string | undefined; message: string; stackHas?: string };
}

interface App {
  label: string;
  entry: string;
  preload: PreloadMode;
  env?: Record<string, string>;
  cases: Case[];
  /** The app's listening line (which framework version it runs). */
  listening?: RegExp;
  /** otelkit warnings that are not this feature's (see where they are set). */
  allowedWarnings?: RegExp;
}

function commonCases(file: string, nonError: { string: Case['exception']; object: Case['exception'] }): Case[] {
  return [
    { path: '/ok', status: 200 },
    { path: '/sync', status: 500, exception: { type: 'Error', message: 'sync boom', stackHas: file } },
    { path: '/async', status: 500, exception: { type: 'TypeError', message: 'async boom', stackHas: file } },
    { path: '/string', status: 500, exception: nonError.string },
    { path: '/object', status: 500, exception: nonError.object },
    { path: '/missing', status: 404 },
    { path: '/handled', status: 500, exception: { type: 'RangeError', message: 'handled boom', stackHas: file } },
    { path: '/recovered', status: 200 },
  ];
}

// A thrown string or object has no type and no stack; its text is the message.
const PLAIN = { string: { type: undefined, message: 'string boom' }, object: { type: undefined, message: '{"reason":"object boom"}' } };
// Koa turns a non-Error into an Error of its own before its error handling sees it.
const KOA_WRAPPED = {
  string: { type: 'Error', message: 'non-error thrown: "string boom"' },
  object: { type: 'Error', message: 'non-error thrown: {"reason":"object boom"}' },
};

const expressCases = (file: string): Case[] => [
  ...commonCases(file, PLAIN),
  { path: '/forwarded', status: 500, exception: { type: 'Error', message: 'forwarded boom', stackHas: file } },
];

const APPS: App[] = [
  { label: 'Express 5', entry: fixture('exceptions-express.cjs'), preload: 'require', listening: /express 5 listening/, cases: expressCases('exceptions-express-app.cjs') },
  { label: 'Express 5 (ESM)', entry: fixture('exceptions-express.mjs'), preload: 'import', listening: /express 5 esm listening/, cases: expressCases('exceptions-express-app.cjs') },
  { label: 'Express 4', entry: fixture('exceptions-express.cjs'), preload: 'require', env: { EXPRESS_MAJOR: '4' }, listening: /express 4 listening/, cases: expressCases('exceptions-express-app.cjs') },
  { label: 'Fastify 5 (ESM)', entry: fixture('exceptions-fastify.mjs'), preload: 'import', cases: commonCases('exceptions-fastify.mjs', PLAIN) },
  {
    label: 'Koa 3',
    entry: fixture('exceptions-koa.cjs'),
    preload: 'require',
    cases: commonCases('exceptions-koa.cjs', KOA_WRAPPED),
    // The upstream Koa instrumentation passes the thrown object itself to its middleware span's
    // recordException(), which the SDK can't record and warns about.
    allowedWarnings: /^otelkit WARN sdk: Failed to record an exception \[object Object\]$/,
  },
];

interface Observed {
  statuses: Record<string, number>;
  traceIds: Record<string, string | null>;
  spans: Record<string, ReceivedSpan | undefined>;
  warnings: string[];
  error?: string;
}

async function observe(app: App): Promise<Observed> {
  const statuses: Record<string, number> = {};
  const traceIds: Record<string, string | null> = {};
  const spans: Record<string, ReceivedSpan | undefined> = {};
  try {
    const scenario = await startScenario({ entry: app.entry, preload: app.preload, env: app.env ?? {} });
    if (app.listening !== undefined && !app.listening.test(scenario.app.stdout())) throw new Error(`unexpected app: ${scenario.app.stdout()}`);
    // One at a time: each response is complete before the next request starts.
    for (const c of app.cases) {
      const res = await get(`${scenario.baseUrl}${c.path}`);
      statuses[c.path] = res.status;
      traceIds[c.path] = res.headers.get('x-trace-id');
    }
    const serverSpanOf = (path: string): ReceivedSpan | undefined =>
      scenario.receiver.spans().find((s) => s.kind === SPAN_KIND.SERVER && s.attributes['url.path'] === path);
    await scenario.receiver.waitFor(() => app.cases.every((c) => serverSpanOf(c.path) !== undefined), { timeoutMs: 10_000 }).catch(() => undefined);
    for (const c of app.cases) spans[c.path] = serverSpanOf(c.path);
    const warnings = warnLines(scenario.app.stderr());
    await scenario.dispose();
    return { statuses, traceIds, spans, warnings };
  } catch (error) {
    return { statuses, traceIds, spans, warnings: [], error: (error as Error).message.slice(0, 2000) };
  }
}

describe('handler exceptions on the server span', () => {
  it('Express 5 (CJS, ESM) and 4, Fastify 5 and Koa 3: one exception event per failed request, none for success, 4xx or recovery', async () => {
    const observed = await inPool(APPS, 2, observe);
    for (const [i, app] of APPS.entries()) {
      const o = observed[i]!;
      expect(o.error, app.label).toBeUndefined();
      expect(o.warnings.filter((w) => app.allowedWarnings?.test(w) !== true), `${app.label}: no otelkit warnings`).toEqual([]);
      // Soft: every case is checked and reported.
      for (const c of app.cases) {
        const label = `${app.label} ${c.path}`;
        expect.soft(o.statuses[c.path], label).toBe(c.status);
        const span = o.spans[c.path];
        expect.soft(span, `${label}: server span exported`).toBeDefined();
        if (span === undefined) continue;
        expect.soft(span.attributes['http.response.status_code'], label).toBe(c.status);
        // Error answers name their trace too (Koa clears every header before its error answer).
        expect.soft(o.traceIds[c.path], `${label}: X-Trace-ID`).toBe(span.traceId);
        if (c.exception === undefined) {
          expect.soft(span.events, `${label}: no events`).toEqual([]);
          expect.soft(span.status.code, `${label}: status unset`).toBe(0);
          expect.soft(span.attributes['error.type'], label).toBeUndefined();
          continue;
        }
        // Exactly one event, although the frameworks rethrow and forward the error.
        expect.soft(span.events.map((e) => e.name), `${label}: one exception event`).toEqual(['exception']);
        if (span.events.length === 0) continue;
        const attributes = span.events[0]!.attributes;
        expect.soft(attributes['exception.type'], `${label}: exception.type`).toBe(c.exception.type);
        expect.soft(attributes['exception.message'], `${label}: exception.message`).toBe(c.exception.message);
        if (c.exception.stackHas !== undefined) {
          const stack = String(attributes['exception.stacktrace']);
          expect.soft(stack, `${label}: stacktrace`).toContain(`${c.exception.type}: ${c.exception.message}`);
          expect.soft(stack, `${label}: stacktrace`).toContain(c.exception.stackHas);
        }
        expect.soft(span.status, `${label}: status`).toEqual({ code: 2, message: c.exception.message });
        expect.soft(span.attributes['error.type'], `${label}: error.type`).toBe('500');
        // The event is timed within the span.
        const at = BigInt(span.events[0]!.timeUnixNano);
        expect.soft(at >= BigInt(span.startTimeUnixNano) && at <= BigInt(span.endTimeUnixNano), `${label}: event inside the span`).toBe(true);
      }
    }
  });
});
