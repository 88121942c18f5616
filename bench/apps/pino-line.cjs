// Cost of one pino line inside an active span, written to an in-memory sink. Prints ns per line.
// SINK=object (default): pino's minimal destination, an object with write(string), which keeps the
// string as it is. SINK=stream: a node:stream Writable, which turns every string into a Buffer
// first, so each byte of a line costs more there (reported beside the budget, not against it).
'use strict';
const { Writable } = require('node:stream');
const { trace } = require('@opentelemetry/api');
const pino = require('pino');

let bytes = 0;
let last = '';
const sink = process.env.SINK === 'stream'
  ? new Writable({ write(chunk, _enc, cb) { bytes += chunk.length; last = chunk; cb(); } })
  : { write(line) { bytes += line.length; last = line; } };
const logger = pino({ level: 'info' }, sink);
const tracer = trace.getTracer('bench');
const LINES = Number(process.env.LINES ?? 200000);

tracer.startActiveSpan('bench', (span) => {
  for (let i = 0; i < 20000; i++) logger.info({ i }, 'warm up');
  const start = process.hrtime.bigint();
  for (let i = 0; i < LINES; i++) logger.info({ order: i, user: 'u-42' }, 'order placed');
  const ns = Number(process.hrtime.bigint() - start) / LINES;
  span.end();
  // Whether the line carried the trace id: correlation that costs nothing is not a fair comparison.
  process.stdout.write(JSON.stringify({ nsPerLine: ns, bytes, correlated: String(last).includes('trace_id') }) + '\n');
});
