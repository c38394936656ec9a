import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import type { AppError } from '../api/client';
import {
  createTranslator,
  detectLanguage,
  translateBackendMessage,
  type Language,
  type TranslateFn,
} from './translate';

export interface I18n {
  language: Language;
  t: TranslateFn;
  /** A backend field message in the UI language (falls back to the backend text). */
  fieldMessage: (message: string | undefined | null) => string | undefined;
  /** What to tell the user about an error: never internal detail. */
  errorMessage: (error: AppError) => string;
}

function createI18n(language: Language): I18n {
  const t = createTranslator(language);
  return {
    language,
    t,
    fieldMessage: (message) => (message ? translateBackendMessage(message, t) : undefined),
    errorMessage: (error) =>
      error.code === 'internal' ? t('error.generic') : translateBackendMessage(error.message, t),
  };
}

// Without a provider (e.g. in unit tests) the UI is in English.
const I18nContext = createContext<I18n>(createI18n('en'));

export function I18nProvider({ language, children }: { language?: Language; children: ReactNode }) {
  const lang = language ?? detectLanguage();
  const value = useMemo(() => createI18n(lang), [lang]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** The translate function of the current language. */
export function useT(): TranslateFn {
  return useContext(I18nContext).t;
}
