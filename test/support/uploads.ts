/** Test helpers for uploads and funded pools, shared by the supervision and claims tests. */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { call, type TestSession } from './sessions.js';

/** A multipart/form-data body with one file in the field `file`, as a browser sends it. */
export function multipart(
  name: string,
  content: Buffer,
  type = 'application/octet-stream',
): { headers: Record<string, string>; payload: Buffer } {
  const boundary = `----huimin${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body };
}

/** Opens the city pool of a line in a unit and funds it, as the finance officer does. */
export async function fundCityPool(
  app: FastifyInstance,
  finance: TestSession,
  line: string,
  unitId: string,
  amountFen: number,
): Promise<void> {
  await call(app, finance, { method: 'POST', url: '/api/v1/budget/pools', payload: { line, unitId, source: 'city' } });
  const funded = await call(app, finance, {
    method: 'POST',
    url: `/api/v1/budget/pools/${line}.${unitId}.city/tranches`,
    headers: { 'idempotency-key': `fund-${line}-${unitId}` },
    payload: { amountFen },
  });
  expect(funded.statusCode, funded.body).toBe(201);
}
