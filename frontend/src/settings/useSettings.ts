import { useCallback, useEffect, useState } from 'react';
import { getSettings, toAppError, updateSettings, type AppError, type Settings } from '../api/client';

export type SettingsState =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; settings: Settings };

export interface SettingsStore {
  state: SettingsState;
  /** Saves and shows the stored settings; rejects with AppError. */
  save: (settings: Settings) => Promise<Settings>;
}

export function useSettings(): SettingsStore {
  const [state, setState] = useState<SettingsState>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    getSettings().then(
      (settings) => !cancelled && setState({ status: 'ready', settings }),
      (reason: unknown) => !cancelled && setState({ status: 'failed', error: toAppError(reason) }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const save = useCallback(async (settings: Settings) => {
    const stored = await updateSettings(settings);
    setState({ status: 'ready', settings: stored });
    return stored;
  }, []);

  return { state, save };
}
