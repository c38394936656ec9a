import type { SyncStatus, SyncTransfer } from '../api/client';
import { useI18n, type I18n } from '../i18n';

function clock(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** The one-line text of a sync status, e.g. "Synced at 14:05". */
export function syncStateText(sync: SyncStatus, { t, language }: Pick<I18n, 't' | 'language'>): string {
  switch (sync.state) {
    case 'off':
      return t('sync.stateOff');
    case 'saved_locally':
      return sync.pending > 0 ? t('sync.stateSavedLocallyPending', { n: sync.pending }) : t('sync.stateSavedLocally');
    case 'syncing':
      return t('sync.stateSyncing');
    case 'synced':
      return sync.last_synced_at ? t('sync.stateSynced', { time: clock(sync.last_synced_at, language) }) : t('sync.stateSavedLocally');
    case 'offline':
      return sync.next_retry_at ? t('sync.stateOfflineAt', { time: clock(sync.next_retry_at, language) }) : t('sync.stateOffline');
    case 'conflict':
      return t('sync.stateConflict', { n: sync.conflicts.length });
    case 'needs_signin':
      return t('sync.stateNeedsSignIn');
    case 'error':
      return t('sync.stateError');
  }
}

/** The progress of a slow picture transfer, e.g. "Uploading your picture… 40%". */
export function transferText(transfer: SyncTransfer, { t }: Pick<I18n, 't'>): string {
  const percent = transfer.total > 0 ? Math.floor((transfer.done * 100) / transfer.total) : null;
  if (transfer.part === 'avatar_upload') return t('sync.transferUpload', { percent: percent ?? 0 });
  if (percent === null) return t('sync.transferDownloadBytes', { kb: Math.floor(transfer.done / 1024) });
  return t('sync.transferDownload', { percent });
}

export interface SyncStatusBadgeProps {
  sync: SyncStatus;
  /** Shown next to the text when the account is linked. */
  onSyncNow?: () => void;
  busy?: boolean;
}

/** The always-visible sync state, announced politely when it changes. */
export function SyncStatusBadge({ sync, onSyncNow, busy = false }: SyncStatusBadgeProps) {
  const i18n = useI18n();
  const attention = sync.state === 'conflict' || sync.state === 'needs_signin' || sync.state === 'error';
  return (
    <div className="sync-badge">
      <span
        className={`sync-badge__text sync-badge__text--${sync.state}${attention ? ' sync-badge__text--attention' : ''}`}
        role="status"
      >
        <span className="visually-hidden">{i18n.t('sync.statusLabel')}: </span>
        {syncStateText(sync, i18n)}
      </span>
      {sync.transfer && (
        <span className="sync-badge__transfer">
          {sync.transfer.total > 0 && <progress value={sync.transfer.done} max={sync.transfer.total} aria-hidden="true" />}
          {transferText(sync.transfer, i18n)}
        </span>
      )}
      {sync.state !== 'off' && onSyncNow && (
        <button type="button" className="button button--secondary button--small" onClick={onSyncNow} disabled={busy}>
          {i18n.t('sync.now')}
        </button>
      )}
    </div>
  );
}
