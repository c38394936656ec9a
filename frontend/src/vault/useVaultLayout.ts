import { useEffect, useLayoutEffect, useState, type RefObject } from 'react';

/** From this window width the list and the details sit side by side. */
export const TWO_PANES_QUERY = '(min-width: 900px)';

/** Whether the window is wide enough for two panes (true where there is no matchMedia). */
export function useTwoPanes(): boolean {
  const [two, setTwo] = useState(() => typeof window.matchMedia !== 'function' || window.matchMedia(TWO_PANES_QUERY).matches);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return undefined;
    const query = window.matchMedia(TWO_PANES_QUERY);
    const update = () => setTwo(query.matches);
    update();
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return two;
}

/** Space kept under the panes (px), and the least height they get on a short window. */
const BOTTOM_GAP = 16;
const MIN_HEIGHT = 240;

/**
 * The height (px) that makes the element end just above the window's bottom,
 * so the list scrolls inside it (and the details stay in view) instead of
 * the whole page scrolling. Measured after every render — a notice or an
 * error above it moves it — and on resize.
 */
export function useFillHeight(ref: RefObject<HTMLElement | null>): number | undefined {
  const [height, setHeight] = useState<number>();
  useLayoutEffect(() => {
    const measure = () => {
      const top = ref.current?.getBoundingClientRect().top;
      if (top !== undefined) setHeight(Math.max(MIN_HEIGHT, Math.floor(window.innerHeight - top - BOTTOM_GAP)));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  });
  return height;
}
