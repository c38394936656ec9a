/**
 * The one error type the UI deals with. Every rejection from the backend (or
 * from the Wails runtime itself) is turned into an AppError by toAppError.
 * This file imports nothing from wailsjs, so tests can use it freely.
 */

export const ERROR_CODES = [
  'unauthenticated',
  'forbidden',
  'not_found',
  'invalid',
  'conflict',
  'unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * A message from the backend: a key of its catalogue (backend/apperr/keys.go,
 * listed in i18n/backendKeys.ts) and its parameters. The UI holds the texts.
 */
export type BackendMessage = Readonly<{ key: string; params?: MessageParams }>;
export type MessageParams = Readonly<Record<string, string | number>>;

/** Field name (as the backend spells it) → what is wrong with that field. */
export type FieldErrors = Readonly<Record<string, BackendMessage>>;

/** The backend's key for internal errors; the UI says it in its own words. */
export const GENERIC_ERROR: BackendMessage = { key: 'error.generic' };

export class AppError extends Error {
  readonly code: ErrorCode;
  /** What to tell the user, as a message key and its parameters. */
  readonly reason: BackendMessage;
  readonly fields: FieldErrors;

  constructor(code: ErrorCode, reason: BackendMessage, fields: FieldErrors = {}, options?: { cause?: unknown }) {
    super(reason.key, options);
    this.name = 'AppError';
    this.code = code;
    this.reason = reason;
    this.fields = fields;
  }

  hasFieldErrors(): boolean {
    return Object.keys(this.fields).length > 0;
  }
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** A {key, params} object as the backend sends it; anything else is null. */
function toMessage(value: unknown): BackendMessage | null {
  if (typeof value !== 'object' || value === null) return null;
  const { key, params } = value as { key?: unknown; params?: unknown };
  if (typeof key !== 'string' || key === '') return null;
  if (typeof params !== 'object' || params === null) return { key };
  const kept: Record<string, string | number> = {};
  for (const [name, param] of Object.entries(params)) {
    if (typeof param === 'string' || typeof param === 'number') kept[name] = param;
  }
  return { key, params: kept };
}

function toFields(value: unknown): FieldErrors {
  if (typeof value !== 'object' || value === null) return {};
  const out: Record<string, BackendMessage> = {};
  for (const [field, message] of Object.entries(value)) {
    const parsed = toMessage(message);
    if (parsed) out[field] = parsed;
  }
  return out;
}

function internal(cause: unknown): AppError {
  return new AppError('internal', GENERIC_ERROR, {}, { cause });
}

function fromObject(value: object, original: unknown): AppError {
  const { code } = value as { code?: unknown };
  if (!isErrorCode(code)) return internal(original);
  const fields = toFields((value as { fields?: unknown }).fields);
  return new AppError(code, toMessage(value) ?? GENERIC_ERROR, fields, { cause: original });
}

/**
 * Converts anything a bound call may reject with into an AppError:
 * the backend's `{code, key, params?, fields?}` object or its JSON text keeps its
 * code and fields; a plain string, an Error or anything else is "internal".
 *
 * Wails' runtime wraps every backend error in `new Error(value)`, so the
 * backend sends its error as JSON text, which arrives as the Error's message.
 */
export function toAppError(reason: unknown): AppError {
  if (reason instanceof AppError) return reason;
  const backendText = reason instanceof Error && reason.message.trim().startsWith('{') ? reason.message : reason;
  if (typeof backendText === 'string') {
    const text = backendText.trim();
    if (text.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed === 'object' && parsed !== null) return fromObject(parsed, reason);
      } catch {
        // not JSON: an ordinary message from the runtime
      }
    }
    return internal(reason);
  }
  if (typeof reason === 'object' && reason !== null && !(reason instanceof Error) && 'code' in reason) {
    return fromObject(reason, reason);
  }
  return internal(reason);
}
