import { memo, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { SavedPasswordSummary } from '../api/client';
import { useI18n } from '../i18n';
import { ROW_HEIGHT, SavedPasswordRow, type SavedPasswordRowHandlers } from './SavedPasswordRow';

export interface SavedPasswordListProps extends SavedPasswordRowHandlers {
  entries: readonly SavedPasswordSummary[];
  selectedId: number | null;
  /** Passwords currently shown, by entry id. */
  revealed: ReadonlyMap<number, string>;
}

/** Rows rendered beyond the visible ones, so a short scroll shows rows at once. */
const OVERSCAN = 8;

/**
 * The entries as a virtual list: only the rows in view (and a few more) are
 * in the document, so 10,000 entries open and scroll like 100. Each row
 * keeps role=listitem with aria-posinset/aria-setsize, so assistive
 * technology still hears "3 of 10,000". One row's controls are in the Tab
 * order (the selected one, else the first in view); Up, Down, Home, End,
 * Page Up and Page Down select another row and move focus to it.
 * Memoised, with memoised rows, so typing in the search field does not
 * render the rows again.
 */
export const SavedPasswordList = memo(function SavedPasswordList({
  entries,
  selectedId,
  revealed,
  ...handlers
}: SavedPasswordListProps) {
  const { t } = useI18n();
  const scrollerRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => entries[index]?.id ?? index,
    overscan: OVERSCAN,
  });
  const items = virtualizer.getVirtualItems();
  const selectedIndex = selectedId === null ? -1 : entries.findIndex((entry) => entry.id === selectedId);
  const wanted = Math.max(selectedIndex, 0);
  const tabbableIndex = items.some((item) => item.index === wanted) ? wanted : (items[0]?.index ?? -1);

  // A row chosen with the keyboard may not be rendered yet: focus it once it is.
  const pendingFocus = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (pendingFocus.current === null) return;
    const row = scrollerRef.current?.querySelector<HTMLElement>(`[data-index="${pendingFocus.current}"] [data-row-main]`);
    if (row) {
      pendingFocus.current = null;
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
      End: entries.length - 1,
    };
    const next = steps[event.key];
    if (next === undefined || Number.isNaN(at)) return;
    event.preventDefault();
    const index = Math.min(Math.max(next, 0), entries.length - 1);
    pendingFocus.current = index;
    virtualizer.scrollToIndex(index);
    handlers.onSelect(entries[index]!);
  };

  return (
    <div className="entry-list" ref={scrollerRef} onKeyDown={onKeyDown}>
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
