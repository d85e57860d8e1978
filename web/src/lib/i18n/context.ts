import { createContext } from 'react';
import { messages, type Lang, type MessageKey } from './shared';

export type Vars = Record<string, string | number>;

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  toggle: () => void;
  /** The label for key in the current language, with {name} placeholders filled from vars. */
  t: (key: MessageKey, vars?: Vars) => string;
  /** Plan data: the English form in English mode when the data has one, the Chinese otherwise. */
  pick: (zh: string, en?: string | null) => string;
}

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const text: string = lang === 'en' ? messages[key].en : messages[key].zh;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => String(vars[name] ?? match));
}

export const I18nContext = createContext<I18n | null>(null);
