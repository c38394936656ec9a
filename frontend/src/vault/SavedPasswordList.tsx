import { memo, useDeferredValue, useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useI18n } from '../i18n';
import { ROW_HEIGHT, SavedPasswordRow, type SavedPasswordRowHandlers } from './SavedPasswordRow';
import { entryAt, indexOfEntry, type SavedPasswordListing } from './useSavedPasswords';

export interface SavedPasswordListProps extends SavedPasswordRowHandlers {
  listing: SavedPasswordListing;
  /** The rows first..last are in view: their pages are wanted. */
  onWant: (first: number, last: number) => void;
  selectedId: number | null;
  /** Passwords currently shown, by entry id. */
  revealed: ReadonlyMap<number, string>;
}

/**
 * Rows rendered beyond the visible ones, so a short scroll shows rows at
 * once; few, as a fling renders every row in view afresh each frame,
 * these included.
 */
const OVERSCAN = 3;

/** A row whose page is on its way: its place in the list, and that it is loading. */
function LoadingRow({ index, count, top }: { index: number; count: number; top: number }) {
  const { t } = useI18n();
  return (
    <div
      role="listitem"
      aria-setsize={count}
      aria-posinset={index + 1}
      aria-busy="true"
      data-index={index}
      className="entry entry--loading"
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
    >
      <span className="muted">{t('vault.loadingRow')}</span>
    </div>
  );
}

/**
 * The entries as a virtual list: only the rows in view (and a few more) are
 * in the document, and only their pages are fetched (useSavedPasswords), so
 * 10,000 entries open and scroll like 100; a row whose page has not arrived
 * yet shows that it is loading. Each row keeps role=listitem with
 * aria-posinset/aria-setsize, so assistive technology still hears "3 of
 * 10,000". One row's controls are in the Tab order (the selected one, else
 * the first in view); Up, Down, Home, End, Page Up and Page Down select
 * another row and move focus to it, once its page is here. Memoised, with
 * memoised rows, so typing in the search field does not render the rows
 * again.
 */
export const SavedPasswordList = memo(function SavedPasswordList({
  listing,
  onWant,
  selectedId,
  revealed,
  ...handlers
}: SavedPasswordListProps) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const { t } = useI18n();
  const count = listing.total;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  const inView = virtualizer.getVirtualItems();
  // The rows follow a scroll in a deferred render, which React does in
  // slices between frames: a fling replaces every row in view each frame,
  // and must not block the thread for that long. (Keys by position, the
  // virtualizer's default: keys by entry would make it place all 10,000
  // rows again each time a page arrives.)
  const items = useDeferredValue(inView);
  const selectedIndex = indexOfEntry(listing, selectedId);
  const wanted = Math.max(selectedIndex, 0);
  const tabbableIndex = items.some((item) => item.index === wanted) ? wanted : (items[0]?.index ?? -1);

  const first = inView[0]?.index ?? 0;
  const last = inView.at(-1)?.index ?? 0;
  useEffect(() => {
    if (count > 0) onWant(first, last);
  }, [first, last, count, listing, onWant]);

  // A row chosen with the keyboard may not be rendered, or its page loaded,
  // yet: select and focus it once it is.
  const pendingFocus = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (pendingFocus.current === null) return;
    const entry = entryAt(listing, pendingFocus.current);
    const row = scrollerRef.current?.querySelector<HTMLElement>(`[data-index="${pendingFocus.current}"] [data-row-main]`);
    if (entry && row) {
      pendingFocus.current = null;
      if (entry.id !== selectedId) handlers.onSelect(entry);
      row.focus();
    }
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    // Only the rows' own buttons: the menus (portalled, but bubbling here in React) use the arrows themselves.
    if (!target.hasAttribute('data-row-main')) return;
    const at = Number(target.closest<HTMLElement>('[data-index]')?.dataset.index);
    const page = Math.max(1, Math.floor((scrollerRef.current?.clientHeight ?? 0) / ROW_HEIGHT) - 1);
    const steps: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      PageDown: at + page,
      PageUp: at - page,
      Home: 0,
      End: count - 1,
    };
    const next = steps[event.key];
    if (next === undefined || Number.isNaN(at)) return;
    event.preventDefault();
    const index = Math.min(Math.max(next, 0), count - 1);
    pendingFocus.current = index;
    virtualizer.scrollToIndex(index);
    const entry = entryAt(listing, index);
    if (entry) handlers.onSelect(entry);
  };

  return (
    <div className="entry-list" ref={scrollerRef} onKeyDown={onKeyDown}>
      <div role="list" aria-label={t('vault.title')} className="entry-list__rows" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const entry = entryAt(listing, item.index);
          if (!entry) return <LoadingRow key={`loading-${item.index}`} index={item.index} count={count} top={item.start} />;
          return (
            <SavedPasswordRow
              key={entry.id}
              entry={entry}
              revealed={revealed.get(entry.id)}
              selected={entry.id === selectedId}
              tabbable={item.index === tabbableIndex}
              index={item.index}
              count={count}
              top={item.start}
              {...handlers}
            />
          );
        })}
      </div>
    </div>
  );
});
