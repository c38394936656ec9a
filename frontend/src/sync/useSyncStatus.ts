import { useCallback, useEffect, useMemo, useState } from 'react';
import { getSyncStatus, onSyncStatus, type AppError, type SyncStatus } from '../api/client';

export type SyncStatusState =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; sync: SyncStatus };

export interface SyncStore {
  state: SyncStatusState;
  /** Shows the status an action returned (it may arrive before its event). */
  apply: (sync: SyncStatus) => void;
}

/**
 * The signed-in user's sync status, one store for the whole app (held by
 * SessionProvider): read once per user, then kept current by the backend's
 * sync:status events. Nothing is read while userId is null (signed out).
 */
export function useSyncStatus(userId: number | null): SyncStore {
  const [state, setState] = useState<SyncStatusState>({ status: 'loading' });
  const apply = useCallback((sync: SyncStatus) => setState({ status: 'ready', sync }), []);

  useEffect(() => {
    setState({ status: 'loading' });
    if (userId === null) return;
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
        if (alive) setState({ status: 'failed', error });
      },
    );
    return () => {
      alive = false;
      off();
    };
  }, [userId]);

  return useMemo(() => ({ state, apply }), [state, apply]);
}
