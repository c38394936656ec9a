import { PageHeading } from '../components/PageHeading';
import { useI18n } from '../i18n';
import { ProfileContent } from './ProfileContent';
import { ProfileDetails } from './ProfileDetails';
import './profile.css';

/** The Profile screen: the picture and the profile, edited in place. */
export function ProfilePage({ focusHeading }: { focusHeading: boolean }) {
  const { t } = useI18n();
  return (
    <div className="page">
      <PageHeading focusOnMount={focusHeading}>{t('profile.title')}</PageHeading>
      <div className="card">
        <ProfileContent />
        <ProfileDetails />
      </div>
    </div>
  );
}
