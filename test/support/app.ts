/**
 * The app as the integration tests use it: built, and quiet. In demo mode the server answers before
 * the demo's half year of supervision reports (and, at a demo scale above 0, the month of trade-in)
 * is written in the background; those writes append audit entries. A test that reads the audit chain,
 * counts rows or rewrites entries would race them, so it starts once they are done.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';

export async function quietApp(...args: Parameters<typeof buildApp>): Promise<FastifyInstance> {
  const app = await buildApp(...args);
  await app.demoActivity;
  return app;
}
