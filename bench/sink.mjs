// OTLP/HTTP sink for benchmarks: accepts every signal, counts spans by walking the protobuf wire
// format (no full decode, so it stays cheap), and reports counts on GET /stats. A variant that
// silently stopped exporting shows up as a span count below the request count.
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** Calls fn(field, wireType, start, end) for each field of the message in buf[start, end). */
function eachField(buf, start, end, fn) {
  let i = start;
  const varint = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const b = buf[i++];
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
      shift += 7;
    }
  };
  while (i < end) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) varint();
    else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else if (wire === 2) {
      const len = varint();
      fn(field, wire, i, i + len);
      i += len;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
}

/** Spans in an ExportTraceServiceRequest: resource_spans(1) → scope_spans(2) → spans(2). */
export function countSpans(buf) {
  let spans = 0;
  eachField(buf, 0, buf.length, (f1, _w, s1, e1) => {
    if (f1 !== 1) return;
    eachField(buf, s1, e1, (f2, _w2, s2, e2) => {
      if (f2 !== 2) return;
      eachField(buf, s2, e2, (f3) => {
        if (f3 === 2) spans++;
      });
    });
  });
  return spans;
}

const stats = { spans: 0, traceRequests: 0, otherRequests: 0, bytes: 0, errors: 0 };

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.setHeader('content-type', 'application/json');
    return res.end(JSON.stringify(stats));
  }
  if (req.method === 'POST' && req.url === '/reset') {
    for (const k of Object.keys(stats)) stats[k] = 0;
    return res.end('{}');
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    stats.bytes += body.length;
    if (req.url === '/v1/traces') {
      stats.traceRequests++;
      try {
        stats.spans += countSpans(req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body);
      } catch {
        stats.errors++;
      }
    } else {
      stats.otherRequests++;
    }
    res.setHeader('content-type', 'application/x-protobuf');
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`sink listening on http://127.0.0.1:${server.address().port}\n`);
});
