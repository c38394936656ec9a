export { I18nProvider, useI18n, useT, type I18n } from './I18nProvider';
export { detectLanguage, createTranslator, translateMessage } from './translate';
export type { Language, TranslateFn } from './translate';
export type { MessageKey } from './en';
