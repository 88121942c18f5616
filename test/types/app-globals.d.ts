// The reader's own app, as the README examples assume it: values the examples use but do not
// create (an Express-style `app`, a Fastify instance, a pg pool, ...). Global, so the READMEs need no
// prelude for them; otelkit's own exports are never declared here, so a block that uses one must
// import it (in the block or in its `snippet: prelude` comment).
import type { IncomingMessage, ServerResponse } from 'node:http';

type Next = (error?: unknown) => void;
type Handler = (req: IncomingMessage, res: ServerResponse, next: Next) => unknown;

declare global {
  /** Express or Connect: callable as a request listener, with `use()`. */
  const app: {
    (req: IncomingMessage, res: ServerResponse): void;
    use(handler: Handler): void;
    use(path: string, handler: Handler): void;
  };
  const fastify: import('fastify').FastifyInstance;
  const pool: import('pg').Pool;
  const redis: import('ioredis').Redis;
  const logger: import('pino').Logger;
  const search: { ping(): Promise<void> };
  const queue: { length: number };
  const job: { id: string };
  const data: { createdAt: number };
  const n: number;
  const m: number;
  const w: number;
  const used: number;
  function lagSeconds(): number;
  function warmCaches(): Promise<void>;
  function handleJob(job: unknown): Promise<void>;
  function work(): Promise<void>;
  function runJob(): Promise<void>;
  function render(): Promise<Buffer>;
  function doSomethingTraced(url: string): Promise<void>;
  const expect: typeof import('vitest').expect;
  const receiver: import('@otelkit/testing').OtlpReceiver;
}
