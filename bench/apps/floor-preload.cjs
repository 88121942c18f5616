// The least any tracer can do per request and still give the sampled route what its budget names
// (docs/performance.md, "The sampled route's floor"): a random trace id and a ratio decision on it, the
// X-Trace-ID response header, and a RED duration histogram keyed by method, status and route,
// recorded when the response closes. No SDK, no span, no context, no export: a lower bound, not
// a tracer. Use it as a variant's preload:
//   node bench/cli.mjs cpu baseline "baseline:floor=ARGS=--require $PWD/bench/apps/floor-preload.cjs"
// FLOOR_HDR=set uses setHeader(), none leaves the header out; the default writes the entry straight
// into Node's header table, as otelkit does.
'use strict';
const dc = require('node:diagnostics_channel');
const http = require('node:http');
const { randomFillSync } = require('node:crypto');

const POOL = 65536;
const pool = Buffer.allocUnsafe(POOL);
let offset = POOL;
const kOutHeaders = Object.getOwnPropertySymbols(new http.OutgoingMessage()).find((s) => s.description === 'kOutHeaders');
const BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const series = new Map();
const mode = process.env.FLOOR_HDR ?? 'direct';
const kStart = Symbol('floor.start');
const kSampled = Symbol('floor.sampled');

dc.subscribe('http.server.request.start', ({ request, response }) => {
  if (offset + 16 > POOL) {
    randomFillSync(pool);
    offset = 0;
  }
  const traceId = pool.toString('hex', offset, offset + 16);
  request[kSampled] = pool.readUInt32BE(offset) < 0.01 * 0x100000000;
  offset += 16;
  request[kStart] = performance.now();
  if (mode === 'set') response.setHeader('X-Trace-ID', traceId);
  else if (mode === 'direct') (response[kOutHeaders] ??= { __proto__: null })['x-trace-id'] = ['X-Trace-ID', traceId];
  response.on('close', onClose);
});

function onClose() {
  const request = this.req;
  const seconds = (performance.now() - request[kStart]) / 1000;
  const key = `${request.method} ${this.statusCode} ${request.route?.path ?? ''}`;
  let buckets = series.get(key);
  if (buckets === undefined) series.set(key, (buckets = new Float64Array(BOUNDS.length + 3)));
  let i = 0;
  while (i < BOUNDS.length && seconds > BOUNDS[i]) i++;
  buckets[i]++;
  buckets[BOUNDS.length + 1]++;
  buckets[BOUNDS.length + 2] += seconds;
}
