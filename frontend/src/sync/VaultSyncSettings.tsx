import { useEffect, useId, useState } from 'react';
import {
  getVaultSyncStatus,
  resolveVaultSyncConflict,
  setVaultSync,
  type AppError,
  type SyncStatus,
  type VaultKeep,
  type VaultSyncConflict,
  type VaultSyncReport,
} from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { useSubmit } from '../components/useSubmit';
import { useI18n, type MessageKey } from '../i18n';

/** Labels of a saved password's synced fields. */
const ENTRY_FIELD_LABELS: Readonly<Record<string, MessageKey>> = {
  name_pages: 'entry.name',
  url: 'entry.url',
  password_saved: 'field.password',
};

export interface VaultSyncSettingsProps {
  /** The profile sync's status: each new one (a sync:status event) is a cue to read this report again. */
  sync: SyncStatus;
}

/**
 * The saved-password half of Settings → Sync: a separate opt-in, off by
 * default, next to a plain warning that the service keeps saved passwords
 * unencrypted; once on, what waits to be sent and the entries changed on
 * both sides, each settled by keeping this computer's, the server's, or both.
 */
export function VaultSyncSettings({ sync }: VaultSyncSettingsProps) {
  const { t } = useI18n();
  const titleId = useId();
  const warningId = useId();
  const [report, setReport] = useState<VaultSyncReport | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const toggle = useSubmit(async (on: boolean) => setReport(await setVaultSync(on)));
  // The box shows the choice at once; the first import may take a while.
  const [asked, setAsked] = useState<boolean | null>(null);
  const choose = async (on: boolean) => {
    setAsked(on);
    await toggle.run(on);
    setAsked(null);
  };

  useEffect(() => {
    let alive = true;
    getVaultSyncStatus().then(
      (r) => alive && setReport(r),
      (error: AppError) => alive && setLoadError(error),
    );
    return () => {
      alive = false;
    };
  }, [sync]);

  return (
    <section className="sync-vault" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('vaultSync.title')}</h3>
      <p className="alert alert--warning" id={warningId}>
        {t('vaultSync.warning')}
      </p>
      <FormAlert error={loadError ?? toggle.error} />
      {report && (
        <div className="field field--checkbox">
          <label className="choice">
            <input
              type="checkbox"
              name="vault_sync"
              checked={asked ?? report.enabled}
              disabled={toggle.busy}
              aria-describedby={warningId}
              onChange={(e) => void choose(e.target.checked)}
            />
            {t('vaultSync.toggle')}
          </label>
          <p className="field__hint" role="status">
            {toggle.busy ? t('vaultSync.working') : summary(report, t)}
          </p>
        </div>
      )}
      {report && report.conflicts.length > 0 && <VaultConflicts conflicts={report.conflicts} onResolved={setReport} />}
    </section>
  );
}

function summary(report: VaultSyncReport, t: ReturnType<typeof useI18n>['t']): string {
  if (!report.enabled) return t('vaultSync.off');
  if (report.failed) return t('vaultSync.failed');
  const parts = [report.pending > 0 ? t('vaultSync.pending', { n: report.pending }) : t('vaultSync.upToDate')];
  if (report.refused > 0) parts.push(t('vaultSync.refused', { n: report.refused }));
  return parts.join(' ');
}

interface VaultConflictsProps {
  conflicts: VaultSyncConflict[];
  onResolved: (report: VaultSyncReport) => void;
}

function VaultConflicts({ conflicts, onResolved }: VaultConflictsProps) {
  const { t } = useI18n();
  const titleId = useId();
  const submit = useSubmit(async (entryId: number, keep: VaultKeep) => onResolved(await resolveVaultSyncConflict(entryId, keep)));
  const choices: [VaultKeep, MessageKey][] = [
    ['mine', 'sync.keepMine'],
    ['server', 'sync.keepServer'],
    ['both', 'vaultSync.keepBoth'],
  ];
  return (
    <section className="sync-conflicts" aria-labelledby={titleId}>
      <h4 id={titleId}>{t('vaultSync.conflictsTitle')}</h4>
      <p className="muted">{t('vaultSync.conflictsIntro')}</p>
      <FormAlert error={submit.error} />
      <ul className="sync-conflicts__list">
        {conflicts.map((c) => (
          <li key={c.entry_id} className="sync-conflicts__item">
            <h5>{c.name_pages || t('vaultSync.unnamed')}</h5>
            <dl className="sync-conflicts__values">
              {c.fields.map((f) => {
                const label = ENTRY_FIELD_LABELS[f.field];
                const name = label ? t(label) : f.field;
                return f.field === 'password_saved' ? (
                  <div key={f.field}>
                    <dt>{name}</dt>
                    <dd>{t('vaultSync.passwordDiffers')}</dd>
                  </div>
                ) : (
                  <div key={f.field}>
                    <dt>{`${name} — ${t('sync.onThisComputer')}`}</dt>
                    <dd>{f.mine === '' ? t('sync.emptyValue') : f.mine}</dd>
                    <dt>{`${name} — ${t('sync.onTheServer')}`}</dt>
                    <dd>{f.server === '' ? t('sync.emptyValue') : f.server}</dd>
                  </div>
                );
              })}
            </dl>
            <div className="form__actions">
              {choices.map(([keep, label]) => (
                <button
                  key={keep}
                  type="button"
                  className="button button--secondary"
                  disabled={submit.busy}
                  onClick={() => void submit.run(c.entry_id, keep)}
                >
                  {t(label)}
                </button>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
