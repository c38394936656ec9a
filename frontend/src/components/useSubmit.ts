import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { AppError, toAppError, type FieldErrors } from '../api/client';

export interface Submit<A extends unknown[]> {
  /** True while the action runs. */
  busy: boolean;
  /** The last failure (its message and per-field messages), or null. */
  error: AppError | null;
  fieldErrors: FieldErrors;
  /**
   * The failure to show for the whole form: only one without field
   * messages (those are shown under their fields, not repeated above them).
   */
  formError: AppError | null;
  /** Give it to the <form>: after a failure, focus goes to its first invalid field. */
  formRef: RefObject<HTMLFormElement | null>;
  /** Runs the action; resolves true on success, false on failure (never rejects). */
  run: (...args: A) => Promise<boolean>;
  /** The run under way (what it resolves to), or null: a leave guard waits for it. */
  pending: () => Promise<boolean> | null;
  /** Forget the error of one field (e.g. once the user edits it). */
  clearFieldError: (field: string) => void;
  /** Show an error found before calling the backend. */
  fail: (error: AppError) => void;
  /** Forget the last failure (e.g. the form was closed). */
  reset: () => void;
}

/**
 * After a failed submit: focus the form's first invalid field; without one,
 * the submit button if focus was lost (it was disabled while busy).
 */
function focusFirstInvalid(form: HTMLFormElement): void {
  const invalid = form.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (invalid) {
    invalid.focus();
    return;
  }
  const active = document.activeElement;
  if (!active || active === document.body || !active.isConnected) {
    form.querySelector<HTMLElement>('[type="submit"]')?.focus();
  }
}

/**
 * Busy state and error bookkeeping for a form that calls the backend. (A
 * failure that ends the session needs nothing here: the API module tells the
 * session, which leaves this screen.)
 */
export function useSubmit<A extends unknown[]>(action: (...args: A) => Promise<unknown>): Submit<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  // Counts failures, so that each one (even the same twice) moves focus.
  const [failures, setFailures] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const actionRef = useRef(action);
  actionRef.current = action;

  const fail = useCallback((failure: AppError) => {
    setError(failure);
    setFieldErrors(failure.fields);
    setFailures((n) => n + 1);
  }, []);

  // Runs once the failure is rendered (the fields marked invalid, the button enabled again).
  useEffect(() => {
    if (failures > 0 && formRef.current) focusFirstInvalid(formRef.current);
  }, [failures]);

  const reset = useCallback(() => {
    setError(null);
    setFieldErrors({});
  }, []);

  const runOnce = useCallback(
    async (...args: A) => {
      setBusy(true);
      setError(null);
      setFieldErrors({});
      try {
        await actionRef.current(...args);
        return true;
      } catch (reason) {
        if (mounted.current) fail(toAppError(reason));
        return false;
      } finally {
        if (mounted.current) setBusy(false);
      }
    },
    [fail],
  );

  const run = useCallback(
    (...args: A) => {
      if (inFlight.current) return Promise.resolve(false);
      const done = runOnce(...args);
      inFlight.current = done;
      void done.then(() => {
        if (inFlight.current === done) inFlight.current = null;
      });
      return done;
    },
    [runOnce],
  );
  const pending = useCallback(() => inFlight.current, []);

  const clearFieldError = useCallback((field: string) => {
    setFieldErrors((current) => {
      if (!(field in current)) return current;
      const next = { ...current };
      delete next[field];
      return next;
    });
  }, []);

  const formError = error && !error.hasFieldErrors() ? error : null;
  return { busy, error, fieldErrors, formError, formRef, run, pending, clearFieldError, fail, reset };
}
