import { useCallback, useEffect, useRef, useState } from 'react';
import { AppError, toAppError, type FieldErrors } from '../api/client';

export interface Submit<A extends unknown[]> {
  /** True while the action runs. */
  busy: boolean;
  /** The last failure (its message and per-field messages), or null. */
  error: AppError | null;
  fieldErrors: FieldErrors;
  /** Runs the action; resolves true on success, false on failure (never rejects). */
  run: (...args: A) => Promise<boolean>;
  /** Forget the error of one field (e.g. once the user edits it). */
  clearFieldError: (field: string) => void;
  /** Show an error found before calling the backend. */
  fail: (error: AppError) => void;
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
  const running = useRef(false);
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
  }, []);

  const run = useCallback(
    async (...args: A) => {
      if (running.current) return false;
      running.current = true;
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
        running.current = false;
        if (mounted.current) setBusy(false);
      }
    },
    [fail],
  );

  const clearFieldError = useCallback((field: string) => {
    setFieldErrors((current) => {
      if (!(field in current)) return current;
      const next = { ...current };
      delete next[field];
      return next;
    });
  }, []);

  return { busy, error, fieldErrors, run, clearFieldError, fail };
}
