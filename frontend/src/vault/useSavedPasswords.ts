import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import { listSavedPasswords, toAppError, type AppError, type SavedPasswordPage, type SavedPasswordSummary } from '../api/client';

/** How long the search waits after the last keystroke before asking the backend. */
export const SEARCH_DEBOUNCE_MS = 200;

/**
 * Entries per backend call: a few screenfuls, so opening the page with
 * 10,000 entries fetches what opening it with 100 does.
 */
export const PAGE_SIZE = 100;

/** Rows beyond those in view whose pages are fetched ahead, so a scroll finds them loaded. */
const AHEAD = PAGE_SIZE / 2;

/**
 * The list as far as it is loaded: pages (PAGE_SIZE entries each, by page
 * number) of one search, all read at one store generation, so they fit
 * together; total is how many entries match in all.
 */
export interface SavedPasswordListing {
  /** The search these entries answer (not necessarily what the field holds right now). */
  query: string;
  total: number;
  generation: number;
  pages: ReadonlyMap<number, readonly SavedPasswordSummary[]>;
}

export type SavedPasswordsState =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; listing: SavedPasswordListing };

export interface SavedPasswords {
  state: SavedPasswordsState;
  /** What the search field holds. */
  query: string;
  setQuery: (query: string) => void;
  /** Loads the pages in view again at once for the current search (after an add, edit or delete, or a sync). */
  refresh: () => void;
  /** The rows first..last are in view: fetches their pages (and the next ones) not loaded yet. */
  want: (first: number, last: number) => void;
}

/** The entry at index of the whole list, when its page is loaded. */
export function entryAt(listing: SavedPasswordListing, index: number): SavedPasswordSummary | undefined {
  return listing.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
}

/** Where the entry with this id is in the whole list, when its page is loaded; -1 otherwise. */
export function indexOfEntry(listing: SavedPasswordListing, id: number | null): number {
  if (id === null) return -1;
  for (const [number, entries] of listing.pages) {
    const at = entries.findIndex((entry) => entry.id === id);
    if (at >= 0) return number * PAGE_SIZE + at;
  }
  return -1;
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

/** The page numbers holding rows first..last of a list of total entries, with AHEAD rows either side. */
function pagesFor(first: number, last: number, total: number): number[] {
  const from = Math.floor(Math.max(0, first - AHEAD) / PAGE_SIZE);
  const to = Math.floor(Math.max(0, Math.min(total - 1, last + AHEAD)) / PAGE_SIZE);
  const numbers: number[] = [];
  for (let number = from; number <= to; number++) numbers.push(number);
  return numbers;
}

/** Pages from answers of several generations: the newest one's, which the others' pages may not fit. */
function newestPages(numbers: readonly number[], answers: readonly SavedPasswordPage[], previous: SavedPasswordListing | null) {
  const generation = Math.max(...answers.map((answer) => answer.generation));
  const kept = [...(previous?.pages.values() ?? [])].flat();
  const pages = new Map<number, readonly SavedPasswordSummary[]>();
  let total = 0;
  answers.forEach((answer, i) => {
    if (answer.generation !== generation) return;
    total = answer.total;
    pages.set(numbers[i]!, reuseUnchanged(kept, answer.items));
  });
  return { generation, total, pages };
}

/**
 * The saved-password list, fetched a page at a time as its rows come into
 * view, and its search (applied by the backend): the first load is
 * immediate, a changed search waits SEARCH_DEBOUNCE_MS, and only the latest
 * load counts. Pages are kept while the store generation they were read at
 * holds; a page of a newer one (a write behind the page's back, a sync)
 * replaces them all, and the list fetches the rest in view again.
 */
export function useSavedPasswords(): SavedPasswords {
  const [state, setState] = useState<SavedPasswordsState>({ status: 'loading' });
  const [query, setQuery] = useState('');
  const queryRef = useRef(query);
  queryRef.current = query;
  // The listing as of the last answer: page answers arrive between renders.
  const listingRef = useRef<SavedPasswordListing | null>(null);
  // Bumped by each load and each newer generation: answers to older requests are dropped.
  const epoch = useRef(0);
  const loading = useRef(false);
  const inFlight = useRef(new Set<number>());
  const inView = useRef({ first: 0, last: 0 });
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const show = useCallback((listing: SavedPasswordListing) => {
    listingRef.current = listing;
    setState({ status: 'ready', listing });
  }, []);

  /** A page for the rows in view: rendered as a transition, in slices, so pages arriving during a fling do not block it. */
  const showPage = useCallback((listing: SavedPasswordListing) => {
    listingRef.current = listing;
    startTransition(() => setState({ status: 'ready', listing }));
  }, []);

  const fail = useCallback((reason: unknown) => {
    // Answers still on their way have no listing to join.
    epoch.current++;
    listingRef.current = null;
    loading.current = false;
    setState({ status: 'failed', error: toAppError(reason) });
  }, []);

  /** A new search, or the same again: the given pages replace every page kept, at once. */
  const load = useCallback(
    async (search: string, numbers: readonly number[]) => {
      const request = ++epoch.current;
      loading.current = true;
      inFlight.current = new Set();
      try {
        const answers = await Promise.all(numbers.map((number) => listSavedPasswords(search, number * PAGE_SIZE, PAGE_SIZE)));
        if (!alive.current || request !== epoch.current) return;
        loading.current = false;
        show({ query: search, ...newestPages(numbers, answers, listingRef.current) });
      } catch (reason) {
        if (alive.current && request === epoch.current) fail(reason);
      }
    },
    [show, fail],
  );

  const fetchPage = useCallback(
    (listing: SavedPasswordListing, number: number) => {
      const request = epoch.current;
      inFlight.current.add(number);
      listSavedPasswords(listing.query, number * PAGE_SIZE, PAGE_SIZE).then(
        (answer) => {
          if (!alive.current || request !== epoch.current) return;
          inFlight.current.delete(number);
          const current = listingRef.current!;
          if (answer.generation === current.generation) {
            showPage({ ...current, pages: new Map(current.pages).set(number, answer.items) });
            return;
          }
          // The list changed since the kept pages were read: they may no longer fit.
          epoch.current++;
          inFlight.current = new Set();
          showPage({ query: current.query, ...newestPages([number], [answer], current) });
        },
        (reason: unknown) => {
          if (alive.current && request === epoch.current) fail(reason);
        },
      );
    },
    [showPage, fail],
  );

  const want = useCallback(
    (first: number, last: number) => {
      inView.current = { first, last };
      const listing = listingRef.current;
      // A load under way replaces every page: the list asks again once it is shown.
      if (listing === null || loading.current) return;
      for (const number of pagesFor(first, last, listing.total)) {
        if (!listing.pages.has(number) && !inFlight.current.has(number)) fetchPage(listing, number);
      }
    },
    [fetchPage],
  );

  const loadedOnce = useRef(false);
  useEffect(() => {
    if (!loadedOnce.current) {
      loadedOnce.current = true;
      void load(query, [0]);
      return undefined;
    }
    const timer = setTimeout(() => void load(query, [0]), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, load]);

  const refresh = useCallback(() => {
    const listing = listingRef.current;
    const { first, last } = inView.current;
    // The same search: the pages in view again, so the rows stay put; a failed list starts from the top.
    void load(queryRef.current, listing === null ? [0] : pagesFor(first, last, Math.max(listing.total, 1)));
  }, [load]);

  return { state, query, setQuery, refresh, want };
}
