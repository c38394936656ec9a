import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import type { AppError, ErrorCode } from '../api/client';
import type { MessageKey } from './en';
import type { BackendMessage } from '../api/errors';
import { createTranslator, detectLanguage, translateMessage, type Language, type TranslateFn } from './translate';

export interface I18n {
  language: Language;
  t: TranslateFn;
  /** A backend field message in the UI language; in that field's own words when it has them. */
  fieldMessage: (message: BackendMessage | undefined | null, field?: string) => string | undefined;
  /** What to tell the user about an error: never internal detail. */
  errorMessage: (error: AppError) => string;
}

function createI18n(language: Language): I18n {
  const t = createTranslator(language);
  return {
    language,
    t,
    // A key this build does not know (a newer backend): say what the
    // field's or the error's code means rather than show a key.
    fieldMessage: (message, field) => (message ? (translateMessage(message, t, field) ?? t('error.code.invalid')) : undefined),
    errorMessage: (error) => translateMessage(error.reason, t) ?? t(CODE_MESSAGES[error.code]),
  };
}

const CODE_MESSAGES: Readonly<Record<ErrorCode, MessageKey>> = {
  unauthenticated: 'error.code.unauthenticated',
  forbidden: 'error.code.forbidden',
  not_found: 'error.code.not_found',
  invalid: 'error.code.invalid',
  conflict: 'error.code.conflict',
  unavailable: 'error.code.unavailable',
  internal: 'error.code.internal',
};

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
