/**
 * The i18n engine: the two languages, tables of labels and how a label is filled. The labels live
 * with what shows them: the frame's, the menu's and the common words in ./shared.ts (first load),
 * each feature's in features/<module>/messages.ts (loaded with the feature's pages).
 */
export type Lang = 'zh-CN' | 'en';
export type Vars = Record<string, string | number>;
/** Labels by key, Chinese first; placeholders are written {name}. */
export type MessageTable = Readonly<Record<string, { readonly zh: string; readonly en: string }>>;
export type Translate<K extends string> = (key: K, vars?: Vars) => string;

/** text with its {name} placeholders filled from vars (unknown names stay as written). */
export function fill(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => String(vars[name] ?? match));
}

/** The label for key in lang, from table. */
export function translate<T extends MessageTable>(table: T, lang: Lang, key: keyof T & string, vars?: Vars): string {
  const entry = table[key];
  if (!entry) return key;
  return fill(lang === 'en' ? entry.en : entry.zh, vars);
}
