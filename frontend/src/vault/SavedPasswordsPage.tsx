import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState } from 'react';
import {
  addSavedPassword,
  copySavedPassword,
  revealSavedPassword,
  toAppError,
  updateSavedPassword,
  type AppError,
  type SavedPasswordInput,
  type SavedPasswordSummary,
} from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { FocusReturnContext, returnFocusToOpener, type ReturnFocus } from '../components/Modal';
import { PageHeading } from '../components/PageHeading';
import { useI18n, type MessageKey } from '../i18n';
import { useSync } from '../session/SessionProvider';
import { DeleteSavedPasswordDialog } from './DeleteSavedPasswordDialog';
import { EMPTY_ENTRY, SavedPasswordForm } from './SavedPasswordForm';
import { SavedPasswordDetail } from './SavedPasswordDetail';
import { SavedPasswordList, type SavedPasswordListHandle } from './SavedPasswordList';
import { rowPartOf, type RowPart } from './SavedPasswordRow';
import { entryAt, indexOfEntry, useSavedPasswords, type SavedPasswordListing } from './useSavedPasswords';
import { useFillHeight, useTwoPanes } from './useVaultLayout';
import { VaultEmptyState } from './VaultEmptyState';
import './vault.css';

/** How long Go keeps a copied password on the clipboard (and the "Copied" note stays). */
export const CLIPBOARD_CLEAR_MS = 30_000;
/** How long the other notices (saved, deleted) stay. */
export const NOTICE_MS = 6_000;

type Dialog =
  | {
      kind: 'add' | 'edit';
      initial: SavedPasswordInput;
      save: (input: SavedPasswordInput) => Promise<SavedPasswordSummary>;
    }
  | { kind: 'delete'; entry: SavedPasswordSummary };

type NoticeKind = 'copied' | 'added' | 'updated' | 'deleted';
const NOTICES: Readonly<Record<NoticeKind, MessageKey>> = {
  copied: 'vault.copied',
  added: 'vault.added',
  updated: 'vault.updated',
  deleted: 'vault.deleted',
};

function without(map: ReadonlyMap<number, string>, id: number): ReadonlyMap<number, string> {
  if (!map.has(id)) return map;
  const next = new Map(map);
  next.delete(id);
  return next;
}

/**
 * The selected entry as its loaded page (at loadedAt) has it: a sync may
 * have changed it. With its page not loaded, as chosen, while the list
 * answers the search it was chosen in: a new search hides it unless a page
 * shows it.
 */
function shownSelection(
  listing: SavedPasswordListing,
  loadedAt: number,
  selection: { entry: SavedPasswordSummary; query: string },
): SavedPasswordSummary | null {
  if (loadedAt >= 0) return entryAt(listing, loadedAt) ?? null;
  return selection.query === listing.query ? selection.entry : null;
}

/**
 * Where focus goes once what it goes to is shown: the details' heading, or
 * a part of an entry's row (scrolled into view) — when that entry is gone,
 * the row now at its place (the next one, else the previous), and with no
 * rows left the search field or the empty state's Add button. A deleted
 * entry waits until the list is read again without it.
 */
type FocusIntent = { to: 'detail' } | { to: 'entry'; id: number; index: number; part: RowPart; deleted?: boolean };

/**
 * The saved passwords: search, a virtual list and the selected entry's
 * details — side by side from TWO_PANES_QUERY, else the details replace the
 * list (with a Back button) — copy, add, edit and delete.
 */
export function SavedPasswordsPage() {
  const { t } = useI18n();
  const { state, query, setQuery, refresh, want } = useSavedPasswords();
  const twoPanes = useTwoPanes();
  const [revealed, setRevealed] = useState<ReadonlyMap<number, string>>(() => new Map());
  const revealedRef = useRef(revealed);
  revealedRef.current = revealed;
  // The selected entry as chosen, and the search it was chosen in (see selected below).
  const [selection, setSelection] = useState<{ entry: SavedPasswordSummary; query: string } | null>(null);
  const selectedId = selection?.entry.id ?? null;
  /** One pane: whether the details of the selected entry replace the list. */
  const [detailOpen, setDetailOpen] = useState(false);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  // A new object per notice, so copying twice restarts the 30 s.
  const [notice, setNotice] = useState<{ kind: NoticeKind } | null>(null);
  const [actionError, setActionError] = useState<AppError | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const addFirstRef = useRef<HTMLButtonElement>(null);
  const detailHeadingRef = useRef<HTMLHeadingElement>(null);
  const panesRef = useRef<HTMLDivElement>(null);
  const panesHeight = useFillHeight(panesRef);
  const listRef = useRef<SavedPasswordListHandle>(null);
  const focusIntent = useRef<FocusIntent | null>(null);
  // Renders again, so that a focus intent set outside a state change is carried out.
  const [, requestFocus] = useReducer((n: number) => n + 1, 0);

  // A sync cycle that just ended may have brought the server's saved
  // passwords (saved-password sync): read the list again.
  const { state: syncStore } = useSync();
  const syncState = syncStore.status === 'ready' ? syncStore.sync.state : null;
  const previousSyncState = useRef(syncState);
  useEffect(() => {
    const cycleEnded = previousSyncState.current === 'syncing' && syncState !== 'syncing';
    previousSyncState.current = syncState;
    if (cycleEnded) refresh();
  }, [syncState, refresh]);

  useEffect(() => {
    if (notice === null) return undefined;
    const timer = setTimeout(() => setNotice(null), notice.kind === 'copied' ? CLIPBOARD_CLEAR_MS : NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const listing = state.status === 'ready' ? state.listing : null;
  const listingQuery = useRef('');
  listingQuery.current = listing?.query ?? '';
  const loadedAt = listing ? indexOfEntry(listing, selectedId) : -1;
  const selected = listing && selection && shownSelection(listing, loadedAt, selection);
  /** Nothing saved at all (not: nothing matches a search): no list, no search, a call to action. */
  const vaultEmpty = listing !== null && listing.total === 0 && listing.query.trim() === '' && query.trim() === '';
  const showDetail = selected !== null && (twoPanes || detailOpen);

  useLayoutEffect(() => {
    const intent = focusIntent.current;
    if (intent === null || dialog !== null) return;
    if (intent.to === 'detail') {
      if (detailHeadingRef.current) {
        focusIntent.current = null;
        detailHeadingRef.current.focus();
      }
      return;
    }
    if (state.status === 'failed') focusIntent.current = null;
    if (listing === null) return;
    const at = indexOfEntry(listing, intent.id);
    if (intent.deleted && at >= 0) return;
    focusIntent.current = null;
    if (listing.total > 0) listRef.current?.focusRow(at >= 0 ? at : intent.index, at >= 0 ? intent.part : 'main');
    else (vaultEmpty ? addFirstRef.current : searchRef.current)?.focus();
  });

  /** Focus to the row of an entry (it stays where it was when the entry is gone). */
  const focusEntry = useCallback(
    (id: number, part: RowPart = 'main', deleted = false) => {
      const index = listing ? indexOfEntry(listing, id) : -1;
      focusIntent.current = { to: 'entry', id, index: Math.max(index, 0), part, deleted };
      requestFocus();
    },
    [listing],
  );

  // A dialog opened from a row gives focus back to that row's control — the
  // row may have been re-rendered or scrolled away in the meantime.
  const returnFocus = useCallback<ReturnFocus>((opener) => {
    if (focusIntent.current !== null) {
      requestFocus();
      return;
    }
    const row = opener?.isConnected ? null : opener?.closest<HTMLElement>('[data-entry-id]');
    const part = opener && rowPartOf(opener);
    if (row && part) {
      focusIntent.current = { to: 'entry', id: Number(row.dataset.entryId), index: Number(row.dataset.index), part };
      requestFocus();
      return;
    }
    returnFocusToOpener(opener);
  }, []);

  const announce = useCallback((kind: NoticeKind) => {
    setActionError(null);
    setNotice({ kind });
  }, []);

  const fail = useCallback(
    (reason: unknown) => {
      const error = toAppError(reason);
      setNotice(null);
      setActionError(error);
      if (error.code === 'not_found') refresh();
    },
    [refresh],
  );

  const onSelect = useCallback((entry: SavedPasswordSummary) => setSelection({ entry, query: listingQuery.current }), []);

  const onOpen = useCallback((entry: SavedPasswordSummary) => {
    onSelect(entry);
    setDetailOpen(true);
    focusIntent.current = { to: 'detail' };
  }, [onSelect]);

  // A click selects; with one pane, where the list has no room beside it, it opens the details.
  const onChoose = twoPanes ? onSelect : onOpen;

  const onBack = () => {
    setDetailOpen(false);
    if (selectedId !== null) focusEntry(selectedId);
  };

  // Esc in the details: back to the list with one pane, to the row with two.
  const onCloseDetail = () => {
    if (!twoPanes) onBack();
    else if (selectedId !== null) focusEntry(selectedId);
  };

  const onToggleReveal = useCallback(
    (id: number) => {
      if (revealedRef.current.has(id)) {
        setRevealed((current) => without(current, id));
        return;
      }
      revealSavedPassword(id).then((password) => {
        setActionError(null);
        setRevealed((current) => new Map(current).set(id, password));
      }, fail);
    },
    [fail],
  );

  const onCopy = useCallback(
    (id: number) => {
      copySavedPassword(id).then(() => announce('copied'), fail);
    },
    [announce, fail],
  );

  // The edit form opens with the password in it, so it opens once the password is here.
  const onEdit = useCallback(
    (entry: SavedPasswordSummary) => {
      revealSavedPassword(entry.id).then((password) => {
        setActionError(null);
        setDialog({
          kind: 'edit',
          initial: { name_pages: entry.name_pages, url: entry.url, username: entry.username, password_saved: password },
          save: (input) => updateSavedPassword(entry.id, input),
        });
      }, fail);
    },
    [fail],
  );

  const onDelete = useCallback((entry: SavedPasswordSummary) => setDialog({ kind: 'delete', entry }), []);

  const onAdd = () => setDialog({ kind: 'add', initial: EMPTY_ENTRY, save: addSavedPassword });
  const close = () => setDialog(null);

  const afterChange = (entry: SavedPasswordSummary, kind: NoticeKind) => {
    setDialog(null);
    setRevealed((current) => without(current, entry.id));
    announce(kind);
    refresh();
  };

  const handlers = { onSelect, onChoose, onOpen, onToggleReveal, onCopy, onEdit, onDelete };

  return (
    <div className="page vault-page">
      <div className="vault-head">
        <PageHeading>{t('vault.title')}</PageHeading>
        {!vaultEmpty && (
          <input
            ref={searchRef}
            className="field__input vault-head__search"
            type="search"
            aria-label={t('vault.search')}
            placeholder={t('vault.searchPlaceholder')}
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        )}
        {/* An empty vault has one call to action: the empty state's. */}
        {!vaultEmpty && (
          <button type="button" className="button button--primary vault-head__add" onClick={onAdd}>
            {t('vault.add')}
          </button>
        )}
      </div>
      <p className="status-text vault-status" role="status">
        {notice && t(NOTICES[notice.kind])}
      </p>

      <FormAlert error={actionError} />

      {state.status === 'loading' && (
        <p className="muted" aria-busy="true">
          {t('vault.loading')}
        </p>
      )}
      {state.status === 'failed' && (
        <div className="form__actions">
          <FormAlert error={state.error} />
          <button type="button" className="button button--secondary" onClick={refresh}>
            {t('app.retry')}
          </button>
        </div>
      )}
      {vaultEmpty && <VaultEmptyState onAdd={onAdd} addRef={addFirstRef} />}
      {listing !== null && !vaultEmpty && (
        <div
          ref={panesRef}
          className={twoPanes ? 'vault-panes vault-panes--two' : 'vault-panes'}
          style={{ height: panesHeight }}
        >
          <div className="vault-panes__list" hidden={!twoPanes && showDetail}>
            {listing.total === 0 ? (
              <p className="empty-state">{t('vault.noMatch')}</p>
            ) : (
              <SavedPasswordList ref={listRef} listing={listing} onWant={want} selectedId={selectedId} revealed={revealed} {...handlers} />
            )}
          </div>
          {twoPanes && !selected && <p className="vault-panes__placeholder">{t('vault.choose')}</p>}
          {showDetail && (
            <SavedPasswordDetail
              entry={selected}
              revealed={revealed.get(selected.id)}
              onBack={twoPanes ? undefined : onBack}
              onClose={onCloseDetail}
              headingRef={detailHeadingRef}
              onToggleReveal={onToggleReveal}
              onCopy={onCopy}
              onEdit={onEdit}
              onDelete={onDelete}
            />
          )}
        </div>
      )}

      <FocusReturnContext value={returnFocus}>
      {dialog && dialog.kind !== 'delete' && (
        <SavedPasswordForm
          mode={dialog.kind}
          initial={dialog.initial}
          save={dialog.save}
          onSaved={(entry) => {
            if (dialog.kind === 'add' || entry.id === selectedId) onSelect(entry);
            afterChange(entry, dialog.kind === 'add' ? 'added' : 'updated');
          }}
          onClose={close}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteSavedPasswordDialog
          entry={dialog.entry}
          onClose={close}
          onDeleted={(entry) => {
            focusEntry(entry.id, 'main', true);
            if (entry.id === selectedId) {
              setSelection(null);
              setDetailOpen(false);
            }
            afterChange(entry, 'deleted');
          }}
        />
      )}
      </FocusReturnContext>
    </div>
  );
}
