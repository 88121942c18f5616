// A Fastify 5 service written as an ES module, with no tracing code.
// Run: node --import @otelkit/node/register app.mjs
import Fastify from 'fastify';

const app = Fastify({ logger: false });

app.get('/users/:id', async (request) => ({ id: request.params.id, name: `user ${request.params.id}` }));
app.get('/health', async () => ({ status: 'ok' }));

const address = await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' });
console.log(`fastify example listening on ${address}`);
