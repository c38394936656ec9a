import { syncNow, type SyncState } from '../api/client';
import { useSubmit } from '../components/useSubmit';
import { useSync } from '../session/SessionProvider';
import { useI18n, type MessageKey } from '../i18n';
import { SyncStatusBadge } from './SyncStatusBadge';
import { focusSyncSettings } from './SyncSettings';
import './sync.css';

/** States that wait on the user, with the button that takes them to where they can act. */
const NEEDS_USER: Partial<Record<SyncState, MessageKey>> = {
  conflict: 'sync.resolveConflicts',
  needs_signin: 'sync.goSignIn',
  error: 'sync.showDetails',
};

export interface SyncHeaderStatusProps {
  /** Shows the section that holds the sync settings (it may be hidden). */
  onShowSettings: () => void;
}

/** The sync state in the app header, on every signed-in screen, with "Sync now". */
export function SyncHeaderStatus({ onShowSettings }: SyncHeaderStatusProps) {
  const { t } = useI18n();
  const { state, apply } = useSync();
  const now = useSubmit(async () => apply(await syncNow()));
  if (state.status !== 'ready') return null;
  // A part that failed while the rest synced (e.g. the server's picture) is
  // shown, with its retry, beside the sync settings.
  const action = NEEDS_USER[state.sync.state] ?? (state.sync.problems.length > 0 ? 'sync.showDetails' : undefined);
  return (
    <div className="sync-header">
      <SyncStatusBadge sync={state.sync} onSyncNow={() => void now.run()} busy={now.busy} />
      {action && (
        <button
          type="button"
          className="button button--link"
          onClick={() => {
            onShowSettings();
            focusSyncSettings();
          }}
        >
          {t(action)}
        </button>
      )}
    </div>
  );
}
