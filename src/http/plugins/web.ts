/**
 * The built web pages (dist/web) at /, with the single-page app's routes falling back to
 * index.html. Unknown /api paths stay JSON 404s. Without a build, / says how to make one.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendError } from './errors.js';

const API_PREFIXES = ['/api/', '/openapi.json', '/docs', '/healthz', '/readyz', '/metrics'];
/**
 * A missing file the browser asked for (a stale asset) answers 404; any other path is a page of the app,
 * dots and all: a pool's page is /budget/appliance.hubin.central, whose "extension" is no file type.
 */
const FILE_TYPES =
  /\.(?:js|mjs|css|map|html|json|txt|xml|webmanifest|ico|png|jpe?g|gif|svg|webp|avif|woff2?|ttf|otf)$/i;

export async function registerWeb(app: FastifyInstance, webDir: string): Promise<void> {
  const hasBuild = existsSync(path.join(webDir, 'index.html'));
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      // Vite fingerprints everything under assets/, so those may be cached for good.
      setHeaders(response, filePath) {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        response.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    const isApi = API_PREFIXES.some((prefix) => url === prefix.replace(/\/$/, '') || url.startsWith(prefix));
    if (request.method === 'GET' && !isApi && !FILE_TYPES.test(url)) {
      if (hasBuild) return reply.header('cache-control', 'no-cache').sendFile('index.html');
      return reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><meta charset="utf-8"><title>huimin</title><p>惠民 huimin: the web pages are not built. Run <code>npm run build:web</code>; the API is at <a href="/docs">/docs</a>.</p>',
        );
    }
    return sendError(request, reply, 'NOT_FOUND', `no route ${request.method} ${url}`);
  });
}
