import { useRef, useState } from 'react';
import { AuthScreen } from './auth/AuthScreen';
import { PageHeading } from './components/PageHeading';
import { useIdleActivity } from './hooks/useIdleActivity';
import { useKeptDraft } from './hooks/useKeptDraft';
import { useSession, type SessionState } from './hooks/useSession';
import { useI18n } from './i18n';
import type { ProfileDraft } from './profile/draft';
import { ProfilePage } from './profile/ProfilePage';

/**
 * The app shell: decides between start-up, the auth screens and the profile,
 * and keeps an unsaved profile edit alive across an auto-lock.
 */
export function App() {
  const { t, errorMessage } = useI18n();
  const drafts = useKeptDraft();
  const [restoredDraft, setRestoredDraft] = useState<ProfileDraft | null>(null);
  const session = useSession({
    onLocked: (profile) => drafts.keepFor(profile.id),
    onSignedIn: (profile) => setRestoredDraft(drafts.claim(profile.id)),
    onLeft: () => drafts.discard(),
  });
  const { state } = session;
  useIdleActivity(state.status === 'signedIn');

  // The first screen after start-up keeps the browser's default focus; after
  // any screen change, each new screen moves focus to its heading.
  const firstScreen = useRef<SessionState['status'] | null>(null);
  const hasNavigated = useRef(false);
  if (state.status !== 'loading') {
    firstScreen.current ??= state.status;
    if (state.status !== firstScreen.current) hasNavigated.current = true;
  }
  const focusHeading = hasNavigated.current;

  return (
    <div className="app">
      <header className="app-header">
        <div className="app-header__brand">
          <span className="app-header__logo" aria-hidden="true" />
          <span className="app-header__name">{t('app.name')}</span>
        </div>
        {state.status === 'signedIn' && (
          <div className="app-header__session">
            <span className="app-header__user">{t('header.signedInAs', { name: state.profile.username })}</span>
            <button type="button" className="button button--secondary" onClick={() => void session.signOut()}>
              {t('session.signOut')}
            </button>
          </div>
        )}
      </header>

      <main className="app-main">
        {state.status === 'loading' && (
          <p className="loading" role="status" aria-busy="true">
            {t('app.loading')}
          </p>
        )}

        {state.status === 'failed' && (
          <section className="card card--auth">
            <PageHeading>{t('app.startFailed')}</PageHeading>
            <p className="alert alert--error" role="alert">
              {errorMessage(state.error)}
            </p>
            <button type="button" className="button button--primary" onClick={session.retry}>
              {t('app.retry')}
            </button>
          </section>
        )}

        {state.status === 'signedOut' && (
          <AuthScreen
            notice={state.notice}
            draftKept={drafts.hasKeptDraft}
            onSignIn={session.signIn}
            onSignUp={session.signUp}
            focusHeading={focusHeading}
          />
        )}

        {state.status === 'signedIn' && (
          <ProfilePage
            profile={state.profile}
            setProfile={session.setProfile}
            restoredDraft={restoredDraft}
            onDraftChange={drafts.report}
            onDeleted={session.accountDeleted}
            onSessionError={session.handleSessionError}
            focusHeading={focusHeading}
          />
        )}
      </main>
    </div>
  );
}
