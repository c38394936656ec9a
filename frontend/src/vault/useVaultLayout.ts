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

/** What the page shows under the main area (a footer, say) and its bottom padding (px). */
function heightBelow(element: HTMLElement): number {
  const main = element.closest('main');
  if (!main) return 0;
  let below = parseFloat(getComputedStyle(main).paddingBottom) || 0;
  // What follows main, and what follows each box that holds it (the app's
  // body, then its footer), up to the document.
  for (let box: Element | null = main; box && box !== document.body; box = box.parentElement) {
    for (let next = box.nextElementSibling; next; next = next.nextElementSibling) below += next.getBoundingClientRect().height;
  }
  return below;
}

/**
 * The height (px) that makes the element end just above the window's bottom
 * (and whatever the page shows under its main area), so the list scrolls
 * inside it and the details stay in view, instead of the whole page
 * scrolling. Measured after every render — a notice or an error above it
 * moves it — and on resize.
 */
export function useFillHeight(ref: RefObject<HTMLElement | null>): number | undefined {
  const [height, setHeight] = useState<number>();
  useLayoutEffect(() => {
    const measure = () => {
      const element = ref.current;
      if (!element) return;
      const free = window.innerHeight - element.getBoundingClientRect().top - heightBelow(element) - BOTTOM_GAP;
      setHeight(Math.max(MIN_HEIGHT, Math.floor(free)));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  });
  return height;
}
