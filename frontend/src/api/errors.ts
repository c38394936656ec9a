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

/** Field name (as the backend spells it) → English message about that field. */
export type FieldErrors = Readonly<Record<string, string>>;

/** The backend's text for internal errors; the UI shows its own translation. */
export const GENERIC_ERROR_MESSAGE = 'Something went wrong. Please try again.';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldErrors;

  constructor(code: ErrorCode, message: string, fields: FieldErrors = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
  }

  hasFieldErrors(): boolean {
    return Object.keys(this.fields).length > 0;
  }
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

function sanitizeFields(value: unknown): FieldErrors {
  if (typeof value !== 'object' || value === null) return {};
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(value)) {
    if (typeof message === 'string' && message !== '') out[key] = message;
  }
  return out;
}

function internal(cause: unknown): AppError {
  return new AppError('internal', GENERIC_ERROR_MESSAGE, {}, { cause });
}

function fromObject(value: object, original: unknown): AppError {
  const { code, message, fields } = value as { code?: unknown; message?: unknown; fields?: unknown };
  if (!isErrorCode(code) || code === 'internal') return internal(original);
  const text = typeof message === 'string' && message !== '' ? message : GENERIC_ERROR_MESSAGE;
  return new AppError(code, text, sanitizeFields(fields), { cause: original });
}

/**
 * Converts anything a bound call may reject with into an AppError:
 * the backend's `{code, message, fields?}` object or its JSON text keeps its
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
