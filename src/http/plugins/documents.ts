/**
 * Large public answers that change only with the plan version (the plan overview, the whole plan)
 * are prepared once per version instead of once per request: `reply.sendDocument(value)` serialises
 * `value` through the route's own response schema the first time it sees that very object (the plan
 * service keeps one object per version, so "the first time" is once per version and route), keeps the
 * bytes with their ETag, and compresses them once, gzip and Brotli, on libuv's thread pool (never on
 * the event loop). Every later request gets the stored bytes:
 *
 * - `If-None-Match` naming the representation it would get → `304 Not Modified`, no body;
 * - `Accept-Encoding` with `br` or `gzip` (q > 0) → the compressed bytes, `Content-Encoding` set;
 * - `ETag` per representation (`"<hash>"`, `"<hash>-br"`, `"<hash>-gzip"`), `Vary: Accept-Encoding`,
 *   `Cache-Control: no-cache` (a cache may keep it but asks again each time: a new plan version shows
 *   at once). The access hook still replaces it by `no-store` for a request with a session.
 *
 * Why not @fastify/compress: it compresses every answer on every request, on the event loop of a
 * two-core machine; these bodies are the same for everyone until the plan changes.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Sends `value` (serialised by the route's response schema) from the bytes prepared for this very
     * object, with ETag/304 and compression. For values that stay the same object while their content
     * does not change (one per plan version); anything else would be prepared again on every request.
     */
    sendDocument(value: object): FastifyReply | Promise<FastifyReply>;
  }
}

export type Encoding = 'br' | 'gzip' | 'identity';
type Compressed = Exclude<Encoding, 'identity'>;

interface Prepared {
  readonly hash: string;
  readonly identity: Buffer;
  /** Compressed bytes, once ready. */
  readonly ready: Partial<Record<Compressed, Buffer>>;
  /** Compressions under way (null: it failed, and identity is served). */
  readonly pending: Readonly<Record<Compressed, Promise<Buffer | null>>>;
}

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

function prepare(body: Buffer): Prepared {
  const ready: Partial<Record<Compressed, Buffer>> = {};
  const keep = (encoding: Compressed, compressing: Promise<Buffer>): Promise<Buffer | null> =>
    compressing.then(
      (bytes) => (ready[encoding] = bytes),
      () => null,
    );
  return {
    hash: createHash('sha256').update(body).digest('base64url').slice(0, 27),
    identity: body,
    ready,
    pending: {
      br: keep(
        'br',
        brotli(body, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
        }),
      ),
      gzip: keep('gzip', gzipped(body, { level: 9 })),
    },
  };
}

/**
 * The encoding to answer with: the one with the highest q among br and gzip (br on a tie), identity
 * when neither is acceptable. `*` stands for any coding not named.
 */
export function chooseEncoding(header: string | undefined): Encoding {
  if (header === undefined || header === '') return 'identity';
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...parameters] = part.split(';');
    let weight = 1;
    for (const parameter of parameters) {
      const [key, value] = parameter.split('=');
      if (key?.trim().toLowerCase() === 'q') weight = Number(value?.trim());
    }
    weights.set(name.trim().toLowerCase(), Number.isFinite(weight) ? weight : 0);
  }
  const any = weights.get('*');
  const weightOf = (coding: string, alias?: string): number =>
    weights.get(coding) ?? (alias === undefined ? undefined : weights.get(alias)) ?? any ?? 0;
  const br = weightOf('br');
  const gz = weightOf('gzip', 'x-gzip');
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return 'identity';
}

function etagOf(prepared: Prepared, encoding: Encoding): string {
  return encoding === 'identity' ? `"${prepared.hash}"` : `"${prepared.hash}-${encoding}"`;
}

/** Whether If-None-Match names `etag` (weak comparison, as RFC 9110 asks for If-None-Match). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed === etag || trimmed === `W/${etag}`;
  });
}

function answer(reply: FastifyReply, document: Prepared, encoding: Encoding, body: Buffer): FastifyReply {
  const etag = etagOf(document, encoding);
  void reply.header('etag', etag).header('vary', 'accept-encoding').header('cache-control', 'no-cache');
  if (matchesIfNoneMatch(reply.request.headers['if-none-match'], etag)) return reply.code(304).send();
  if (encoding !== 'identity') void reply.header('content-encoding', encoding);
  return reply.type('application/json; charset=utf-8').send(body);
}

export function registerDocuments(app: FastifyInstance): void {
  // Per route (its schema decides the bytes; a route's config object is its own), per object (one per
  // plan version).
  const preparedByRoute = new WeakMap<object, WeakMap<object, Prepared>>();

  app.decorateReply('sendDocument', function sendDocument(this: FastifyReply, value: object):
    FastifyReply | Promise<FastifyReply> {
    const request: FastifyRequest = this.request;
    const route = request.routeOptions.config;
    let documents = preparedByRoute.get(route);
    if (documents === undefined) {
      documents = new WeakMap();
      preparedByRoute.set(route, documents);
    }
    let document = documents.get(value);
    if (document === undefined) {
      document = prepare(Buffer.from(this.serialize(value) as string));
      documents.set(value, document);
    }
    const wanted = chooseEncoding(request.headers['accept-encoding']);
    if (wanted === 'identity') return answer(this, document, 'identity', document.identity);
    const ready = document.ready[wanted];
    if (ready !== undefined) return answer(this, document, wanted, ready);
    // The first requests after a new version wait for its compression (milliseconds, off the loop).
    const waiting = document;
    return waiting.pending[wanted].then((bytes) =>
      bytes === null ? answer(this, waiting, 'identity', waiting.identity) : answer(this, waiting, wanted, bytes),
    );
  });
}
