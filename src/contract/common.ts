/** Shapes several modules' routes share. */
import { Type } from 'typebox';

/** The header every money-moving route requires (its value is checked by the idempotency plugin). */
export const IdempotencyHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 200 })) });

/** An id in a path: one record by its id. */
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });

/** Paging of long lists: offset and limit. */
export const Paging = {
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
};
