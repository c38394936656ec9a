import { useId, useState } from 'react';
import { PageHeading } from '../components/PageHeading';
import { useI18n } from '../i18n';
import { ChangePasswordForm } from '../account/ChangePasswordForm';
import { DeleteAccountDialog } from '../account/DeleteAccountDialog';
import { ProfileContent } from './ProfileContent';
import { ProfileDetails } from './ProfileDetails';
import { SettingsPanel } from '../settings/SettingsPanel';
import { useSession } from '../session/SessionProvider';
import { SyncSettings } from '../sync/SyncSettings';
import './profile.css';

/**
 * The signed-in screen: the profile (edited in place), then settings and,
 * in a section of its own far from the profile's buttons, account deletion.
 */
export function ProfilePage({ focusHeading }: { focusHeading: boolean }) {
  const { t } = useI18n();
  const { sync, accountDeleted } = useSession();
  const linked = sync.state.status === 'ready' && sync.state.sync.state !== 'off';
  const [deleting, setDeleting] = useState(false);
  const deleteTitleId = useId();

  return (
    <div className="page">
      <PageHeading focusOnMount={focusHeading}>{t('profile.title')}</PageHeading>

      <div className="card">
        <ProfileContent />
        <ProfileDetails />
      </div>

      <SettingsPanel />

      <SyncSettings />

      <ChangePasswordForm />

      <section className="card card--danger" aria-labelledby={deleteTitleId}>
        <h2 id={deleteTitleId}>{t('delete.title')}</h2>
        <button type="button" className="button button--danger-outline" onClick={() => setDeleting(true)}>
          {t('delete.open')}
        </button>
      </section>

      {deleting && <DeleteAccountDialog linked={linked} onClose={() => setDeleting(false)} onDeleted={accountDeleted} />}
    </div>
  );
}
