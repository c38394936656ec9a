import { useId, useRef, useState, type FormEvent } from 'react';
import { deleteAccount } from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { Modal } from '../components/Modal';
import { DialogActions } from '../components/ConfirmDialog';
import { TextField } from '../components/TextField';
import { useSubmit } from '../components/useSubmit';
import { useI18n } from '../i18n';

export interface DeleteAccountDialogProps {
  /** Linked to a server account: offer to delete that one too. */
  linked?: boolean;
  onClose: () => void;
  onDeleted: () => void;
}

/** Asks for the password again before deleting the account for good. */
export function DeleteAccountDialog({ linked = false, onClose, onDeleted }: DeleteAccountDialogProps) {
  const { t, fieldMessage } = useI18n();
  const descriptionId = useId();
  const passwordRef = useRef<HTMLInputElement>(null);
  const [password, setPassword] = useState('');
  const [deleteRemote, setDeleteRemote] = useState(false);
  const remoteHintId = useId();
  const submit = useSubmit(deleteAccount);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (password === '') return;
    if (await submit.run(password, linked && deleteRemote)) onDeleted();
  };

  // A field error is shown under the field; only other failures need the alert.
  const { formError } = submit;

  return (
    <Modal
      title={t('delete.title')}
      descriptionId={descriptionId}
      onClose={onClose}
      closeDisabled={submit.busy}
      initialFocus={passwordRef}
      className="modal--danger"
    >
      <p id={descriptionId} className="modal__text">
        {t('delete.warning')}
      </p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormAlert error={formError} />
        <TextField
          ref={passwordRef}
          label={t('field.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          hint={t('delete.passwordHint')}
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
            submit.clearFieldError('password');
          }}
          error={fieldMessage(submit.fieldErrors.password)}
        />
        {linked && (
          <div className="field field--checkbox">
            <label className="choice">
              <input
                type="checkbox"
                name="delete_remote"
                checked={deleteRemote}
                aria-describedby={remoteHintId}
                onChange={(e) => setDeleteRemote(e.target.checked)}
              />
              {t('sync.deleteRemote')}
            </label>
            <p className="field__hint" id={remoteHintId}>
              {t('sync.deleteRemoteHint')}
            </p>
          </div>
        )}
        {submit.busy && (
          <p role="status" className="field__hint">
            {t('delete.erasing')}
          </p>
        )}
        <DialogActions confirmLabel={t('delete.confirm')} busy={submit.busy} onCancel={onClose} confirmDisabled={password === ''} />
      </form>
    </Modal>
  );
}
