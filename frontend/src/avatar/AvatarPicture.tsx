import { useState } from 'react';
import type { Profile } from '../api/client';
import { AvatarPlaceholder } from './AvatarPlaceholder';
import { useI18n } from '../i18n';

export interface AvatarPictureProps {
  profile: Profile;
  /** A picture being uploaded, shown instead of the current one. */
  preview: string | null;
  /** While set, a progress indicator covers the picture; its text is the current stage. */
  progressText: string | null;
}

/**
 * The profile picture (or the preview of a new one), or the initials when
 * there is none or it cannot be shown.
 */
export function AvatarPicture({ profile, preview, progressText }: AvatarPictureProps) {
  const { t } = useI18n();
  // A picture that fails to load (e.g. a preview the webview cannot decode) gives way to the initials.
  const [brokenSrc, setBrokenSrc] = useState<string | null>(null);
  const src = preview ?? profile.avatar;

  return (
    <div className="avatar-picture">
      {src && src !== brokenSrc ? (
        <img
          className="avatar avatar--large avatar--image"
          src={src}
          alt={preview ? t('avatar.previewAlt') : t('avatar.alt')}
          onError={() => setBrokenSrc(src)}
        />
      ) : (
        <AvatarPlaceholder username={profile.username} firstName={profile.first_name} lastName={profile.last_name} />
      )}
      {progressText !== null && (
        <span
          className="avatar-picture__progress"
          role="progressbar"
          aria-label={t('avatar.progress')}
          aria-valuetext={progressText}
        />
      )}
    </div>
  );
}
