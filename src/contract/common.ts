/** Shapes several modules' routes share. */
import { Type, type Static } from 'typebox';

/** The body of a 204 answer: none. */
export const NoContent = Type.Null();
export type NoContent = Static<typeof NoContent>;
/** A moment, as the API writes it. */
export const Timestamp = Type.String({ description: 'ISO 8601, UTC' });
export type Timestamp = Static<typeof Timestamp>;
/** A required text field of at most `maxLength` characters (never empty). */
export const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, ...(description === undefined ? {} : { description }) });

/** The header every money-moving route requires (its value is checked by the idempotency plugin). */
export const IdempotencyHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 200 })) });
export type IdempotencyHeader = Static<typeof IdempotencyHeader>;
/** An id in a path: one record by its id. */
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });
export type IdParams = Static<typeof IdParams>;
/** Paging of long lists: offset and limit. */
export const Paging = {
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
};

/** A file answered as bytes (a download): documented in OpenAPI; Fastify sends a Buffer unserialised. */
export const BinaryFile = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
export type BinaryFile = Static<typeof BinaryFile>;
