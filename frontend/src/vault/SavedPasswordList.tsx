import { memo, useCallback, useImperativeHandle, useLayoutEffect, useRef, useState, type FocusEvent, type KeyboardEvent, type Ref } from 'react';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import type { SavedPasswordSummary } from '../api/client';
import { useI18n } from '../i18n';
import { ROW_HEIGHT, ROW_PART_SELECTOR, rowPartOf, SavedPasswordRow, type RowPart, type SavedPasswordRowHandlers } from './SavedPasswordRow';

/** What the page asks of the list. */
export interface SavedPasswordListHandle {
  /**
   * Scrolls the row at index (clamped to the list) into view and focuses its
   * part — its own button when it has no such part (a damaged entry has no Copy).
   */
  focusRow: (index: number, part?: RowPart) => void;
}

export interface SavedPasswordListProps extends SavedPasswordRowHandlers {
  entries: readonly SavedPasswordSummary[];
  selectedId: number | null;
  /** Passwords currently shown, by entry id. */
  revealed: ReadonlyMap<number, string>;
  ref?: Ref<SavedPasswordListHandle>;
}

/** Rows rendered beyond the visible ones, so a short scroll shows rows at once. */
const OVERSCAN = 8;

/**
 * The entries as a virtual list: only the rows in view (and a few more) are
 * in the document, so 10,000 entries open and scroll like 100. Each row
 * keeps role=listitem with aria-posinset/aria-setsize, so assistive
 * technology still hears "3 of 10,000". One row's controls are in the Tab
 * order (the selected one, else the first in view); Up, Down, Home, End,
 * Page Up and Page Down, on any of a row's controls, select another row and
 * move focus to the same control there. The row holding focus stays rendered
 * while it is scrolled out of view, so focus never falls to the body.
 * Memoised, with memoised rows, so typing in the search field does not
 * render the rows again.
 */
export const SavedPasswordList = memo(function SavedPasswordList({
  entries,
  selectedId,
  revealed,
  ref,
  ...handlers
}: SavedPasswordListProps) {
  const { t } = useI18n();
  const scrollerRef = useRef<HTMLDivElement>(null);
  // The entry whose row has (or last had) focus, and the row to focus once it is rendered.
  const [focusedId, setFocusedId] = useState<number | null>(null);
  const [pendingFocus, setPendingFocus] = useState<{ index: number; part: RowPart } | null>(null);
  const focusedIndex = focusedId === null ? -1 : entries.findIndex((entry) => entry.id === focusedId);
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
    count: entries.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => entries[index]?.id ?? index,
    overscan: OVERSCAN,
    rangeExtractor,
  });
  const items = virtualizer.getVirtualItems();
  const selectedIndex = selectedId === null ? -1 : entries.findIndex((entry) => entry.id === selectedId);
  const wanted = Math.max(selectedIndex, 0);
  const tabbableIndex = items.some((item) => item.index === wanted) ? wanted : (items[0]?.index ?? -1);

  const count = entries.length;
  const focusRow = useCallback(
    (index: number, part: RowPart = 'main') => {
      if (count === 0) return;
      const at = Math.min(Math.max(index, 0), count - 1);
      setPendingFocus({ index: at, part });
      virtualizer.scrollToIndex(at);
    },
    [count, virtualizer],
  );
  useImperativeHandle(ref, () => ({ focusRow }), [focusRow]);

  // The row asked for is rendered now (the range keeps it): focus it.
  useLayoutEffect(() => {
    if (pendingFocus === null) return;
    const row = scrollerRef.current?.querySelector<HTMLElement>(`[data-index="${pendingFocus.index}"]`);
    if (!row) return;
    setPendingFocus(null);
    (row.querySelector<HTMLElement>(ROW_PART_SELECTOR[pendingFocus.part]) ?? row.querySelector<HTMLElement>(ROW_PART_SELECTOR.main))?.focus();
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
    focusRow(index, part);
    handlers.onSelect(entries[index]!);
  };

  return (
    <div className="entry-list" ref={scrollerRef} onKeyDown={onKeyDown} onFocus={onFocus} onBlur={onBlur}>
      <div role="list" aria-label={t('vault.title')} className="entry-list__rows" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const entry = entries[item.index]!;
          return (
            <SavedPasswordRow
              key={entry.id}
              entry={entry}
              revealed={revealed.get(entry.id)}
              selected={entry.id === selectedId}
              tabbable={item.index === tabbableIndex}
              index={item.index}
              count={entries.length}
              top={item.start}
              {...handlers}
            />
          );
        })}
      </div>
    </div>
  );
});
