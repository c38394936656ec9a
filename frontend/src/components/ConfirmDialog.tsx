import { useId, useRef, type FormEvent, type ReactNode, type RefObject } from 'react';
import { useSubmit } from './useSubmit';
import { useI18n } from '../i18n';
import { FormAlert } from './FormAlert';
import { Modal } from './Modal';
import { SubmitButton } from './SubmitButton';

export interface DialogActionsProps {
  confirmLabel: string;
  busy: boolean;
  onCancel: () => void;
  confirmDisabled?: boolean;
  cancelRef?: RefObject<HTMLButtonElement | null>;
}

/** Cancel, then the (dangerous) confirming submit button, at the end of a dialog's form. */
export function DialogActions({ confirmLabel, busy, onCancel, confirmDisabled, cancelRef }: DialogActionsProps) {
  const { t } = useI18n();
  return (
    <div className="form__actions form__actions--end">
      <button ref={cancelRef} type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
        {t('common.cancel')}
      </button>
      <SubmitButton busy={busy} variant="danger" disabled={confirmDisabled}>
        {confirmLabel}
      </SubmitButton>
    </div>
  );
}

export interface ConfirmDialogProps {
  title: string;
  text: ReactNode;
  confirmLabel: string;
  /** The action the user confirms; its failure is shown in the dialog. */
  action: () => Promise<void>;
  /** Runs after the action succeeded. */
  onDone?: () => void;
  onClose: () => void;
  className?: string;
}

/** Asks before an irreversible action; starts on Cancel, the safe choice. */
export function ConfirmDialog({ title, text, confirmLabel, action, onDone, onClose, className }: ConfirmDialogProps) {
  const descriptionId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const submit = useSubmit(action);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if ((await submit.run()) && onDone) onDone();
  };

  return (
    <Modal
      title={title}
      descriptionId={descriptionId}
      onClose={onClose}
      closeDisabled={submit.busy}
      initialFocus={cancelRef}
      className={className}
    >
      <p id={descriptionId} className="modal__text">
        {text}
      </p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormAlert error={submit.error} />
        <DialogActions confirmLabel={confirmLabel} busy={submit.busy} onCancel={onClose} cancelRef={cancelRef} />
      </form>
    </Modal>
  );
}
