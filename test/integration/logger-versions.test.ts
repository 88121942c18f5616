/**
 * Every logger major that @otelkit/logs claims (pino 8, 9, 10; bunyan 1.8, 2; winston 3) gets the
 * span's ids on lines written inside a span, none outside, and keeps the user's own fields:
 * - through the preload's own instrumentations, with each version installed as a real install has
 *   it: a folder named after the package (node_modules/pino holding pino 8). The test workspace has
 *   the older majors as aliases (pino8, bunyan1); a symlink to them would not do, because the
 *   require hook names a module after its real path (`pino8`). So the alias is copied into a
 *   temporary app folder under test/, where the copy's own dependencies still resolve;
 * - through the library helpers of @otelkit/logs, in this process.
 */
import { context, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { bunyanStream, correlatePinoLogger, pinoCorrelation, pinoMixin, combinePinoMixin, winstonFormat, wrapBunyanEmit, wrapWinstonWrite } from '@otelkit/logs';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, SPAN_ID, TEST_DIR, TRACE_ID, disposeAll, fixture, get, sleep, startScenario, traceHeader, waitForServerSpan, warnLines } from './helpers.js';

afterEach(disposeAll);

type Line = Record<string, unknown>;
const TRACE_KEYS = ['trace_id', 'span_id', 'trace_flags'];
const requireHere = createRequire(import.meta.url);
const modulePath = (name: string): string => join(REPO_ROOT, 'node_modules', name);

// --------------------------------------------------------------------------------------------
// Preload: otelkit's own instrumentations, matched by module name.

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** An app folder (removed after the file) with pino and bunyan of the given versions and winston 3. */
function appFolder(pinoAlias: string, bunyanAlias: string): string {
  // Inside the repository, so the copies' hoisted dependencies resolve; git ignores node_modules.
  const dir = mkdtempSync(join(TEST_DIR, '.logger-app-'));
  tempDirs.push(dir);
  mkdirSync(join(dir, 'node_modules'));
  cpSync(modulePath(pinoAlias), join(dir, 'node_modules', 'pino'), { recursive: true });
  cpSync(modulePath(bunyanAlias), join(dir, 'node_modules', 'bunyan'), { recursive: true });
  symlinkSync(modulePath('winston'), join(dir, 'node_modules', 'winston'), 'dir');
  return dir;
}

const LIBS = ['pino', 'pino-child', 'bunyan', 'winston'];

function jsonLines(stdout: string): Line[] {
  return stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Line);
}

describe('preload: each claimed logger version, installed under its own name', () => {
  it.each([
    ['pino8', '8.21', 'bunyan1', '1.8'],
    ['pino9', '9.14', 'bunyan', '2.'],
    ['pino', '10.', 'bunyan1', '1.8'],
  ])('%s (pino %s) and %s (bunyan %s), winston 3: ids inside the request, none outside, the user\'s fields kept', async (pinoAlias, pinoVersion, bunyanAlias, bunyanVersion) => {
    const s = await startScenario({ entry: fixture('logger-versions-app.cjs'), env: { LOGGERS_DIR: appFolder(pinoAlias, bunyanAlias) } });
    const versions = JSON.parse(/^versions (.*)$/m.exec(s.app.stdout())![1]!) as Record<string, string>;
    expect(versions['pino']!.startsWith(pinoVersion)).toBe(true);
    expect(versions['bunyan']!.startsWith(bunyanVersion)).toBe(true);
    expect(versions['winston']!.startsWith('3.')).toBe(true);

    const res = await get(`${s.baseUrl}/work`);
    const traceId = traceHeader(res);
    const requestLines = (): Line[] => jsonLines(s.app.stdout()).filter((l) => l['where'] === 'request');
    for (let waited = 0; requestLines().length < LIBS.length && waited < 5000; waited += 20) await sleep(20);
    const lines = jsonLines(s.app.stdout());
    const startup = lines.filter((l) => l['where'] === 'startup');
    const inside = requestLines();
    expect(startup.map((l) => l['lib']).sort()).toEqual([...LIBS].sort());
    expect(inside.map((l) => l['lib']).sort()).toEqual([...LIBS].sort());
    const spanId = (await waitForServerSpan(s.receiver, traceId)).spanId;

    for (const line of startup) for (const key of TRACE_KEYS) expect(line, `${String(line['lib'])} at startup`).not.toHaveProperty(key);
    for (const line of inside) expect(line, String(line['lib'])).toMatchObject({ trace_id: traceId, span_id: spanId, trace_flags: '01' });
    const byLib = (lib: string): Line[] => lines.filter((l) => l['lib'] === lib);
    for (const line of [...byLib('pino'), ...byLib('pino-child')]) expect(line).toMatchObject({ app: 'matrix', mixed: true, msg: line['lib'] === 'pino' ? 'pino line' : 'pino child line' });
    for (const line of byLib('pino')) expect(line['order']).toBe(7);
    for (const line of byLib('pino-child')) expect(line['module']).toBe('billing');
    for (const line of byLib('bunyan')) expect(line).toMatchObject({ name: 'matrix-bunyan', order: 7, msg: 'bunyan line' });
    for (const line of byLib('winston')) expect(line).toMatchObject({ component: 'matrix-winston', order: 7, message: 'winston line', level: 'info' });
    expect(warnLines(s.app.stderr())).toEqual([]);
  });
});

// --------------------------------------------------------------------------------------------
// Library helpers of @otelkit/logs, in this process.

let provider: TracerProvider;
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  provider = new TracerProvider();
});
afterAll(() => {
  context.disable();
});

function memoryStream(): Writable & { lines(): Line[] } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  return Object.assign(stream, { lines: () => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Line) });
}

/** Run `fn` inside an active span; return the span's ids as the log fields should show them. */
function inSpan(fn: () => void): Line {
  let span!: Span;
  provider.getTracer('matrix').startActiveSpan('matrix', (s) => {
    span = s;
    fn();
    s.end();
  });
  const sc = span.spanContext();
  expect(sc.traceId).toMatch(TRACE_ID);
  expect(sc.spanId).toMatch(SPAN_ID);
  return { trace_id: sc.traceId, span_id: sc.spanId, trace_flags: '01' };
}

/** Two lines, one outside and one inside a span: the inside one has the ids, the outside none. */
function expectCorrelated(lines: Line[], ids: Line, own: Line): void {
  expect(lines).toHaveLength(2);
  const [outside, inside] = lines;
  expect(inside).toMatchObject({ ...ids, ...own });
  expect(outside).toMatchObject(own);
  for (const key of TRACE_KEYS) expect(outside).not.toHaveProperty(key);
}

/** Run `fn` with `proto[key]` wrapped as the preload wraps it, then put the original back. */
function withWrapped(proto: object, key: string, wrap: (original: never) => unknown, fn: () => void): void {
  const target = proto as Record<string, unknown>;
  const own = Object.prototype.hasOwnProperty.call(target, key);
  const original = target[key];
  target[key] = wrap(original as never);
  try {
    fn();
  } finally {
    if (own) target[key] = original;
    else delete target[key];
  }
}

type PinoFactory = ((options: object, stream: Writable) => { info(obj: object, msg: string): void; child(b: object): { info(obj: object, msg: string): void } }) & { version: string };

describe.each([
  ['pino8', '8.'],
  ['pino9', '9.'],
  ['pino', '10.'],
])('library helpers with %s', (alias, major) => {
  const pino = requireHere(alias) as PinoFactory;
  const userMixin = (): Line => ({ mixed: true });
  const own = { app: 'matrix', order: 7 };

  it(`is pino ${major}x`, () => {
    expect(pino.version.startsWith(major)).toBe(true);
  });

  it.each([
    ['pinoMixin()', () => ({ mixin: pinoMixin() })],
    ['pinoCorrelation()', () => pinoCorrelation()],
    ['combinePinoMixin(user mixin)', () => ({ mixin: combinePinoMixin(userMixin, false) })],
  ])('%s', (label, options) => {
    const out = memoryStream();
    const logger = pino({ base: { app: 'matrix' }, ...options() }, out);
    logger.info({ order: 7 }, 'outside');
    const ids = inSpan(() => logger.child({ module: 'billing' }).info({ order: 7 }, 'inside'));
    expectCorrelated(out.lines(), ids, own);
    expect(out.lines()[1]).toMatchObject({ module: 'billing', msg: 'inside' });
    if (label.startsWith('combine')) for (const line of out.lines()) expect(line['mixed']).toBe(true);
  });

  it('correlatePinoLogger() on a logger with its own mixin', () => {
    const out = memoryStream();
    const logger = pino({ base: { app: 'matrix' }, mixin: userMixin }, out);
    correlatePinoLogger(logger, pino as never);
    logger.info({ order: 7 }, 'outside');
    const ids = inSpan(() => logger.child({ module: 'billing' }).info({ order: 7 }, 'inside'));
    expectCorrelated(out.lines(), ids, { ...own, mixed: true });
    expect(out.lines()[1]).toMatchObject({ module: 'billing', msg: 'inside' });
  });
});

type BunyanModule = { createLogger(options: object): { info(obj: object, msg: string): void }; prototype: object };

describe.each([
  ['bunyan1', '1.8.'],
  ['bunyan', '2.'],
])('library helpers with %s', (alias, version) => {
  const bunyan = requireHere(alias) as BunyanModule;
  const own = { name: 'matrix-bunyan', order: 7 };

  it(`is bunyan ${version}x`, () => {
    expect((requireHere(`${alias}/package.json`) as { version: string }).version.startsWith(version)).toBe(true);
  });

  it('bunyanStream()', () => {
    const out = memoryStream();
    const logger = bunyan.createLogger({ name: 'matrix-bunyan', streams: [bunyanStream(out)] });
    logger.info({ order: 7 }, 'outside');
    const ids = inSpan(() => logger.info({ order: 7 }, 'inside'));
    expectCorrelated(out.lines(), ids, own);
  });

  it('wrapBunyanEmit() on the prototype (what the preload installs)', () => {
    withWrapped(bunyan.prototype, '_emit', wrapBunyanEmit, () => {
      const out = memoryStream();
      const logger = bunyan.createLogger({ name: 'matrix-bunyan', streams: [{ stream: out, level: 'info' }] });
      logger.info({ order: 7 }, 'outside');
      const ids = inSpan(() => logger.info({ order: 7 }, 'inside'));
      expectCorrelated(out.lines(), ids, own);
    });
  });
});

describe('library helpers with winston 3', () => {
  const winston = requireHere('winston') as typeof import('winston');
  const own = { component: 'matrix-winston', order: 7 };

  it('winstonFormat()', () => {
    const out = memoryStream();
    const logger = winston.createLogger({ defaultMeta: { component: 'matrix-winston' }, format: winston.format.combine(winstonFormat(), winston.format.json()), transports: [new winston.transports.Stream({ stream: out })] });
    logger.info('outside', { order: 7 });
    const ids = inSpan(() => logger.info('inside', { order: 7 }));
    expectCorrelated(out.lines(), ids, own);
  });

  it('wrapWinstonWrite() on Logger.prototype (what the preload installs)', () => {
    withWrapped(winston.Logger.prototype, 'write', wrapWinstonWrite, () => {
      const out = memoryStream();
      const logger = winston.createLogger({ defaultMeta: { component: 'matrix-winston' }, format: winston.format.json(), transports: [new winston.transports.Stream({ stream: out })] });
      logger.info('outside', { order: 7 });
      const ids = inSpan(() => logger.info('inside', { order: 7 }));
      expectCorrelated(out.lines(), ids, own);
    });
  });
});
