/** Shapes several modules' routes share. */
import { Type } from 'typebox';

/** The body of a 204 answer: none. */
export const NoContent = Type.Null();

/** A moment, as the API writes it. */
export const Timestamp = Type.String({ description: 'ISO 8601, UTC' });

/** A required text field of at most `maxLength` characters (never empty). */
export const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, ...(description === undefined ? {} : { description }) });

/** The header every money-moving route requires (its value is checked by the idempotency plugin). */
export const IdempotencyHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 200 })) });

/** An id in a path: one record by its id. */
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });

/** Paging of long lists: offset and limit. */
export const Paging = {
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
};
