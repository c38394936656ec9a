import { removeAvatar, type Profile } from '../api/client';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useI18n } from '../i18n';

export interface RemoveAvatarDialogProps {
  onClose: () => void;
  /** Gets the backend's profile (without an avatar) once the picture is removed. */
  onRemoved: (profile: Profile) => void;
}

/** Asks before removing the profile picture. */
export function RemoveAvatarDialog({ onClose, onRemoved }: RemoveAvatarDialogProps) {
  const { t } = useI18n();
  return (
    <ConfirmDialog
      title={t('removeAvatar.title')}
      text={t('removeAvatar.text')}
      confirmLabel={t('removeAvatar.confirm')}
      action={async () => onRemoved(await removeAvatar())}
      onClose={onClose}
    />
  );
}
