import { useId, useState } from 'react';
import { syncNow, unlinkRemote, type SyncStatus } from '../api/client';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { FormAlert } from '../components/FormAlert';
import { useSubmit } from '../components/useSubmit';
import { useI18n } from '../i18n';
import { useSignedIn, useSync } from '../session/SessionProvider';
import { LinkForm } from './LinkForm';
import { RemoteSignInForm } from './RemoteSignInForm';
import { FIELD_LABELS, SyncConflicts } from './SyncConflicts';
import { SyncStatusBadge } from './SyncStatusBadge';
import { VaultSyncSettings } from './VaultSyncSettings';
import './sync.css';

/** Settings → Sync: link to a server, or, once linked, its status, conflicts and actions. */
export function SyncSettings() {
  const { t } = useI18n();
  const { state, apply } = useSync();
  const { profile } = useSignedIn();
  const titleId = useId();
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId} tabIndex={-1} data-settings-section="sync">
        {t('sync.title')}
      </h2>
      <p className="muted">{t('sync.intro')}</p>
      {state.status === 'failed' && <FormAlert error={state.error} />}
      {state.status === 'ready' && state.sync.state === 'off' && (
        <LinkForm localEmail={profile.email} onLinked={apply} />
      )}
      {state.status === 'ready' && state.sync.state !== 'off' && (
        <LinkedSync sync={state.sync} apply={apply} />
      )}
      {state.status === 'ready' && state.sync.state === 'off' && <p className="muted">{t('sync.passwordsNotSynced')}</p>}
    </section>
  );
}

interface LinkedSyncProps {
  sync: SyncStatus;
  apply: (sync: SyncStatus) => void;
}

function LinkedSync({ sync, apply }: LinkedSyncProps) {
  const { t, errorMessage, fieldMessage } = useI18n();
  const [unlinking, setUnlinking] = useState(false);
  const now = useSubmit(async () => apply(await syncNow()));
  return (
    <div className="sync-linked">
      <p>{t('sync.linkedTo', { email: sync.remote_email, server: sync.server_url })}</p>
      <SyncStatusBadge sync={sync} onSyncNow={() => void now.run()} busy={now.busy} />
      <FormAlert error={now.error} />
      {sync.error && (
        <div className="alert alert--error" role="alert">
          <p>{errorMessage(sync.error)}</p>
          <ul>
            {Object.entries(sync.error.fields).map(([field, message]) => {
              const label = FIELD_LABELS[field];
              return <li key={field}>{`${label ? t(label) : field}: ${fieldMessage(message) ?? ''}`}</li>;
            })}
          </ul>
        </div>
      )}
      {sync.problems.map((problem) => (
        <div key={problem.part} className="alert alert--warning sync-problem" role="alert">
          <p>{errorMessage(problem.error)}</p>
          <button type="button" className="button button--secondary button--small" onClick={() => void now.run()} disabled={now.busy}>
            {t('sync.retry')}
          </button>
        </div>
      ))}
      {sync.state === 'needs_signin' && <RemoteSignInForm onSignedIn={apply} />}
      <SyncConflicts conflicts={sync.conflicts} onResolved={apply} />
      <VaultSyncSettings sync={sync} />
      <div className="form__actions">
        <button type="button" className="button button--danger-outline" onClick={() => setUnlinking(true)}>
          {t('sync.unlink')}
        </button>
      </div>
      {unlinking && (
        <ConfirmDialog
          title={t('sync.unlinkTitle')}
          text={t('sync.unlinkText')}
          confirmLabel={t('sync.unlinkConfirm')}
          action={async () => apply(await unlinkRemote())}
          onDone={() => setUnlinking(false)}
          onClose={() => setUnlinking(false)}
        />
      )}
    </div>
  );
}
