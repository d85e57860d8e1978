import { useContext, useMemo } from 'react';
import { I18nContext, type LanguageState } from './context';
import { sharedMessages, type SharedKey } from './shared';
import { translate, type MessageTable, type Translate } from './translate';

export interface I18n<K extends string = SharedKey> extends LanguageState {
  /** The label for key in the current language, with {name} placeholders filled from vars. */
  t: Translate<K>;
}

const NO_MESSAGES: MessageTable = {};

/**
 * The language, and `t` over the shared labels and, when given, a feature's own table (each feature
 * has its use<Feature>I18n, so its strings load with its pages).
 */
export function useI18n(): I18n;
export function useI18n<T extends MessageTable>(messages: T): I18n<SharedKey | (keyof T & string)>;
export function useI18n(messages: MessageTable = NO_MESSAGES): I18n<string> {
  const state = useContext(I18nContext);
  if (!state) throw new Error('useI18n outside LanguageProvider');
  return useMemo(
    () => ({
      ...state,
      t: (key: string, vars) =>
        translate(key in messages ? messages : (sharedMessages as MessageTable), state.lang, key, vars),
    }),
    [state, messages],
  );
}
