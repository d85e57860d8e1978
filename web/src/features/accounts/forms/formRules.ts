/** Form rules shared by the account forms. */
import type { FormRule } from 'antd';

/**
 * A rule from a check that returns the problem's message, or undefined when the value is fine. As a
 * warning (`warningOnly`) it informs without stopping the form: the server has the last word.
 */
export function checkRule(check: (value: string) => string | undefined, warningOnly = false): FormRule {
  return {
    warningOnly,
    validator: (_, value: unknown) => {
      const problem = typeof value === 'string' && value.trim() !== '' ? check(value) : undefined;
      return problem === undefined ? Promise.resolve() : Promise.reject(new Error(problem));
    },
  };
}

/** The value must equal another field's (password confirmation). */
export function sameAs(field: string, message: string): FormRule {
  return ({ getFieldValue }) => ({
    validator: (_, value: unknown) =>
      !value || value === getFieldValue(field) ? Promise.resolve() : Promise.reject(new Error(message)),
  });
}
