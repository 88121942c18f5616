const pino = require('pino');
const { trace } = require('@opentelemetry/api');
const logger = pino(pino.destination({ fd: 1, sync: true }));
const t = process.hrtime.bigint();
trace.getTracer('burst').startActiveSpan('burst', (span) => {
  for (let i = 0; i < 5000; i++) logger.info({ seq: i }, 'burst line');
  span.end();
});
process.stderr.write(`loop ms ${Number(process.hrtime.bigint() - t) / 1e6}\n`);
