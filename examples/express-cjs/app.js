// A small Express 5 API. It has no tracing code: run it as
//   node --require @otelkit/node/register app.js
// and every response carries X-Trace-ID, every request becomes a trace, and each pino line carries
// the trace id (and, with OTEL_LOGS_EXPORTER=otlp, goes to the trace's backend with it).
'use strict';
const http = require('node:http');
const express = require('express');
const logger = require('pino')();

const app = express();
app.use(express.json());

const orders = new Map([['42', { id: '42', item: 'coffee', status: 'shipped' }]]);

app.get('/orders/:id', (req, res) => {
  const order = orders.get(req.params.id);
  logger.info({ order_id: req.params.id, found: order !== undefined }, 'order lookup');
  if (order === undefined) return res.status(404).json({ error: 'order not found' });
  res.json(order);
});

// Calls another endpoint of this same server, so the trace shows a client span and a child server span.
app.get('/checkout/:id', async (req, res, next) => {
  try {
    const { port } = req.socket.address();
    const order = await new Promise((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: `/orders/${encodeURIComponent(req.params.id)}` }, (r) => {
        let body = '';
        r.setEncoding('utf8');
        r.on('data', (c) => (body += c));
        r.on('end', () => resolve({ status: r.statusCode, body: JSON.parse(body) }));
      }).on('error', reject);
    });
    res.status(order.status).json({ checkout: order.status === 200 ? 'ok' : 'failed', order: order.body });
  } catch (error) {
    next(error);
  }
});

app.get('/boom', () => {
  throw new Error('something broke');
});

app.get('/health', (_req, res) => res.json({ status: 'ok' }));

const server = app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address();
  console.log(`express example listening on http://127.0.0.1:${port}`);
});
