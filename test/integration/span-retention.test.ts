/**
 * A finished request's span must not stay reachable from the connection it came in on. The server
 * span is made active with enterWith(), and the keep-alive timer Node arms when the response ends
 * captures that context: without RequestContext.release() every idle connection kept its last span.
 */
import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { disposeAll, fixture, startScenario } from './helpers.js';

afterEach(disposeAll);

function call(url: string, agent: Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}

describe('span retention', () => {
  it('spans of finished requests are collected while their keep-alive connections stay open', async () => {
    const { baseUrl } = await startScenario({ entry: fixture('span-retention.cjs'), nodeArgs: ['--expose-gc'] });
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 4 });
    try {
      // 40 requests over 4 connections that stay open afterwards.
      await Promise.all(Array.from({ length: 40 }, () => call(`${baseUrl}/work`, keepAlive)));
      expect(keepAlive.freeSockets[Object.keys(keepAlive.freeSockets)[0]!]?.length).toBe(4);
      const stats = JSON.parse(await call(`${baseUrl}/stats`, new Agent({ keepAlive: false }))) as { registered: number; collected: number };
      expect(stats.registered).toBe(40);
      expect(stats.collected).toBe(40);
    } finally {
      keepAlive.destroy();
    }
  });
});
