/**
 * The baseline for the plan API benchmarks: a bare Fastify server with one JSON route and no
 * database, started the same way (a fresh Node process) so cold start and latency compare fairly.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/bare', () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
