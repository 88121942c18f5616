/**
 * The time-sliced scrape path (RELIABILITY M3): `serializePrometheusChunks` gives the bytes of
 * `serializePrometheus` while letting the event loop run, and the handler serves a large body,
 * shared by coalesced scrapes, a group of writes at a time. No timing bounds here (those are the
 * soak's): only outputs, ordering and counts.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptsGzip, coalesce, metricsHandler, registerPrometheusCollector } from './handler.js';
import { serializePrometheus, serializePrometheusChunks, type PromMetricData, type PromResourceMetrics } from './serialize.js';

const HISTOGRAM = 0;
const GAUGE = 2;
const SUM = 3;

/** `series` histogram points (16 buckets each, as the SDK's default), plus a gauge and a counter, over two scopes. */
function large(series: number): PromResourceMetrics {
  const boundaries = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];
  const histogram = (scope: string): PromMetricData => ({
    descriptor: { name: 'app.request.duration', description: 'Request time', unit: 's' },
    dataPointType: HISTOGRAM,
    dataPoints: Array.from({ length: series }, (_, i) => ({
      // Non-ASCII values: pieces are encoded one by one, and none may split a character.
      attributes: { 'app.series': `s${i}-${scope}-é€😀`, 'http.route': `/r/${i % 17}` },
      value: { buckets: { boundaries, counts: boundaries.map((_, b) => (i + b) % 7).concat([1]) }, sum: i * 0.5, count: 3 * i + 1 },
    })),
  });
  return {
    resource: { attributes: { 'service.name': 'big', 'service.instance.id': 'ünï' } },
    scopeMetrics: [
      {
        scope: { name: 'one', version: '1.0.0' },
        metrics: [
          histogram('one'),
          { descriptor: { name: 'queue.depth', description: '', unit: '{job}' }, dataPointType: GAUGE, dataPoints: Array.from({ length: 300 }, (_, i) => ({ attributes: { queue: `q${i}` }, value: i / 3 })) },
        ],
      },
      {
        scope: { name: 'two' },
        metrics: [histogram('two'), { descriptor: { name: 'jobs.done', description: 'Jobs', unit: '' }, dataPointType: SUM, isMonotonic: true, dataPoints: [{ attributes: {}, value: 42 }] }],
      },
    ],
  };
}

async function sliced(collected: PromResourceMetrics): Promise<string> {
  return Buffer.concat(await serializePrometheusChunks(collected)).toString('utf8');
}

describe('serializePrometheusChunks', () => {
  it('gives the bytes of serializePrometheus for a large input, in several pieces', async () => {
    const input = large(3000);
    const chunks = await serializePrometheusChunks(input);
    expect(chunks.length).toBeGreaterThan(10);
    const text = serializePrometheus(input);
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(Buffer.concat(chunks).equals(Buffer.from(text))).toBe(true);
    expect(await sliced(large(0))).toBe(serializePrometheus(large(0)));
    expect(await sliced({ resource: { attributes: {} }, scopeMetrics: [] })).toBe(serializePrometheus({ resource: { attributes: {} }, scopeMetrics: [] }));
  });

  it('lets the event loop run while it works on a large input', async () => {
    const input = large(5000);
    const order: string[] = [];
    setImmediate(() => order.push('immediate'));
    const done = serializePrometheusChunks(input).then(() => order.push('serialized'));
    await done;
    expect(order).toEqual(['immediate', 'serialized']);
  });
});

describe('metricsHandler with an encoded body', () => {
  let server: Server | undefined;
  afterEach(async () => {
    registerPrometheusCollector(undefined);
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    server = undefined;
  });

  async function serve(): Promise<string> {
    const handle = metricsHandler();
    server = createServer((req, res) => {
      if (!handle(req, res)) res.end('app');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  }

  it('serves concurrent scrapes of a multi-megabyte body from one collection at a time, byte for byte', async () => {
    const input = large(3000);
    const expected = serializePrometheus(input);
    let active = 0;
    let maxActive = 0;
    let collections = 0;
    let asked = 0;
    const collectBody = coalesce(async () => {
      collections++;
      maxActive = Math.max(maxActive, ++active);
      try {
        // Held open until every scrape of the wave has asked, so they all share this collection.
        const until = Date.now() + 5000;
        while (asked < 12 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
        return await serializePrometheusChunks(input);
      } finally {
        active--;
      }
    });
    registerPrometheusCollector({
      collect: () => Promise.reject(new Error('the handler should use collectBody')),
      collectBody: () => {
        asked++;
        return collectBody();
      },
    });
    const url = await serve();
    const responses = await Promise.all(Array.from({ length: 12 }, () => fetch(url, { headers: { 'accept-encoding': 'identity' } })));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(Number(responses[0]!.headers.get('content-length'))).toBe(Buffer.byteLength(expected));
    for (const body of bodies) expect(body).toBe(expected);
    expect(collections).toBe(1);

    // A second wave while scrapes overlap: still never two collections at once.
    asked = 0;
    await Promise.all(Array.from({ length: 12 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * 3));
      expect(await (await fetch(url)).text()).toBe(expected);
    }));
    expect(maxActive).toBe(1);
    expect((await fetch(url, { method: 'HEAD', headers: { 'accept-encoding': 'identity' } })).headers.get('content-length')).toBe(String(Buffer.byteLength(expected)));
    // 24 scrapes of a 3,000-series body: about 2 s on a quiet 2-core host, over 5 s while the rest
    // of the suite runs beside it. Nothing here is timed; the bound only catches a hang.
  }, 30_000);

  it('keeps serving after a client drops a large response halfway', async () => {
    const body = [Buffer.alloc(3 * 1024 * 1024, 'a'), Buffer.from('\nend 1\n')];
    registerPrometheusCollector({ collect: () => Promise.resolve(''), collectBody: () => Promise.resolve(body) });
    const url = await serve();
    const controller = new AbortController();
    const res = await fetch(url, { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    const text = await (await fetch(url)).text();
    expect(text.length).toBe(3 * 1024 * 1024 + 7);
    expect(text.endsWith('\nend 1\n')).toBe(true);
  });

  /** One GET with raw bytes back (fetch would decompress them). */
  function get(url: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('compresses a body with gzip when the scraper accepts it, once per collection', async () => {
    const input = large(2000);
    const expected = serializePrometheus(input);
    let collections = 0;
    let asked = 0;
    const collectBody = coalesce(async () => {
      collections++;
      const until = Date.now() + 5000;
      while (asked < 8 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
      return serializePrometheusChunks(input);
    });
    registerPrometheusCollector({ collect: () => Promise.reject(new Error('unused')), collectBody: () => (asked++, collectBody()) });
    const url = await serve();
    // Prometheus asks with `Accept-Encoding: gzip`; the others say no, or say nothing.
    const all = await Promise.all([...Array.from({ length: 6 }, () => get(url, { 'accept-encoding': 'gzip' })), get(url, {}), get(url, { 'accept-encoding': 'gzip;q=0, identity' })]);
    const zipped = all.slice(0, 6);
    const [plain, refused] = all.slice(6) as [(typeof all)[0], (typeof all)[0]];
    expect(collections).toBe(1);
    for (const r of zipped) {
      expect(r.status).toBe(200);
      expect(r.headers['content-encoding']).toBe('gzip');
      expect(r.headers.vary).toBe('Accept-Encoding');
      expect(Number(r.headers['content-length'])).toBe(r.body.length);
      // Scrapes of one collection get the same compressed bytes.
      expect(r.body.equals(zipped[0]!.body)).toBe(true);
    }
    expect(gunzipSync(zipped[0]!.body).toString('utf8')).toBe(expected);
    // Label names and numbers: well over 10 times smaller.
    expect(zipped[0]!.body.length).toBeLessThan(Buffer.byteLength(expected) / 10);
    for (const r of [plain, refused]) {
      expect(r.headers['content-encoding']).toBeUndefined();
      expect(r.body.toString('utf8')).toBe(expected);
    }
    const head = await get(url, { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(head.headers['content-encoding']).toBe('gzip');
    expect(Number(head.headers['content-length'])).toBeGreaterThan(100);
    expect(head.body.length).toBe(0);
  });

  it('sends a small body as it is, whatever the scraper accepts', async () => {
    registerPrometheusCollector({ collect: () => Promise.resolve('up 1\n') });
    const r = await get(await serve(), { 'accept-encoding': 'gzip' });
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.body.toString('utf8')).toBe('up 1\n');
  });
});

describe('acceptsGzip', () => {
  it.each([
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['GZIP', true],
    ['deflate, gzip;q=0.5', true],
    ['x-gzip', true],
    ['*', true],
    ['identity', false],
    ['', false],
    ['gzip;q=0', false],
    ['gzip; q=0.000', false],
    ['*, gzip;q=0', false],
    ['gzip;q=abc', false],
    ['br, *;q=0', false],
  ])('%j → %s', (header, accepted) => {
    expect(acceptsGzip(header)).toBe(accepted);
  });
  it('reads every line of a repeated header, and no header as no', () => {
    expect(acceptsGzip(['identity', 'gzip'])).toBe(true);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
