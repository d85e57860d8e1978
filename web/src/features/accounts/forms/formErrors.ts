/**
 * Where a server error goes on a form: under the field it names when the form has that field,
 * otherwise in an alert above the form.
 */
import { ApiError } from '../../../lib/api/client';

export interface FieldError<F extends string> {
  name: F;
  errors: string[];
}

/**
 * The field error for `error` if it names one of `fields`; undefined when it belongs in an alert.
 * `text` words it (by default the server's message).
 */
export function fieldErrorOf<F extends string>(
  error: unknown,
  fields: readonly F[],
  text: (error: ApiError) => string = (e) => e.message,
): FieldError<F> | undefined {
  if (!(error instanceof ApiError) || !error.field) return undefined;
  // "roles[0].organisationId" belongs to the roles field as a whole
  const field = error.field.split(/[.[]/)[0] ?? error.field;
  const match = fields.find((name) => name === field);
  return match === undefined ? undefined : { name: match, errors: [text(error)] };
}
