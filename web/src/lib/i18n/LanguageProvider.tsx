import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { App, ConfigProvider, type ThemeConfig } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import { I18nContext, type LanguageState } from './context';
import type { Lang } from './translate';

const STORAGE_KEY = 'huimin.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** Holds the language (zh-CN by default, persisted), keeps <html lang> in step and localises antd. */
export function LanguageProvider({ children, theme }: { children: ReactNode; theme?: ThemeConfig }) {
  const [lang, setLangState] = useState<Lang>(initialLang);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // storage may be unavailable (private mode); the choice then lasts for the session only
    }
  }, []);

  const value = useMemo<LanguageState>(
    () => ({
      lang,
      setLang,
      toggle: () => setLang(lang === 'en' ? 'zh-CN' : 'en'),
      pick: (zh, en) => (lang === 'en' && en ? en : zh),
    }),
    [lang, setLang],
  );

  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={theme}>
        {/* App gives App.useApp() its message, modal and notification: without it they are undefined. */}
        <App>{children}</App>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}
