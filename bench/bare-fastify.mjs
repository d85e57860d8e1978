// The baseline for the plan API benchmarks: a bare Fastify server (plain JavaScript, no build, no
// database) started as a fresh process like huimin. /bare answers a tiny JSON object; /bare-plan
// answers BENCH_BODY_FILE's bytes (the same body as huimin's /api/v1/plan), so latency compares
// the framework floor with and without the payload.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const body = process.env.BENCH_BODY_FILE ? readFileSync(process.env.BENCH_BODY_FILE) : Buffer.from('{}');
// BENCH_POST_BODY_FILE: the bytes POST /bare-post answers with 201 (the checkout benchmark's baseline:
// one of huimin's redemption answers), after parsing the JSON request body as huimin does.
const postBody = process.env.BENCH_POST_BODY_FILE ? readFileSync(process.env.BENCH_POST_BODY_FILE) : Buffer.from('{}');
const app = Fastify({ logger: false });
app.get('/bare', () => ({ status: 'ok' }));
app.get('/bare-plan', (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
app.post('/bare-post', (_request, reply) => reply.code(201).type('application/json; charset=utf-8').send(postBody));
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
