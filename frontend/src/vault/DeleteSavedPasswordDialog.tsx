import { deleteSavedPassword, toAppError, type SavedPasswordSummary } from '../api/client';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useI18n } from '../i18n';
import { entryDisplayName } from './displayName';

export interface DeleteSavedPasswordDialogProps {
  entry: SavedPasswordSummary;
  onClose: () => void;
  onDeleted: (entry: SavedPasswordSummary) => void;
}

/** An entry that is already gone counts as deleted. */
async function deleteEntry(id: number): Promise<void> {
  try {
    await deleteSavedPassword(id);
  } catch (reason) {
    if (toAppError(reason).code !== 'not_found') throw reason;
  }
}

/** Asks before deleting one saved password. */
export function DeleteSavedPasswordDialog({ entry, onClose, onDeleted }: DeleteSavedPasswordDialogProps) {
  const { t } = useI18n();
  return (
    <ConfirmDialog
      title={t('deleteEntry.title')}
      text={t('deleteEntry.text', {
        name: entry.damaged ? t('vault.damagedName', { id: entry.id }) : entryDisplayName(entry),
      })}
      confirmLabel={t('deleteEntry.confirm')}
      action={() => deleteEntry(entry.id)}
      onDone={() => onDeleted(entry)}
      onClose={onClose}
      className="modal--danger"
    />
  );
}
