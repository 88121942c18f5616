// Warm-up curve of a pino line inside an active span: ns per line in 16 chunks of 20,000 lines.
// Shows where the bench's pino figure (300,000 lines after 20,000 of warm-up) spends its extra
// time: JIT warm-up in the first chunks, and a full GC with its aftermath in a later one.
// `node bench/apps/pino-curve.cjs` alternating with `node --require @otelkit/node/register bench/apps/pino-curve.cjs`.
'use strict';
const { Writable } = require('node:stream');
const { trace } = require('@opentelemetry/api');
const pino = require('pino');

const sink = new Writable({ write(_chunk, _enc, cb) { cb(); } });
const logger = pino({ level: 'info' }, sink);
trace.getTracer('bench').startActiveSpan('bench', (span) => {
  const chunks = [];
  for (let c = 0; c < 16; c++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 20000; i++) logger.info({ order: i, user: 'u-42' }, 'order placed');
    chunks.push(Math.round(Number(process.hrtime.bigint() - start) / 20000));
  }
  span.end();
  process.stdout.write(`${chunks.join(' ')}\n`);
});
