import { AvatarUploader } from '../avatar/AvatarUploader';
import { useI18n } from '../i18n';
import { useSignedIn } from '../session/SessionProvider';

function formatDate(iso: string, language: string): string | null {
  const date = new Date(iso);
  if (iso === '' || Number.isNaN(date.getTime())) return null;
  return new Intl.DateTimeFormat(language, { dateStyle: 'long' }).format(date);
}

/** Who the profile is: the picture with its uploader, the name, the username and since when. */
export function ProfileContent() {
  const { t, language } = useI18n();
  const { profile } = useSignedIn();
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
    </div>
  );
}
