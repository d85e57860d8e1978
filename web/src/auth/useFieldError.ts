import { useCallback } from 'react';
import { fieldText } from '../api/errorText';
import { useI18n } from '../i18n/useI18n';
import { fieldErrorOf, type FieldError } from './formErrors';

/** fieldErrorOf, worded in the interface's language (see api/errorText.ts). */
export function useFieldError(): <F extends string>(error: unknown, fields: readonly F[]) => FieldError<F> | undefined {
  const { t, lang } = useI18n();
  return useCallback(
    <F extends string>(error: unknown, fields: readonly F[]) =>
      fieldErrorOf(error, fields, (e) => fieldText(e, lang, t)),
    [t, lang],
  );
}
