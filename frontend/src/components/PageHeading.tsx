import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A screen's h1. With focusOnMount it takes focus when the screen appears, so
 * keyboard and screen-reader users start at the top of the new screen.
 */
export function PageHeading({ children, focusOnMount = false }: { children: ReactNode; focusOnMount?: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnMount) ref.current?.focus();
  }, [focusOnMount]);
  return (
    <h1 className="page-heading" ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
