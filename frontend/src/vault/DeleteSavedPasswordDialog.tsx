import { useId, useRef, type FormEvent } from 'react';
import { deleteSavedPassword, toAppError, type AppError, type SavedPasswordSummary } from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { Modal } from '../components/Modal';
import { SubmitButton } from '../components/SubmitButton';
import { useSubmit } from '../hooks/useSubmit';
import { useI18n } from '../i18n';
import { entryDisplayName } from './displayName';

export interface DeleteSavedPasswordDialogProps {
  entry: SavedPasswordSummary;
  onClose: () => void;
  onDeleted: (entry: SavedPasswordSummary) => void;
  /** Claims errors that end the session (returns true when it did). */
  onSessionError: (error: AppError) => boolean;
}

/** An entry that is already gone counts as deleted. */
async function deleteEntry(id: number): Promise<void> {
  try {
    await deleteSavedPassword(id);
  } catch (reason) {
    if (toAppError(reason).code !== 'not_found') throw reason;
  }
}

/** Asks before deleting one saved password; starts on Cancel, the safe choice. */
export function DeleteSavedPasswordDialog({ entry, onClose, onDeleted, onSessionError }: DeleteSavedPasswordDialogProps) {
  const { t } = useI18n();
  const descriptionId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const submit = useSubmit(deleteEntry, onSessionError);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (await submit.run(entry.id)) onDeleted(entry);
  };

  return (
    <Modal
      title={t('deleteEntry.title')}
      descriptionId={descriptionId}
      onClose={onClose}
      closeDisabled={submit.busy}
      initialFocus={cancelRef}
      className="modal--danger"
    >
      <p id={descriptionId} className="modal__text">
        {t('deleteEntry.text', { name: entryDisplayName(entry) })}
      </p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormAlert error={submit.error} />
        <div className="form__actions form__actions--end">
          <button ref={cancelRef} type="button" className="button button--secondary" onClick={onClose} disabled={submit.busy}>
            {t('common.cancel')}
          </button>
          <SubmitButton busy={submit.busy} variant="danger">
            {t('deleteEntry.confirm')}
          </SubmitButton>
        </div>
      </form>
    </Modal>
  );
}
