import { useEffect, useRef, useState } from 'react';
import { AuthScreen } from './auth/AuthScreen';
import { PageHeading } from './components/PageHeading';
import type { SessionState } from './session/sessionState';
import { SessionProvider, useSession } from './session/SessionProvider';
import { useI18n } from './i18n';
import { ProfilePage } from './profile/ProfilePage';
import { AppearanceSettings } from './appearance/AppearanceSettings';
import { ShortcutsDialog } from './shortcuts/ShortcutsDialog';
import { useShortcuts } from './shortcuts/useShortcuts';
import { SyncHeaderStatus } from './sync/SyncHeaderStatus';
import { SavedPasswordsPage } from './vault/SavedPasswordsPage';
import { AccountMenu } from './navigation/AccountMenu';
import { useLeaveGuard } from './navigation/guard';
import { Sidebar, type Section } from './navigation/Sidebar';
import { SettingsPage, settingsSectionHeading, type SettingsSectionId } from './settings/SettingsPage';

function sectionHeading(section: Section): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-section="${section}"] h1`);
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
 * screens (profile, saved passwords, settings) with their sidebar.
 */
function AppShell({ section, setSection }: AppShellProps) {
  const { t, errorMessage } = useI18n();
  const session = useSession();
  const { state } = session;
  const [showShortcuts, setShowShortcuts] = useState(false);
  useShortcuts(state.status === 'signedIn' || state.status === 'signedOut', {
    onHelp: () => setShowShortcuts(true),
    onSettings: () => {
      if (state.status === 'signedIn') void selectSection('settings');
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

  // Switching sections moves focus to the new section's heading, or to the
  // Settings section asked for. The profile stays mounted (hidden) so an open
  // edit survives a visit elsewhere; the other screens are mounted only while
  // shown, so no revealed or typed password lingers.
  const [settingsFocus, setSettingsFocus] = useState<SettingsSectionId | null>(null);
  const sectionChosen = useRef(false);
  const guard = useLeaveGuard();
  const selectSection = async (next: Section, focusSection: SettingsSectionId | null = null) => {
    // Leaving a page with unsaved changes asks first ("Discard changes?").
    if (next !== section && !(await guard.confirmLeave())) return;
    setSettingsFocus(focusSection);
    if (next === section) {
      (focusSection ? settingsSectionHeading(focusSection) : sectionHeading(next))?.focus();
      return;
    }
    sectionChosen.current = true;
    setSection(next);
  };
  useEffect(() => {
    if (!sectionChosen.current) return;
    sectionChosen.current = false;
    if (section === 'settings' && settingsFocus) return; // SettingsPage focuses it once shown
    sectionHeading(section)?.focus();
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
        {state.status === 'signedIn' && (
          <div className="app-header__session">
            <SyncHeaderStatus onShowSettings={() => void selectSection('settings', 'sync')} />
            <AccountMenu
              username={state.profile.username}
              onSettings={() => void selectSection('settings')}
              onSignOut={() => void session.signOut()}
            />
          </div>
        )}
      </header>

      <div className="app-body">
        {state.status === 'signedIn' && <Sidebar current={section} onSelect={(next) => void selectSection(next)} />}
        {/* Only this scrolls: the header and the sidebar stay in place on a long page. */}
        <div className="app-content">
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
                <div data-section="profile" hidden={section !== 'profile'}>
                  <ProfilePage focusHeading={focusHeading} />
                </div>
                {section === 'vault' && (
                  <div data-section="vault">
                    <SavedPasswordsPage />
                  </div>
                )}
                {section === 'settings' && (
                  <div data-section="settings">
                    <SettingsPage focusHeading={false} focusSection={settingsFocus} />
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
        </div>
      </div>
      {showShortcuts && <ShortcutsDialog onClose={() => setShowShortcuts(false)} />}
    </div>
  );
}
