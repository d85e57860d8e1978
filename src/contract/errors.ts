/**
 * The one error body every route answers with (docs/errors.md), and the error responses a route's
 * schema lists: `{ error: { code, message, field?, requestId } }`.
 */
import { Type, type Static } from 'typebox';

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable code, listed in docs/errors.md' }),
      message: Type.String(),
      field: Type.Optional(Type.String()),
      requestId: Type.String(),
    }),
  },
  { $id: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBody>;

/** Error responses for a route's schema: each listed status answers with the one error body. */
export function errorResponses<const S extends number>(...statuses: S[]): Record<S, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBody])) as Record<S, typeof ErrorBody>;
}
