import { en, type Dictionary, type MessageKey } from './en';
import { es } from './es';
import type { BackendMessage } from '../api/errors';

export type Language = 'en' | 'es';
export type Params = Readonly<Record<string, string | number>>;
export type TranslateFn = (key: MessageKey, params?: Params) => string;

const dictionaries: Readonly<Record<Language, Dictionary>> = { en, es };

/** Picks the UI language from the browser's preferences; English by default. */
export function detectLanguage(
  nav: { languages?: readonly string[]; language?: string } | undefined = globalThis.navigator,
): Language {
  const preferred = [...(nav?.languages ?? []), nav?.language ?? ''];
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (base === 'es' || base === 'en') return base;
  }
  return 'en';
}

/** Numbers in parameters are written the language's way (8,000 / 8000). */
export function createTranslator(language: Language): TranslateFn {
  const dictionary = dictionaries[language];
  const numbers = new Intl.NumberFormat(language);
  return (key, params) => {
    const text = dictionary[key] ?? en[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? numbers.format(value) : value;
    });
  };
}

function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/**
 * The text of a message (from the backend, or made by a form's own checks)
 * in the UI language, or undefined for a key this build does not know (a
 * newer backend): the caller then says what the error's code means. Given
 * the field it is about, a text of that field's own ("key.field", e.g.
 * "Enter your current password.") wins over the general one.
 */
export function translateMessage(message: BackendMessage, t: TranslateFn, field?: string): string | undefined {
  const own = field === undefined ? '' : `${message.key}.${field}`;
  if (isMessageKey(own)) return t(own, message.params);
  return isMessageKey(message.key) ? t(message.key, message.params) : undefined;
}

