import { useCallback, useEffect, useRef, useState } from 'react';
import { listSavedPasswords, toAppError, type AppError, type SavedPasswordSummary } from '../api/client';

/** How long the search waits after the last keystroke before asking the backend. */
export const SEARCH_DEBOUNCE_MS = 200;

export type SavedPasswordsState =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  /** query: the search these entries answer (not necessarily what the field holds right now). */
  | { status: 'ready'; entries: readonly SavedPasswordSummary[]; query: string };

export interface SavedPasswords {
  state: SavedPasswordsState;
  /** What the search field holds. */
  query: string;
  setQuery: (query: string) => void;
  /** Loads the list again at once for the current search (after an add, edit or delete). */
  refresh: () => void;
}

function sameSummary(a: SavedPasswordSummary, b: SavedPasswordSummary): boolean {
  return (
    a.id === b.id &&
    a.name_pages === b.name_pages &&
    a.url === b.url &&
    a.username === b.username &&
    a.updated_at === b.updated_at &&
    a.damaged === b.damaged
  );
}

/**
 * Keeps the objects of entries that did not change, so memoised rows skip
 * re-rendering when a new search or a refresh returns them again.
 */
export function reuseUnchanged(
  previous: readonly SavedPasswordSummary[],
  next: readonly SavedPasswordSummary[],
): readonly SavedPasswordSummary[] {
  if (previous.length === 0) return next;
  const byId = new Map(previous.map((entry) => [entry.id, entry]));
  return next.map((entry) => {
    const old = byId.get(entry.id);
    return old && sameSummary(old, entry) ? old : entry;
  });
}

/**
 * The saved-password list and its search: the first load is immediate, a
 * changed search waits SEARCH_DEBOUNCE_MS, and only the latest answer counts.
 */
export function useSavedPasswords(): SavedPasswords {
  const [state, setState] = useState<SavedPasswordsState>({ status: 'loading' });
  const [query, setQuery] = useState('');
  const queryRef = useRef(query);
  queryRef.current = query;
  const latest = useRef(0);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const load = useCallback(async (search: string) => {
    const request = ++latest.current;
    try {
      const entries = await listSavedPasswords(search);
      if (!alive.current || request !== latest.current) return;
      setState((current) => ({
        status: 'ready',
        entries: reuseUnchanged(current.status === 'ready' ? current.entries : [], entries),
        query: search,
      }));
    } catch (reason) {
      if (!alive.current || request !== latest.current) return;
      setState({ status: 'failed', error: toAppError(reason) });
    }
  }, []);

  const loadedOnce = useRef(false);
  useEffect(() => {
    if (!loadedOnce.current) {
      loadedOnce.current = true;
      void load(query);
      return undefined;
    }
    const timer = setTimeout(() => void load(query), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, load]);

  const refresh = useCallback(() => void load(queryRef.current), [load]);

  return { state, query, setQuery, refresh };
}
