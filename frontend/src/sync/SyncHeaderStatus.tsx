import { syncNow, type AppError } from '../api/client';
import { useSubmit } from '../hooks/useSubmit';
import { SyncStatusBadge } from './SyncStatusBadge';
import { useSyncStatus } from './useSyncStatus';
import './sync.css';

/** The sync state in the app header, on every signed-in screen, with "Sync now". */
export function SyncHeaderStatus({ onSessionError }: { onSessionError: (error: AppError) => boolean }) {
  const { state, apply } = useSyncStatus(onSessionError);
  const now = useSubmit(async () => apply(await syncNow()), onSessionError);
  if (state.status !== 'ready') return null;
  return <SyncStatusBadge sync={state.sync} onSyncNow={() => void now.run()} busy={now.busy} />;
}
