/**
 * Is a port that otelkit will listen on (Prometheus `/metrics`, the health server) free, already
 * served by an HTTP server (a running app?), or held by something else?
 */
import http from 'node:http';
import net from 'node:net';

export type PortState =
  | { readonly state: 'free' }
  | { readonly state: 'served'; readonly answer: string }
  | { readonly state: 'busy' }
  | { readonly state: 'unusable'; readonly reason: string };

function tryListen(host: string, port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

function httpGet(host: string, port: number, path: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = http.get({ host, port, path, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(`HTTP ${res.statusCode ?? 0} on ${path}`);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

/** Check `host:port` by binding it; when taken, ask it for `path` over HTTP. */
export async function checkPort(host: string, port: number, path: string, timeoutMs: number): Promise<PortState> {
  const error = await tryListen(host, port);
  if (error === undefined) return { state: 'free' };
  if (error.code !== 'EADDRINUSE') {
    const reason = error.code === 'EADDRNOTAVAIL' ? `${host} is not an address of this machine` : error.code === 'EACCES' ? `port ${port} needs privileges` : `${error.code ?? 'error'}: ${error.message}`;
    return { state: 'unusable', reason };
  }
  // A wildcard bind is reachable on loopback; a specific address only on itself.
  const target = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const answer = await httpGet(target, port, path, timeoutMs);
  return answer === undefined ? { state: 'busy' } : { state: 'served', answer };
}
