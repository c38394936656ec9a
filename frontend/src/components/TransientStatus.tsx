import { useEffect, useRef } from 'react';

/** How long a confirmation stays: long enough to read, short enough not to go stale. */
export const NOTICE_MS = 5000;

export interface TransientStatusProps {
  /** Already translated; null shows nothing. */
  message: string | null;
  /** The message has been shown for NOTICE_MS: the owner clears it. */
  onExpire: () => void;
  className?: string;
}

/**
 * A confirmation in a live region (role="status", always in the page so that
 * screen readers announce what appears in it) that goes away on its own.
 */
export function TransientStatus({ message, onExpire, className }: TransientStatusProps) {
  const expire = useRef(onExpire);
  expire.current = onExpire;
  useEffect(() => {
    if (!message) return undefined;
    const timer = setTimeout(() => expire.current(), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [message]);
  return (
    <p className={['status-text', className ?? ''].filter(Boolean).join(' ')} role="status">
      {message ?? ''}
    </p>
  );
}
