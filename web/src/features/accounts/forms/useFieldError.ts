import { useCallback, useState } from 'react';
import type { FormInstance } from 'antd';
import { fieldText } from '../../../lib/api/errorText';
import { useAccountsI18n } from '../messages';
import { fieldErrorOf, type FieldError } from './formErrors';

/** fieldErrorOf, worded in the interface's language (see lib/api/errorText.ts). */
export function useFieldError(): <F extends string>(error: unknown, fields: readonly F[]) => FieldError<F> | undefined {
  const { t, lang } = useAccountsI18n();
  return useCallback(
    <F extends string>(error: unknown, fields: readonly F[]) =>
      fieldErrorOf(error, fields, (e) => fieldText(e, lang, t)),
    [t, lang],
  );
}

/**
 * A form's answer to a failed request: an error that names one of `fields` is shown on that field,
 * any other above the form (`formError`, for an ErrorAlert). `clearFormError` before sending again.
 */
export function useFormErrors<F extends string>(
  form: FormInstance,
  fields: readonly F[],
): { formError: unknown; clearFormError: () => void; showError: (error: unknown) => void } {
  const toFieldError = useFieldError();
  const [formError, setFormError] = useState<unknown>(null);
  const clearFormError = useCallback(() => setFormError(null), []);
  const showError = useCallback(
    (error: unknown) => {
      const fieldError = toFieldError(error, fields);
      if (fieldError) form.setFields([fieldError]);
      else setFormError(error);
    },
    [toFieldError, fields, form],
  );
  return { formError, clearFormError, showError };
}
