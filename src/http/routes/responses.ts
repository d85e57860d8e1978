/** Error responses for route schemas: each listed status answers with the one error body. */
import { ErrorBody } from '../../domain/plan/views.js';

export function errorResponses<const S extends number>(...statuses: S[]): Record<S, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBody])) as Record<S, typeof ErrorBody>;
}
