import { useId, useRef, type FormEvent } from 'react';
import { removeAvatar, type AppError, type Profile } from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { Modal } from '../components/Modal';
import { SubmitButton } from '../components/SubmitButton';
import { useSubmit } from '../hooks/useSubmit';
import { useI18n } from '../i18n';

export interface RemoveAvatarDialogProps {
  onClose: () => void;
  /** Gets the backend's profile (without an avatar) once the picture is removed. */
  onRemoved: (profile: Profile) => void;
  /** Claims errors that end the session (returns true when it did). */
  onSessionError: (error: AppError) => boolean;
}

/** Asks before removing the profile picture; starts on Cancel, the safe choice. */
export function RemoveAvatarDialog({ onClose, onRemoved, onSessionError }: RemoveAvatarDialogProps) {
  const { t } = useI18n();
  const descriptionId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const submit = useSubmit(async () => onRemoved(await removeAvatar()), onSessionError);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run();
  };

  return (
    <Modal
      title={t('removeAvatar.title')}
      descriptionId={descriptionId}
      onClose={onClose}
      closeDisabled={submit.busy}
      initialFocus={cancelRef}
    >
      <p id={descriptionId} className="modal__text">
        {t('removeAvatar.text')}
      </p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormAlert error={submit.error} />
        <div className="form__actions form__actions--end">
          <button ref={cancelRef} type="button" className="button button--secondary" onClick={onClose} disabled={submit.busy}>
            {t('common.cancel')}
          </button>
          <SubmitButton busy={submit.busy} variant="danger">
            {t('removeAvatar.confirm')}
          </SubmitButton>
        </div>
      </form>
    </Modal>
  );
}
