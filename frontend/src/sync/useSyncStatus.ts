import { useCallback, useEffect, useState } from 'react';
import { getSyncStatus, onSyncStatus, type AppError, type SyncStatus } from '../api/client';

export type SyncStatusState =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; sync: SyncStatus };

/**
 * The sync status: read once, then kept current by the backend's sync:status
 * events. `apply` takes the status an action returned (it may arrive before
 * its event).
 */
export function useSyncStatus(onSessionError?: (error: AppError) => boolean) {
  const [state, setState] = useState<SyncStatusState>({ status: 'loading' });
  const apply = useCallback((sync: SyncStatus) => setState({ status: 'ready', sync }), []);

  useEffect(() => {
    let alive = true;
    const off = onSyncStatus((sync) => {
      if (alive) setState({ status: 'ready', sync });
    });
    getSyncStatus().then(
      (sync) => {
        // An event may already have brought a newer status.
        if (alive) setState((current) => (current.status === 'ready' ? current : { status: 'ready', sync }));
      },
      (error: AppError) => {
        if (!alive || onSessionError?.(error)) return;
        setState({ status: 'failed', error });
      },
    );
    return () => {
      alive = false;
      off();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- subscribe once per mount
  }, []);

  return { state, apply };
}
