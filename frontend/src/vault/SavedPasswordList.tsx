import {
  memo,
  useCallback,
  useDeferredValue,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type Ref,
} from 'react';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useI18n } from '../i18n';
import { ROW_HEIGHT, ROW_PART_SELECTOR, rowPartOf, SavedPasswordRow, type RowPart, type SavedPasswordRowHandlers } from './SavedPasswordRow';
import { entryAt, indexOfEntry, type SavedPasswordListing } from './useSavedPasswords';

/** What the page asks of the list. */
export interface SavedPasswordListHandle {
  /**
   * Scrolls the row at index (clamped to the list) into view and focuses its
   * part — its own button when it has no such part (a damaged entry has no
   * Copy) — once the row and its page are here.
   */
  focusRow: (index: number, part?: RowPart) => void;
}

export interface SavedPasswordListProps extends SavedPasswordRowHandlers {
  listing: SavedPasswordListing;
  /** The rows first..last are in view: their pages are wanted. */
  onWant: (first: number, last: number) => void;
  selectedId: number | null;
  /** Passwords currently shown, by entry id. */
  revealed: ReadonlyMap<number, string>;
  ref?: Ref<SavedPasswordListHandle>;
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
 * the first in view); Up, Down, Home, End, Page Up and Page Down, on any of
 * a row's controls, select another row and move focus to the same control
 * there, once its page is here. The row holding focus stays rendered while
 * it is scrolled out of view, so focus never falls to the body. Memoised,
 * with memoised rows, so typing in the search field does not render the
 * rows again.
 */
export const SavedPasswordList = memo(function SavedPasswordList({
  listing,
  onWant,
  selectedId,
  revealed,
  ref,
  ...handlers
}: SavedPasswordListProps) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const { t } = useI18n();
  const count = listing.total;
  // The entry whose row has (or last had) focus, and the row to focus once it is rendered.
  const [focusedId, setFocusedId] = useState<number | null>(null);
  // (select: the keyboard chose a row whose page had not come yet.)
  const [pendingFocus, setPendingFocus] = useState<{ index: number; part: RowPart; select: boolean } | null>(null);
  const focusedIndex = indexOfEntry(listing, focusedId);
  const pendingIndex = pendingFocus?.index ?? -1;
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      for (const index of [focusedIndex, pendingIndex]) {
        if (index >= 0 && index < range.count && !indexes.includes(index)) indexes.push(index);
      }
      return indexes.sort((a, b) => a - b);
    },
    [focusedIndex, pendingIndex],
  );
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    rangeExtractor,
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

  // The pages wanted are those of the rows in view and their overscan: not
  // of a focused row the range keeps rendered far from them
  // (getVirtualItems, called just above, has brought range up to date).
  const first = Math.max((virtualizer.range?.startIndex ?? 0) - OVERSCAN, 0);
  const last = Math.min((virtualizer.range?.endIndex ?? 0) + OVERSCAN, Math.max(count - 1, 0));
  useEffect(() => {
    if (count > 0) onWant(first, last);
  }, [first, last, count, listing, onWant]);

  const focusRow = useCallback(
    (index: number, part: RowPart = 'main', select = false) => {
      if (count === 0) return;
      const at = Math.min(Math.max(index, 0), count - 1);
      setPendingFocus({ index: at, part, select });
      virtualizer.scrollToIndex(at);
    },
    [count, virtualizer],
  );
  useImperativeHandle(ref, () => ({ focusRow: (index, part) => focusRow(index, part) }), [focusRow]);

  // The row asked for may not be rendered, or its page loaded, yet (the
  // range keeps it once it is): select it if the keyboard chose it before
  // its page came, and focus it.
  useLayoutEffect(() => {
    if (pendingFocus === null) return;
    const entry = entryAt(listing, pendingFocus.index);
    const row = scrollerRef.current?.querySelector<HTMLElement>(`[data-index="${pendingFocus.index}"]`);
    const main = row?.querySelector<HTMLElement>(ROW_PART_SELECTOR.main);
    if (!entry || !row || !main) return;
    setPendingFocus(null);
    if (pendingFocus.select && entry.id !== selectedId) handlers.onSelect(entry);
    (row.querySelector<HTMLElement>(ROW_PART_SELECTOR[pendingFocus.part]) ?? main).focus();
  });

  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    // A menu's items are portalled (out of the rows, not out of React's tree): the row keeps its claim.
    const id = Number(event.target.closest<HTMLElement>('[data-entry-id]')?.dataset.entryId);
    if (!Number.isNaN(id)) setFocusedId(id);
  };
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    const next = event.relatedTarget;
    // Focus went elsewhere on the page (not into a row's menu, not out of the window).
    if (next instanceof Element && !scrollerRef.current?.contains(next) && next.closest('[role="menu"]') === null) setFocusedId(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Keys a control used itself (the menu button's arrows open its menu; the menus use theirs).
    if (event.defaultPrevented) return;
    const target = event.target as HTMLElement;
    const row = target.closest<HTMLElement>('[data-index]');
    const part = rowPartOf(target);
    if (!row || !part) return;
    const at = Number(row.dataset.index);
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
    // Never the scroller's own scrolling: it would take the focused row out of view.
    event.preventDefault();
    const index = Math.min(Math.max(next, 0), count - 1);
    const entry = entryAt(listing, index);
    if (entry) handlers.onSelect(entry);
    focusRow(index, part, !entry);
  };

  return (
    <div className="entry-list" ref={scrollerRef} onKeyDown={onKeyDown} onFocus={onFocus} onBlur={onBlur}>
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
