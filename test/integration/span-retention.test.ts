/**
 * A finished request must not stay reachable from the connection it came in on. The server span is
 * made active with enterWith(), and the keep-alive timer Node arms when the response ends captures
 * the current context: without RequestContext.release() every idle connection kept its last span.
 * With async context frames that timer is created outside the request (keep-alive-timer.ts), so
 * no context stays either; without them the last context (a small object without the span) stays
 * on the connection until its next request.
 */
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
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

type Stats = { frames: boolean; registered: number; spansCollected: number; contextsCollected: number; finishInTrace: number; closeInTrace: number; timeoutInTrace: number };

describe('span retention', () => {
  const MAJOR = Number(process.versions.node.split('.')[0]);
  const VARIANTS: Array<{ label: string; nodeArgs: string[] }> = [{ label: `node ${MAJOR}`, nodeArgs: [] }];
  if (MAJOR >= 24) VARIANTS.push({ label: `node ${MAJOR} --no-async-context-frame`, nodeArgs: ['--no-async-context-frame'] });

  it.each(VARIANTS)('spans and contexts of finished requests are collected while their keep-alive connections stay open ($label)', async ({ nodeArgs }) => {
    const { baseUrl } = await startScenario({ entry: fixture('span-retention.cjs'), nodeArgs: ['--expose-gc', ...nodeArgs] });
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 4 });
    try {
      // 40 requests over 4 connections that stay open afterwards.
      await Promise.all(Array.from({ length: 40 }, () => call(`${baseUrl}/work`, keepAlive)));
      expect(keepAlive.freeSockets[Object.keys(keepAlive.freeSockets)[0]!]?.length).toBe(4);
      // Node's Date header cache arms a one-second timer from inside whichever request first needs
      // the date, which holds that request's context until it fires: wait it out.
      await sleep(1100);
      const stats = JSON.parse(await call(`${baseUrl}/stats`, new Agent({ keepAlive: false }))) as Stats;
      expect(stats.registered).toBe(40);
      expect(stats.spansCollected).toBe(40);
      // With async context frames (Node 24) the keep-alive timer Node arms when a response finishes
      // is created outside the request (keep-alive-timer.ts), so idle connections hold no request's
      // context either. Without them (Node 22, --no-async-context-frame) the last request of each
      // of the 4 idle connections keeps its context, not its span, on the connection's own async
      // resource until the connection's next request or its close.
      expect(stats.contextsCollected).toBe(stats.frames ? 40 : 36);
      // The request's own listeners still run in its trace (log lines written there keep their ids).
      expect(stats.finishInTrace).toBe(40);
      expect(stats.closeInTrace).toBe(40);
    } finally {
      keepAlive.destroy();
    }
  });

  it('socket timeouts armed by the app keep the request context; idle connections still time out', async () => {
    const { baseUrl } = await startScenario({ entry: fixture('span-retention.cjs'), env: { KEEP_ALIVE_TIMEOUT_MS: '300' } });
    expect(await call(`${baseUrl}/timeout`, new Agent({ keepAlive: false }))).toBe('timed out');
    // A raw keep-alive connection (an Agent would close it itself on the server's short hint).
    const { port } = new URL(baseUrl);
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    const started = Date.now();
    socket.write('GET /work HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
    // The server closes the idle connection once its keep-alive timeout has passed.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the idle connection was not closed by the server')), 5000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    expect(received).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    const stats = JSON.parse(await call(`${baseUrl}/stats`, new Agent({ keepAlive: false }))) as Stats;
    expect(stats.timeoutInTrace).toBe(1);
  });
});
