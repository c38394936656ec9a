import { useId, useRef } from 'react';
import { Modal } from '../components/Modal';
import { useT } from '../i18n';

export interface DiscardChangesDialogProps {
  onDiscard: () => void;
  onKeepEditing: () => void;
}

/** "Discard changes?" before leaving unsaved input; starts on "Keep editing", the safe choice. */
export function DiscardChangesDialog({ onDiscard, onKeepEditing }: DiscardChangesDialogProps) {
  const t = useT();
  const descriptionId = useId();
  const keepRef = useRef<HTMLButtonElement>(null);
  return (
    <Modal title={t('discard.title')} descriptionId={descriptionId} onClose={onKeepEditing} initialFocus={keepRef}>
      <p id={descriptionId} className="modal__text">
        {t('discard.text')}
      </p>
      <div className="form__actions form__actions--end">
        <button ref={keepRef} type="button" className="button button--secondary" onClick={onKeepEditing}>
          {t('discard.keepEditing')}
        </button>
        <button type="button" className="button button--danger" onClick={onDiscard}>
          {t('discard.confirm')}
        </button>
      </div>
    </Modal>
  );
}
