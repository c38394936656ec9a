import { en, type Dictionary, type MessageKey } from './en';
import { es } from './es';

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

export function createTranslator(language: Language): TranslateFn {
  const dictionary = dictionaries[language];
  return (key, params) => {
    const text = dictionary[key] ?? en[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  };
}

/** The backend's fixed English texts (field and top-level messages) and their keys. */
const exactBackendMessages: Readonly<Record<string, MessageKey>> = {
  'is required': 'fieldError.required',
  'already in use': 'fieldError.inUse',
  'may contain only letters, digits and @ . + - _': 'fieldError.usernameChars',
  'is not a valid email address': 'fieldError.invalidEmail',
  'must not contain control characters': 'fieldError.controlChars',
  'contains characters that cannot be used in a password': 'fieldError.passwordChars',
  'may contain only digits, with an optional leading +': 'fieldError.phoneChars',
  'must not be only digits': 'fieldError.onlyDigits',
  'is not correct': 'fieldError.notCorrect',
  'Wrong email or password.': 'error.wrongCredentials',
  'Your session has ended. Please sign in again.': 'error.sessionEnded',
  'PassDesk locked itself after a period of inactivity. Please sign in again.': 'error.lockedBackend',
  'Please sign in.': 'error.signInPlease',
  'Something went wrong. Please try again.': 'error.generic',
  'Some fields are not valid.': 'error.fieldsInvalid',
  'This account no longer exists.': 'error.accountGone',
  'The password was changed meanwhile. Please try again.': 'error.passwordChangedMeanwhile',
  'This saved password no longer exists.': 'error.entryGone',
  'Part of the data file is damaged.': 'error.damaged',
  'Done, but the old data is still in the file until it is rewritten: run “passdesk compact”.': 'error.notErased',
  'must be a valid http or https address': 'fieldError.invalidUrl',
  'is too short to hold every chosen kind of character': 'fieldError.tooShortForClasses',
  'choose at least one kind of character': 'fieldError.noClasses',
  'is empty': 'fieldError.pictureEmpty',
  'is not a supported image (use JPEG, PNG, GIF, WebP or BMP)': 'fieldError.pictureUnsupported',
  'could not be read': 'fieldError.pictureUnreadable',
  'is too large to process': 'fieldError.pictureTooComplex',
  'is an animated WebP, which is not supported (use a still picture)': 'fieldError.pictureAnimated',
  'must be an http:// or https:// address': 'syncError.urlScheme',
  'must not contain a user name or password': 'syncError.urlUser',
  'must not contain ? or #': 'syncError.urlQuery',
  'was not accepted by the server': 'syncError.notAccepted',
  'wrong email or password': 'syncError.wrongCredentials',
  'The server could not be reached. Check the address and your connection, then try again.': 'syncError.unreachable',
  'The server did not accept the request.': 'syncError.requestRefused',
  'The server refused the request.': 'syncError.forbidden',
  'The server answered in a way PassDesk does not understand. Check the address.': 'syncError.notUnderstood',
  "The server refused a change. Edit the field or keep the server's value.": 'syncError.changeRefusedFields',
  'The server refused a change.': 'syncError.changeRefused',
  'Sign in to use sync.': 'syncError.signInFirst',
  'This account is not linked to a server.': 'syncError.notLinked',
  'This account is already linked to a server. Unlink it first.': 'syncError.alreadyLinked',
  'That is a different account on the server.': 'syncError.otherAccount',
  'There is no conflict on that field any more.': 'syncError.noConflict',
  "The server's picture could not be read.": 'syncError.badPicture',
  'Sign in to the server again (in Settings) before deleting the server account.': 'syncError.signInBeforeDelete',
  'must be signin or signup': 'syncError.badMode',
  'must be mine or server': 'syncError.badKeep',
};

/** Backend texts with numbers in them. */
const patternBackendMessages: ReadonlyArray<{ pattern: RegExp; key: MessageKey; names: readonly string[] }> = [
  { pattern: /^must be at most (\d+) characters$/, key: 'fieldError.tooLong', names: ['n'] },
  { pattern: /^must be at least (\d+) characters$/, key: 'fieldError.tooShort', names: ['n'] },
  { pattern: /^must be between (\d+) and (\d+) minutes$/, key: 'fieldError.range', names: ['min', 'max'] },
  { pattern: /^must be between (\d+) and (\d+)$/, key: 'fieldError.between', names: ['min', 'max'] },
  { pattern: /^is larger than (\d+) MiB$/, key: 'fieldError.pictureTooLarge', names: ['n'] },
  { pattern: /^must be one of (.+)$/, key: 'fieldError.oneOf', names: ['list'] },
  { pattern: /^is larger than (\d+) pixels a side$/, key: 'fieldError.pictureSide', names: ['n'] },
  { pattern: /^has more than (\d+) megapixels$/, key: 'fieldError.pictureMegapixels', names: ['n'] },
];

/** Translates a message from the backend; unknown texts are shown as they came. */
export function translateBackendMessage(message: string, t: TranslateFn): string {
  const exact = exactBackendMessages[message];
  if (exact) return t(exact);
  for (const { pattern, key, names } of patternBackendMessages) {
    const match = pattern.exec(message);
    if (match) {
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        params[name] = match[i + 1] ?? '';
      });
      return t(key, params);
    }
  }
  return message;
}
