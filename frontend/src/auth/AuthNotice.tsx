import type { AuthNotice as Notice } from '../session/sessionState';
import { useT } from '../i18n';

export interface AuthNoticeProps {
  notice: Notice | null;
  /** An unsaved profile edit is kept for when the same user signs in again. */
  draftKept: boolean;
}

/** Why the user is looking at the sign-in screen (auto-lock, deletion, sign-out). */
export function AuthNotice({ notice, draftKept }: AuthNoticeProps) {
  const t = useT();
  if (!notice && !draftKept) return null;
  const tone = notice === 'locked' ? 'alert--warning' : 'alert--info';
  return (
    <div className={`alert ${tone}`} role="status">
      {notice === 'locked' && <p>{t('notice.locked')}</p>}
      {notice === 'deleted' && <p>{t('notice.deleted')}</p>}
      {notice === 'signedOut' && <p>{t('notice.signedOut')}</p>}
      {draftKept && <p>{t('notice.draftKept')}</p>}
    </div>
  );
}
