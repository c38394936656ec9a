import { useCallback, useEffect, useRef, useState } from 'react';

/** How long a notice that confirms a change stays before it goes away by itself. */
export const NOTICE_MS = 5000;

export interface TransientNotice<T> {
  /** What the notice is about (rendered by the caller in the current language), or null. */
  notice: T | null;
  /** Shows a notice, replacing the one shown, for NOTICE_MS. */
  show: (notice: T) => void;
  clear: () => void;
}

/**
 * A notice confirming a change that was applied at once ("Theme changed:
 * Dark."). It keeps what the notice is about rather than its text, so a
 * language change translates the notice saying so.
 */
export function useTransientNotice<T>(): TransientNotice<T> {
  const [notice, setNotice] = useState<T | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const clear = useCallback(() => {
    clearTimeout(timer.current);
    setNotice(null);
  }, []);
  const show = useCallback((next: T) => {
    clearTimeout(timer.current);
    setNotice(next);
    timer.current = setTimeout(() => setNotice(null), NOTICE_MS);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);

  return { notice, show, clear };
}
