import { useEffect, useRef, useState } from 'react';
import { AuthScreen } from './auth/AuthScreen';
import { PageHeading } from './components/PageHeading';
import type { SessionState } from './session/sessionState';
import { SessionProvider, useSession } from './session/SessionProvider';
import { useI18n, type MessageKey } from './i18n';
import { ProfilePage } from './profile/ProfilePage';
import { AppearanceSettings } from './appearance/AppearanceSettings';
import { ShortcutsDialog } from './shortcuts/ShortcutsDialog';
import { useShortcuts } from './shortcuts/useShortcuts';
import { SyncHeaderStatus } from './sync/SyncHeaderStatus';
import { SavedPasswordsPage } from './vault/SavedPasswordsPage';

type Section = 'profile' | 'vault';

const SECTIONS: readonly { id: Section; label: MessageKey }[] = [
  { id: 'profile', label: 'nav.profile' },
  { id: 'vault', label: 'nav.vault' },
];

/** The signed-in sections; the current one is marked aria-current="page". */
function SectionNav({ current, onSelect }: { current: Section; onSelect: (section: Section) => void }) {
  const { t } = useI18n();
  return (
    <nav className="section-nav" aria-label={t('nav.label')}>
      {SECTIONS.map(({ id, label }) => (
        <button
          key={id}
          type="button"
          className="section-nav__item"
          aria-current={id === current ? 'page' : undefined}
          onClick={() => onSelect(id)}
        >
          {t(label)}
        </button>
      ))}
    </nav>
  );
}

/** The app inside its session home; every sign-in opens on the profile. */
export function App() {
  const [section, setSection] = useState<Section>('profile');
  return (
    <SessionProvider onSignedIn={() => setSection('profile')}>
      <AppShell section={section} setSection={setSection} />
    </SessionProvider>
  );
}

interface AppShellProps {
  section: Section;
  setSection: (section: Section) => void;
}

/**
 * The app shell: decides between start-up, the auth screens and the signed-in
 * sections (profile, saved passwords).
 */
function AppShell({ section, setSection }: AppShellProps) {
  const { t, errorMessage } = useI18n();
  const session = useSession();
  const { state } = session;
  const [showShortcuts, setShowShortcuts] = useState(false);
  useShortcuts(state.status === 'signedIn' || state.status === 'signedOut', {
    onHelp: () => setShowShortcuts(true),
    onSettings: () => {
      if (state.status !== 'signedIn') return;
      setSection('profile');
      // After the profile section is shown again; focusing scrolls to it.
      setTimeout(() => document.querySelector<HTMLElement>('[data-shortcut-target="settings"]')?.focus());
    },
  });

  // The first screen after start-up keeps the browser's default focus; after
  // any screen change, each new screen moves focus to its heading.
  const firstScreen = useRef<SessionState['status'] | null>(null);
  const hasNavigated = useRef(false);
  if (state.status !== 'loading') {
    firstScreen.current ??= state.status;
    if (state.status !== firstScreen.current) hasNavigated.current = true;
  }
  const focusHeading = hasNavigated.current;

  // Switching sections moves focus to the new section's heading. The profile
  // stays mounted (hidden) so an open edit survives a visit to the vault; the
  // vault is mounted only while shown, so no revealed password lingers.
  const profileRef = useRef<HTMLDivElement>(null);
  const vaultRef = useRef<HTMLDivElement>(null);
  const sectionChosen = useRef(false);
  const selectSection = (next: Section) => {
    if (next === section) return;
    sectionChosen.current = true;
    setSection(next);
  };
  useEffect(() => {
    if (!sectionChosen.current) return;
    sectionChosen.current = false;
    const shown = section === 'profile' ? profileRef.current : vaultRef.current;
    shown?.querySelector<HTMLElement>('h1')?.focus();
  }, [section]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('skip.toContent')}
      </a>
      <header className="app-header">
        <div className="app-header__brand">
          <span className="app-header__logo" aria-hidden="true" />
          <span className="app-header__name">{t('app.name')}</span>
        </div>
        {state.status === 'signedIn' && <SectionNav current={section} onSelect={selectSection} />}
        {state.status === 'signedIn' && (
          <div className="app-header__session">
            <SyncHeaderStatus onShowSettings={() => setSection('profile')} />
            <span className="app-header__user">{t('header.signedInAs', { name: state.profile.username })}</span>
            <button type="button" className="button button--secondary" onClick={() => void session.signOut()}>
              {t('session.signOut')}
            </button>
          </div>
        )}
      </header>

      <main className="app-main" id="main" tabIndex={-1}>
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
          <AuthScreen notice={state.notice} focusHeading={focusHeading} />
        )}

        {state.status === 'signedIn' && (
          <>
            <div ref={profileRef} hidden={section !== 'profile'}>
              <ProfilePage focusHeading={focusHeading} />
            </div>
            {section === 'vault' && (
              <div ref={vaultRef}>
                <SavedPasswordsPage />
              </div>
            )}
          </>
        )}
      </main>

      <footer className="app-footer">
        {state.status === 'signedOut' && <AppearanceSettings compact />}
        <button type="button" className="button button--link" onClick={() => setShowShortcuts(true)}>
          {t('shortcuts.open')}
        </button>
      </footer>
      {showShortcuts && <ShortcutsDialog onClose={() => setShowShortcuts(false)} />}
    </div>
  );
}
