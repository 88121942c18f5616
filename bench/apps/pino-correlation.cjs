// Added cost of @otelkit/logs' pino correlation alone, in one process: a plain and a correlated pino
// logger write to the same in-memory sink inside the same recording span, alternating in rounds so
// machine noise hits both alike. Prints the medians in ns per line.
'use strict';
const { Writable } = require('node:stream');
const { context, trace } = require('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { TracerProvider } = require('@opentelemetry/sdk-trace');
const pino = require('pino');
const { correlatePinoLogger, pinoMixin } = require('@otelkit/logs');

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(new TracerProvider({}));

const sink = new Writable({ write(_chunk, _enc, cb) { cb(); } });
const plain = pino({ level: 'info' }, sink);
const correlated = pino({ level: 'info' }, sink);
correlatePinoLogger(correlated, pino);
const mixin = pino({ level: 'info', mixin: pinoMixin() }, sink);
const LINES = Number(process.env.LINES ?? 50000);
const ROUNDS = Number(process.env.ROUNDS ?? 21);

function run(logger) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < LINES; i++) logger.info({ order: i, user: 'u-42' }, 'order placed');
  return Number(process.hrtime.bigint() - start) / LINES;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

trace.getTracer('bench').startActiveSpan('bench', (span) => {
  for (const l of [plain, correlated, mixin]) for (let i = 0; i < 20000; i++) l.info({ i }, 'warm up');
  const ns = { plain: [], correlated: [], mixin: [] };
  for (let r = 0; r < ROUNDS; r++) {
    ns.plain.push(run(plain));
    ns.correlated.push(run(correlated));
    ns.mixin.push(run(mixin));
  }
  span.end();
  const added = ns.correlated.map((v, i) => v - ns.plain[i]);
  const addedMixin = ns.mixin.map((v, i) => v - ns.plain[i]);
  process.stdout.write(`${JSON.stringify({ plain: median(ns.plain), correlated: median(ns.correlated), mixin: median(ns.mixin), added: median(added), addedMixin: median(addedMixin) })}\n`);
});
