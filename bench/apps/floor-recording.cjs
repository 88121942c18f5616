// The least a tracer can do per request and still give a route at 100 % sampling what the hello
// world and Express budgets name: a recorded server span with the stable HTTP attributes otelkit's
// server spans carry, exported over OTLP http/protobuf to the sink in batches of 512; the request
// in its own context (AsyncLocalStorage, so the handler could log or make child spans under it);
// the X-Trace-ID response header; and the RED duration histogram keyed by method, status and
// route. It has no SDK, no sampler, no span processor, no request id and no limits or error
// handling worth the name: a lower bound for what a tracer costs on this host, not a tracer.
// Use it as a variant's preload (`floor-recording` in the CLI's variant names):
//   node bench/cli.mjs cpu --app=hello.cjs baseline floor-recording otelkit
// It reads OTEL_EXPORTER_OTLP_ENDPOINT, as the measured apps get it from the bench. FLOOR_EXPORT=none
// records nothing (header, context and histogram only), to see what the span and its export cost.
'use strict';
const dc = require('node:diagnostics_channel');
const http = require('node:http');
const { AsyncLocalStorage } = require('node:async_hooks');
const { randomFillSync } = require('node:crypto');

const endpoint = new URL('/v1/traces', process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://127.0.0.1:4318');
const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
const storage = new AsyncLocalStorage();

// Random ids from a pool refilled 64 kB at a time.
const POOL = 65536;
const pool = Buffer.allocUnsafe(POOL);
let offset = POOL;

// RED: one bucket array per method, status and route.
const BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const series = new Map();

// Spans are encoded into `batch` as they end; a full batch or a 5 s timer posts it.
const BATCH = 512;
let batch = Buffer.allocUnsafe(1 << 20);
let used = 0;
let count = 0;
let exported = 0;
let failed = 0;

const kState = Symbol('floor.state');
const recording = process.env.FLOOR_EXPORT !== 'none';

dc.subscribe('http.server.request.start', ({ request, response }) => {
  if (offset + 24 > POOL) {
    randomFillSync(pool);
    offset = 0;
  }
  let traceId = pool.toString('hex', offset, offset + 16);
  const spanId = pool.toString('hex', offset + 16, offset + 24);
  offset += 24;
  let parentId;
  const traceparent = request.headers.traceparent;
  if (typeof traceparent === 'string' && /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/.test(traceparent)) {
    traceId = traceparent.slice(3, 35);
    parentId = traceparent.slice(36, 52);
  }
  const state = { traceId, spanId, parentId, start: performance.timeOrigin + performance.now() };
  request[kState] = state;
  storage.enterWith(state);
  response.setHeader('X-Trace-ID', traceId);
  response.on('close', onClose);
});

function onClose() {
  const request = this.req;
  const state = request[kState];
  if (state === undefined) return;
  request[kState] = undefined;
  const end = performance.timeOrigin + performance.now();
  const route = request.route?.path;
  const key = `${request.method} ${this.statusCode} ${route ?? ''}`;
  let buckets = series.get(key);
  if (buckets === undefined) series.set(key, (buckets = new Float64Array(BOUNDS.length + 3)));
  const seconds = (end - state.start) / 1000;
  let i = 0;
  while (i < BOUNDS.length && seconds > BOUNDS[i]) i++;
  buckets[i]++;
  buckets[BOUNDS.length + 1]++;
  buckets[BOUNDS.length + 2] += seconds;
  if (!recording) return;
  encodeSpan(request, this.statusCode, route, state, end);
  if (++count === BATCH) flush();
}

// Protobuf writers into `batch` (field numbers from opentelemetry/proto/trace/v1/trace.proto).
function varint(n) {
  while (n > 127) {
    batch[used++] = (n & 127) | 128;
    n >>>= 7;
  }
  batch[used++] = n;
}

/** A length-delimited string field; short strings get one length byte, written after them. */
function string(tag, s) {
  batch[used++] = tag;
  if (s.length < 43) {
    const n = batch.utf8Write(s, used + 1);
    batch[used] = n;
    used += n + 1;
  } else {
    const n = Buffer.byteLength(s);
    varint(n);
    used += batch.utf8Write(s, used);
  }
}

const keys = new Map();
/** A KeyValue (span field 9) with a string or int value; its key's bytes are made once. */
function attribute(key, value) {
  let k = keys.get(key);
  if (k === undefined) keys.set(key, (k = Buffer.from(key)));
  const start = used;
  used += 2; // tag and one length byte: every attribute here is shorter than 128 bytes
  batch[used++] = 0x0a;
  batch[used++] = k.length;
  used += k.copy(batch, used);
  batch[used++] = 0x12;
  const valueAt = used++;
  if (typeof value === 'number') {
    batch[used++] = 0x18;
    varint(value);
  } else {
    // Values are cut to 80 characters so that every KeyValue fits one length byte.
    string(0x0a, value.length > 80 ? value.slice(0, 80) : value);
  }
  batch[valueAt] = used - valueAt - 1;
  batch[start] = 0x4a;
  batch[start + 1] = used - start - 2;
}

function time(tag, ms) {
  batch[used++] = tag;
  batch.writeBigUInt64LE(BigInt(Math.round(ms * 1e3)) * 1000n, used);
  used += 8;
}

function encodeSpan(request, status, route, state, end) {
  if (used + 4096 > batch.length) flush();
  // Span (field 2 of ScopeSpans), with a two-byte length written at the end.
  batch[used++] = 0x12;
  const lengthAt = used;
  used += 2;
  batch[used++] = 0x0a;
  batch[used++] = 16;
  used += batch.hexWrite(state.traceId, used);
  batch[used++] = 0x12;
  batch[used++] = 8;
  used += batch.hexWrite(state.spanId, used);
  if (state.parentId !== undefined) {
    batch[used++] = 0x22;
    batch[used++] = 8;
    used += batch.hexWrite(state.parentId, used);
  }
  string(0x2a, route === undefined ? request.method : `${request.method} ${route}`);
  batch[used++] = 0x30; // kind
  batch[used++] = 2; // SERVER
  time(0x39, state.start);
  time(0x41, end);
  const socket = request.socket;
  const target = request.url;
  const q = target.indexOf('?');
  attribute('http.request.method', request.method);
  attribute('url.scheme', 'http');
  if (socket.remoteAddress !== undefined) attribute('network.peer.address', socket.remoteAddress);
  if (socket.remotePort !== undefined) attribute('network.peer.port', socket.remotePort);
  attribute('network.protocol.version', request.httpVersion);
  const agentHeader = request.headers['user-agent'];
  if (agentHeader !== undefined) attribute('user_agent.original', agentHeader);
  attribute('url.path', q < 0 ? target : target.slice(0, q));
  const host = request.headers.host;
  if (host !== undefined) {
    const colon = host.lastIndexOf(':');
    attribute('server.address', colon < 0 ? host : host.slice(0, colon));
    if (colon >= 0) attribute('server.port', Number(host.slice(colon + 1)));
  }
  if (socket.remoteAddress !== undefined) attribute('client.address', socket.remoteAddress);
  attribute('http.response.status_code', status);
  if (route !== undefined) attribute('http.route', route);
  if (status >= 500) {
    attribute('error.type', String(status));
    batch[used++] = 0x7a; // status
    batch[used++] = 2;
    batch[used++] = 0x18;
    batch[used++] = 2; // ERROR
  }
  const length = used - lengthAt - 2;
  batch[lengthAt] = (length & 127) | 128;
  batch[lengthAt + 1] = length >>> 7;
}

// The envelope around a batch of spans: ExportTraceServiceRequest → ResourceSpans → ScopeSpans.
const resource = (() => {
  const saved = [batch, used];
  batch = Buffer.allocUnsafe(256);
  used = 0;
  attribute('service.name', process.env.OTEL_SERVICE_NAME ?? 'floor');
  const attributes = batch.subarray(0, used);
  [batch, used] = saved;
  // Resource's attributes are field 1, not the span's 9.
  attributes[0] = 0x0a;
  return attributes;
})();
const scope = Buffer.from([0x0a, 7, 0x0a, 5, ...Buffer.from('floor')]);

function lengthDelimited(tag, n) {
  const out = [tag];
  while (n > 127) {
    out.push((n & 127) | 128);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}

function flush() {
  if (count === 0) return;
  const spans = batch.subarray(0, used);
  const resourceField = Buffer.concat([lengthDelimited(0x0a, resource.length), resource]);
  const scopeSpans = Buffer.concat([scope, spans]);
  const scopeField = lengthDelimited(0x12, scopeSpans.length);
  const resourceSpans = resourceField.length + scopeField.length + scopeSpans.length;
  const body = Buffer.concat([lengthDelimited(0x0a, resourceSpans), resourceField, scopeField, scopeSpans]);
  const spansInBody = count;
  // The encoded spans now belong to `body`; the next ones go into a new buffer.
  batch = Buffer.allocUnsafe(1 << 20);
  used = 0;
  count = 0;
  post(body, spansInBody);
}

function post(body, spans) {
  const req = http.request(endpoint, { method: 'POST', agent, headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length } }, (res) => {
    res.resume();
    if (res.statusCode === 200) exported += spans;
    else failed += spans;
  });
  req.on('error', () => {
    failed += spans;
  });
  req.end(body);
}

setInterval(flush, 5000).unref();

// The bench stops servers with SIGTERM: post what is left, then exit, saying if spans were lost
// (the sink's count per request shows it too).
process.once('SIGTERM', () => {
  flush();
  setTimeout(() => {
    if (failed > 0) process.stderr.write(`floor-recording: ${failed} spans not exported, ${exported} exported\n`);
    process.exit(0);
  }, 300);
});
