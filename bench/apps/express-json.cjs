// Express 5 JSON route with a path parameter and one middleware, as a typical API endpoint.
'use strict';
const express = require('express');

const app = express();
app.use(express.json());
app.get('/users/:id', (req, res) => {
  res.json({ id: req.params.id, name: 'Ada Lovelace', roles: ['admin', 'author'], active: true });
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
