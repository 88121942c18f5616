// The fixed-rate generator keeps its schedule when the server stalls, and counts the stall as
// latency of every request scheduled during it (a closed-model client would send nothing then and
// report only the few requests in flight as slow).
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLoad } from '../lib/open-load.mjs';

let server;
let url;
let stallUntil = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    const wait = Math.max(0, stallUntil - performance.now());
    if (req.url === '/fail') res.statusCode = 500;
    // Two writes: a chunked answer.
    if (req.url === '/chunked') res.write('o');
    setTimeout(() => res.end(req.url === '/fail' ? undefined : 'ok'), wait);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('openLoad', () => {
  it('sends rate × seconds requests and measures a 400 ms stall as latency of the requests due during it', async () => {
    // The server answers nothing from 0.5 s to 0.9 s of a 1.5 s run at 200 req/s: 80 of 300 requests
    // are due during the stall, so more than 1 % of them wait 200 ms or more.
    setTimeout(() => (stallUntil = performance.now() + 400), 500);
    const r = await openLoad(`${url}/`, 200, 1.5);
    expect(r.scheduled).toBe(300);
    expect(r.answered).toBe(300);
    expect(r.unanswered + r.errors + r.non2xx).toBe(0);
    expect(r.p99).toBeGreaterThanOrEqual(200);
    expect(r.p50).toBeLessThan(r.p99);
  });

  it('counts non-2xx answers', async () => {
    const r = await openLoad(`${url}/fail`, 100, 0.2);
    expect(r.scheduled).toBe(20);
    expect(r.non2xx).toBe(20);
  });

  it('reads chunked answers', async () => {
    const r = await openLoad(`${url}/chunked`, 100, 0.2);
    expect(r.answered).toBe(20);
    expect(r.unanswered + r.errors + r.non2xx).toBe(0);
  });

  it('counts requests whose connection the server closes as errors', async () => {
    const closing = createServer((req) => req.socket.destroy());
    await new Promise((resolve) => closing.listen(0, '127.0.0.1', resolve));
    try {
      const r = await openLoad(`http://127.0.0.1:${closing.address().port}/`, 100, 0.2);
      expect(r.errors).toBe(20);
      expect(r.answered).toBe(0);
    } finally {
      await new Promise((resolve) => closing.close(resolve));
    }
  });
});
