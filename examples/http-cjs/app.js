// A plain node:http service with no tracing code. Run: node --require @otelkit/node/register app.js
'use strict';
const http = require('node:http');

const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end('{"status":"ok"}');
  }
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('hello\n');
});

server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`http example listening on http://127.0.0.1:${server.address().port}`);
});
