/** The apply form's field rules and test ids (the server checks everything again). */
import type { FormRule as Rule } from 'antd';
import { fenOf, normaliseVin, VIN_PATTERN, type FieldPath } from '../form';
import type { ClaimsTranslate } from '../messages';

/** A field's test id: claim-field-newCar-vin, claim-field-items-0-name. */
export const fieldId = (path: FieldPath) => `claim-field-${path.join('-')}`;

export function claimRules(t: ClaimsTranslate) {
  const required: Rule = { required: true, message: t('common.required') };
  const text = (max: number): Rule[] => [required, { max, whitespace: true }];
  return {
    required: [required],
    text,
    date: [{ required: true, message: t('common.required') }, { pattern: /^\d{4}-\d{2}-\d{2}$/ }] as Rule[],
    vin: [
      required,
      {
        validator: (_: unknown, value: string | undefined) =>
          !value || VIN_PATTERN.test(normaliseVin(value))
            ? Promise.resolve()
            : Promise.reject(new Error(t('cl.f.vin.rule'))),
      },
    ] as Rule[],
    /** yuan, more than zero (or zero allowed) */
    money: (allowZero = false, optional = false): Rule[] => [
      ...(optional ? [] : [required]),
      {
        validator: (_: unknown, value: string | undefined) =>
          (optional && !value?.trim()) || (!optional && !value) || fenOf(value, allowZero) !== undefined
            ? Promise.resolve()
            : Promise.reject(new Error(t(allowZero ? 'cl.f.moneyZero.rule' : 'cl.f.money.rule'))),
      },
    ],
    bankAccount: [
      required,
      {
        validator: (_: unknown, value: string | undefined) =>
          !value || /^\d{12,30}$/.test(value.replace(/[\s-]/g, ''))
            ? Promise.resolve()
            : Promise.reject(new Error(t('cl.f.bankAccount.rule'))),
      },
    ] as Rule[],
  };
}
