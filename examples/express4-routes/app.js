// Express 4 with the route shapes of routes.cjs: every server span is named by its full route
// template (GET /orgs/:org/members/:member), never by the raw path.
'use strict';
const express = require('express');
const { build } = require('./routes.cjs');

const app = build(express);
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`express4 listening on http://127.0.0.1:${server.address().port}`);
});
