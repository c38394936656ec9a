import { useCallback, useEffect, useRef, useState } from 'react';
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
import { PageHeading } from '../components/PageHeading';
import { TextField } from '../components/TextField';
import { useI18n, type MessageKey } from '../i18n';
import { useSync } from '../session/SessionProvider';
import { DeleteSavedPasswordDialog } from './DeleteSavedPasswordDialog';
import { EMPTY_ENTRY, SavedPasswordForm } from './SavedPasswordForm';
import { SavedPasswordList } from './SavedPasswordList';
import { useSavedPasswords } from './useSavedPasswords';

/** How long Go keeps a copied password on the clipboard (and the "Copied" note stays). */
export const CLIPBOARD_CLEAR_MS = 30_000;

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

/** The saved passwords: search, list, show, copy, add, edit and delete. */
export function SavedPasswordsPage() {
  const { t } = useI18n();
  const { state, query, setQuery, refresh } = useSavedPasswords();
  const [revealed, setRevealed] = useState<ReadonlyMap<number, string>>(() => new Map());
  const revealedRef = useRef(revealed);
  revealedRef.current = revealed;
  const [dialog, setDialog] = useState<Dialog | null>(null);
  // A new object per notice, so copying twice restarts the 30 s.
  const [notice, setNotice] = useState<{ kind: NoticeKind } | null>(null);
  const [actionError, setActionError] = useState<AppError | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const focusSearch = useRef(false);

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
    if (notice?.kind !== 'copied') return undefined;
    const timer = setTimeout(() => setNotice(null), CLIPBOARD_CLEAR_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  // After a deletion the row and its button are gone: continue from the search field.
  useEffect(() => {
    if (dialog === null && focusSearch.current) {
      focusSearch.current = false;
      searchRef.current?.focus();
    }
  }, [dialog]);

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
          initial: { name_pages: entry.name_pages, url: entry.url, password_saved: password },
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

  return (
    <div className="page">
      <div className="page__head">
        <PageHeading>{t('vault.title')}</PageHeading>
        <button type="button" className="button button--primary" onClick={onAdd}>
          {t('vault.add')}
        </button>
      </div>

      <div className="vault-toolbar">
        <TextField
          ref={searchRef}
          className="vault-toolbar__search"
          label={t('vault.search')}
          name="search"
          type="search"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <p className="status-text" role="status">
          {notice && t(NOTICES[notice.kind])}
        </p>
      </div>

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
      {state.status === 'ready' && (
        <SavedPasswordList
          entries={state.entries}
          searched={state.query}
          revealed={revealed}
          onToggleReveal={onToggleReveal}
          onCopy={onCopy}
          onEdit={onEdit}
          onDelete={onDelete}
        />
      )}

      {dialog && dialog.kind !== 'delete' && (
        <SavedPasswordForm
          mode={dialog.kind}
          initial={dialog.initial}
          save={dialog.save}
          onSaved={(entry) => afterChange(entry, dialog.kind === 'add' ? 'added' : 'updated')}
          onClose={close}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteSavedPasswordDialog
          entry={dialog.entry}
          onClose={close}
          onDeleted={(entry) => {
            focusSearch.current = true;
            afterChange(entry, 'deleted');
          }}
        />
      )}
    </div>
  );
}
