import { AvatarUploader } from '../avatar/AvatarUploader';
import { useI18n } from '../i18n';
import { useSignedIn } from '../session/SessionProvider';
import { PROFILE_FIELDS } from '../components/fields';
import { draftFromProfile } from './draft';

function formatDate(iso: string, language: string): string | null {
  const date = new Date(iso);
  if (iso === '' || Number.isNaN(date.getTime())) return null;
  return new Intl.DateTimeFormat(language, { dateStyle: 'long' }).format(date);
}

/** The profile as it is shown (not edited): the picture with its uploader, the name and every field. */
export function ProfileContent() {
  const { t, language } = useI18n();
  const { profile } = useSignedIn();
  const values = draftFromProfile(profile);
  const fullName = [profile.first_name, profile.last_name].filter(Boolean).join(' ');
  const joined = formatDate(profile.date_joined, language);

  return (
    <div className="profile">
      <AvatarUploader>
        <div className="profile__identity">
          <p className="profile__name">{fullName || profile.username}</p>
          <p className="profile__meta">
            @{profile.username}
            {joined && (
              <>
                {' · '}
                {t('profile.memberSince', { date: joined })}
              </>
            )}
          </p>
        </div>
      </AvatarUploader>
      <dl className="details" aria-label={t('profile.details')}>
        {PROFILE_FIELDS.map((field) => {
          const value = values[field.name];
          return (
            <div className="details__row" key={field.name}>
              <dt>{t(field.label)}</dt>
              <dd className={value ? undefined : 'details__empty'}>{value || t('common.notSet')}</dd>
            </div>
          );
        })}
      </dl>
    </div>
  );
}
