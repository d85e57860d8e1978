import { createContext } from 'react';
import type { Lang } from './translate';

/** The language the interface is in, and how to change it. */
export interface LanguageState {
  lang: Lang;
  setLang: (lang: Lang) => void;
  toggle: () => void;
  /** Plan data: the English form in English mode when the data has one, the Chinese otherwise. */
  pick: (zh: string, en?: string | null) => string;
}

export const I18nContext = createContext<LanguageState | null>(null);
