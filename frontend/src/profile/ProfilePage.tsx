import { useEffect, useId, useRef, useState } from 'react';
import type { AppError, FieldErrors } from '../api/client';
import { PageHeading } from '../components/PageHeading';
import { useProfile } from './useProfile';
import { useI18n } from '../i18n';
import { diffProfile, draftFromProfile, isEmptyPatch, type ProfileDraft } from './draft';
import { ProfileContent } from './ProfileContent';
import { ProfileEditForm } from './ProfileEditForm';
import { useSession } from '../session/SessionProvider';

type Mode =
  | { kind: 'view' }
  | { kind: 'edit'; initial: ProfileDraft; fieldErrors: FieldErrors; error: AppError | null; key: number };

type Status = 'saved' | 'restored' | null;

/**
 * The Profile screen: the profile and its editor. An unsaved edit kept across an auto-lock opens the editor again;
 * unsaved input (open form or pending save) is reported to the session home.
 */
export function ProfilePage({ focusHeading }: { focusHeading: boolean }) {
  const { t } = useI18n();
  const { draft: kept } = useSession();
  const { restored: restoredDraft, report: onDraftChange } = kept;
  const { profile, saving, save } = useProfile();
  const [mode, setMode] = useState<Mode>(() =>
    restoredDraft ? { kind: 'edit', initial: restoredDraft, fieldErrors: {}, error: null, key: 0 } : { kind: 'view' },
  );
  const [status, setStatus] = useState<Status>(restoredDraft ? 'restored' : null);
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const editKey = useRef(0);
  const alive = useRef(true);
  const sectionTitleId = useId();

  useEffect(() => {
    alive.current = true;
    if (restoredDraft) onDraftChange(restoredDraft);
    return () => {
      alive.current = false;
    };
    // Mount only: the restored draft is where this page starts.
  }, []);

  // After the editor closes, give focus back to the button that opens it.
  const refocusEditButton = useRef(false);
  useEffect(() => {
    if (mode.kind === 'view' && refocusEditButton.current) {
      refocusEditButton.current = false;
      editButtonRef.current?.focus();
    }
  }, [mode]);

  const openEditor = (initial: ProfileDraft, fieldErrors: FieldErrors = {}, error: AppError | null = null) => {
    editKey.current += 1;
    setMode({ kind: 'edit', initial, fieldErrors, error, key: editKey.current });
  };

  const closeEditor = () => {
    refocusEditButton.current = true;
    setMode({ kind: 'view' });
  };

  const onEditorChange = (draft: ProfileDraft) => {
    onDraftChange(isEmptyPatch(diffProfile(profile, draft)) ? null : draft);
  };

  const onCancel = () => {
    onDraftChange(null);
    setStatus(null);
    closeEditor();
  };

  const onSave = (draft: ProfileDraft) => {
    const patch = diffProfile(profile, draft);
    closeEditor();
    setStatus(null);
    if (isEmptyPatch(patch)) {
      onDraftChange(null);
      return;
    }
    // Until the backend confirms, the input is unsaved: it must survive a lock.
    onDraftChange(draft);
    save(patch).then(
      () => {
        if (!alive.current) return;
        onDraftChange(null);
        setStatus('saved');
      },
      (error: AppError) => {
        if (alive.current) openEditor(draft, error.fields, error);
      },
    );
  };

  const editing = mode.kind === 'edit';

  return (
    <div className="page">
      <PageHeading focusOnMount={focusHeading}>{t('profile.title')}</PageHeading>

      <section className="card" aria-labelledby={sectionTitleId}>
        <h2 id={sectionTitleId} className="visually-hidden">
          {t('profile.details')}
        </h2>
        <ProfileContent />
        <div className="card__actions">
          {!editing && (
            <button
              ref={editButtonRef}
              type="button"
              className="button button--primary"
              aria-disabled={saving || undefined}
              aria-busy={saving || undefined}
              onClick={() => {
                if (saving) return;
                setStatus(null);
                openEditor(draftFromProfile(profile));
              }}
            >
              {t('profile.edit')}
            </button>
          )}
          <p className="status-text" role="status">
            {saving && t('profile.saving')}
            {!saving && status === 'saved' && t('profile.saved')}
            {!saving && status === 'restored' && t('profile.restored')}
          </p>
        </div>
      </section>

      {mode.kind === 'edit' && (
        <ProfileEditForm
          key={mode.key}
          initial={mode.initial}
          fieldErrors={mode.fieldErrors}
          error={mode.error}
          onChange={onEditorChange}
          onSave={onSave}
          onCancel={onCancel}
        />
      )}

    </div>
  );
}
