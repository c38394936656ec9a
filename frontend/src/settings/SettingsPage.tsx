import { useEffect, useId, useState, type ReactNode } from 'react';
import { AppearanceSettings } from '../appearance/AppearanceSettings';
import { ChangePasswordForm } from '../account/ChangePasswordForm';
import { DeleteAccountDialog } from '../account/DeleteAccountDialog';
import { PageHeading } from '../components/PageHeading';
import { useI18n } from '../i18n';
import { useSession } from '../session/SessionProvider';
import { SyncSettings } from '../sync/SyncSettings';
import { AutoLockSettings } from './SettingsPanel';
import { SupportSettings } from './SupportSettings';

/** The sections of Settings, in page order; each heading carries data-settings-section. */
export type SettingsSectionId = 'appearance' | 'security' | 'sync' | 'support' | 'account';

/** The heading of one Settings section, to focus (and so scroll to) it. */
export function settingsSectionHeading(id: SettingsSectionId): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-settings-section="${id}"]`);
}

function SettingsSection({ id, title, className = 'card', children }: { id: SettingsSectionId; title: string; className?: string; children: ReactNode }) {
  const titleId = useId();
  return (
    <section className={className} aria-labelledby={titleId}>
      <h2 id={titleId} tabIndex={-1} data-settings-section={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** Settings → Account: the danger zone, away from every everyday button. */
function DangerZone() {
  const { t } = useI18n();
  const { sync, accountDeleted } = useSession();
  const [deleting, setDeleting] = useState(false);
  const linked = sync.state.status === 'ready' && sync.state.sync.state !== 'off';
  return (
    <SettingsSection id="account" title={t('settings.account')} className="card danger-zone">
      <h3>{t('settings.dangerZone')}</h3>
      <div className="danger-zone__row">
        <p className="muted">{t('settings.deleteIntro')}</p>
        <button type="button" className="button button--danger-outline" onClick={() => setDeleting(true)}>
          {t('delete.open')}
        </button>
      </div>
      {deleting && <DeleteAccountDialog linked={linked} onClose={() => setDeleting(false)} onDeleted={accountDeleted} />}
    </SettingsSection>
  );
}

export interface SettingsPageProps {
  focusHeading: boolean;
  /** A section to bring into view and focus when the page opens (e.g. Sync from the header). */
  focusSection?: SettingsSectionId | null;
}

/** The Settings screen: Appearance, Security, Sync, Support and Account, one card each. */
export function SettingsPage({ focusHeading, focusSection = null }: SettingsPageProps) {
  const { t } = useI18n();
  useEffect(() => {
    if (focusSection) settingsSectionHeading(focusSection)?.focus();
  }, [focusSection]);
  return (
    <div className="page">
      <PageHeading focusOnMount={focusHeading && !focusSection}>{t('settings.title')}</PageHeading>
      <SettingsSection id="appearance" title={t('appearance.title')}>
        <AppearanceSettings />
      </SettingsSection>
      <SettingsSection id="security" title={t('settings.security')}>
        <AutoLockSettings />
        <ChangePasswordForm />
      </SettingsSection>
      <SyncSettings />
      <SettingsSection id="support" title={t('support.title')}>
        <SupportSettings />
      </SettingsSection>
      <DangerZone />
    </div>
  );
}
