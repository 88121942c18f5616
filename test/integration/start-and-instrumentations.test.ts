/**
 * C1: preload plus the app's own start() gives one pipeline. Lazy loading of instrumentations, and
 * unknown names in OTEL_NODE_ENABLED_INSTRUMENTATIONS.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { INSTRUMENTATION_CATALOG } from '@otelkit/node';
import type { PreloadMode } from '@otelkit/testing';
import { TRACE_ID, disposeAll, fixture, get, inPool, sleep, startScenario, traceHeader, warnLines } from './helpers.js';

afterEach(disposeAll);

describe('C1: preload + start() in the app', () => {
  const CASES: { label: string; entry: string; preload: PreloadMode }[] = [
    { label: 'CJS startSync() under --require', entry: fixture('double-start.cjs'), preload: 'require' },
    { label: 'ESM await start() under --import', entry: fixture('double-start.mjs'), preload: 'import' },
    { label: 'ESM await start() under --require (two module formats)', entry: fixture('double-start.mjs'), preload: 'require' },
  ];

  it('exactly one server span per request and exactly one "already started" line', async () => {
    const results = await inPool(CASES, 3, async (c) => {
      const scenario = await startScenario({ entry: c.entry, preload: c.preload });
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(traceHeader(await get(`${scenario.baseUrl}/req-${i}`)));
      await scenario.receiver.waitFor((r) => ids.every((id) => r.spans().some((s) => s.traceId === id)));
      await sleep(300); // a duplicate pipeline would export its copy within a few batch intervals
      const exit = await scenario.stop('SIGTERM');
      return { c, ids, spans: scenario.receiver.spans(), exit };
    });
    for (const { c, ids, spans, exit } of results) {
      expect(exit.stdout, c.label).toMatch(/active=true/);
      for (const id of ids) {
        expect(id, c.label).toMatch(TRACE_ID);
        expect(spans.filter((s) => s.traceId === id && s.kind === 2), `${c.label}: server spans of ${id}`).toHaveLength(1);
      }
      expect(spans.filter((s) => s.kind === 2), c.label).toHaveLength(5);
      const already = exit.stderr.split('\n').filter((line) => line.includes('already started'));
      expect(already, `${c.label}\n${exit.stderr}`).toHaveLength(1);
      expect(warnLines(exit.stderr), `${c.label}\n${exit.stderr}`).toHaveLength(1);
    }
  });
});

describe('lazy instrumentation loading', () => {
  // Instrumentations with no target module are loaded at start; of those only undici is on by default.
  const noTarget = INSTRUMENTATION_CATALOG.filter((e) => e.modules.length === 0).map((e) => `instrumentation-${e.name}`);

  // The preload carries the HTTP client instrumentation and the instrumentation base bundled;
  // --import runs the same CJS bundle (dist/register.js loads dist/register.cjs).
  it.each(['require', 'import'] as const)('--%s: node:http loads no upstream package (HTTP is bundled); express none either; koa loads instrumentation-koa', async (preload) => {
    const scenario = await startScenario({ entry: fixture('lazy-load.cjs'), preload, waitListening: false });
    const exit = await scenario.app.exited;
    expect(exit.code, exit.stderr).toBe(0);
    const afterHttp = JSON.parse(/^after-http (.*)$/m.exec(exit.stdout)![1]!) as string[];
    const afterExpress = JSON.parse(/^after-express (.*)$/m.exec(exit.stdout)![1]!) as string[];
    const afterKoa = JSON.parse(/^after-koa (.*)$/m.exec(exit.stdout)![1]!) as string[];
    expect(/^http-wrapped (.*)$/m.exec(exit.stdout)![1]).toBe('true');
    const installedAfterExpress = JSON.parse(/^installed-after-express (.*)$/m.exec(exit.stdout)![1]!) as string[];
    expect(afterHttp).not.toContain('instrumentation-http');
    expect(installedAfterExpress).toEqual([]);
    for (const name of afterHttp) expect(['instrumentation-http', ...noTarget], `after http: ${name}`).toContain(name);
    for (const heavy of ['instrumentation-express', 'instrumentation-koa', 'instrumentation-pg', 'instrumentation-mongodb', 'instrumentation-mysql2', 'instrumentation-ioredis']) {
      expect(afterHttp).not.toContain(heavy);
    }
    // Express routes come from otelkit's own instrumentation, which needs no upstream package.
    expect(afterExpress).toEqual(afterHttp);
    expect(afterKoa.filter((n) => !afterHttp.includes(n))).toEqual(['instrumentation-koa']);
  });
});

describe('built-in modules at start', () => {
  it('the default resource detectors load no node:crypto, /metrics loads no node:zlib; service.instance.id is still a random UUID', async () => {
    const scenario = await startScenario({ entry: fixture('builtins-at-start.cjs'), waitListening: false });
    const exit = await scenario.app.exited;
    expect(exit.code, exit.stderr).toBe(0);
    const builtins = JSON.parse(/^builtins (.*)$/m.exec(exit.stdout)![1]!) as string[];
    // node:crypto and the stream modules it loads cost ~8 ms of every start; the first request loads it.
    expect(builtins).not.toContain('crypto');
    // The same for node:zlib (~2 ms): only a scrape that accepts gzip loads it.
    expect(builtins).not.toContain('zlib');
    const span = scenario.receiver.spans().find((s) => s.name === 'one');
    expect(span?.resource['service.instance.id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('OTEL_NODE_ENABLED_INSTRUMENTATIONS with an unknown name', () => {
  it('http,nosuch: exactly one warning naming "nosuch"; http is still traced', async () => {
    const scenario = await startScenario({ entry: fixture('http-app.cjs'), env: { OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,nosuch' } });
    const id = traceHeader(await get(`${scenario.baseUrl}/seq`));
    await scenario.receiver.waitFor((r) => r.spans().some((s) => s.traceId === id && s.kind === 2));
    const exit = await scenario.stop('SIGTERM');
    const lines = warnLines(exit.stderr);
    expect(lines.filter((l) => l.includes('nosuch')), exit.stderr).toHaveLength(1);
    expect(lines.filter((l) => l.includes('nosuch'))[0]).toContain('OTEL_NODE_ENABLED_INSTRUMENTATIONS');
    expect(lines, exit.stderr).toHaveLength(1);
  });
});
