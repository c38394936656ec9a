import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { getAppearance, setAppearance, type Appearance } from '../api/client';
import { I18nProvider } from '../i18n';
import { applyTheme, onSystemThemeChange, rememberThemeChoice, resolveTheme, systemTheme, type Theme } from './theme';

export interface AppearanceContextValue {
  appearance: Appearance;
  /** The theme in use: the choice, or the OS's when the choice is "system". */
  theme: Theme;
  /** Stores new preferences and applies them at once; rejects with AppError. */
  change: (next: Appearance) => Promise<void>;
}

const DEFAULT: Appearance = { theme: 'system', language: 'system' };

const AppearanceContext = createContext<AppearanceContextValue>({
  appearance: DEFAULT,
  theme: 'light',
  change: async () => {},
});

/**
 * Theme and language for the whole UI: the stored preferences (read once at
 * start; until then, and if they cannot be read, the OS's), applied live.
 */
export function AppearanceProvider({ children }: { children: ReactNode }) {
  const [appearance, setState] = useState<Appearance>(DEFAULT);
  const [system, setSystem] = useState<Theme>(systemTheme);

  // A choice made before the stored preferences arrive wins over them.
  const chosen = useRef(false);

  useEffect(() => onSystemThemeChange(setSystem), []);
  useEffect(() => {
    let alive = true;
    getAppearance().then(
      (stored) => alive && !chosen.current && setState(stored),
      () => {}, // the OS's look and language stay: nothing the user must act on
    );
    return () => {
      alive = false;
    };
  }, []);

  const theme = resolveTheme(appearance.theme, system);
  useEffect(() => applyTheme(theme), [theme]);
  useEffect(() => rememberThemeChoice(appearance.theme), [appearance.theme]);

  const change = useCallback(async (next: Appearance) => {
    chosen.current = true;
    setState(await setAppearance(next));
  }, []);
  const value = useMemo(() => ({ appearance, theme, change }), [appearance, theme, change]);
  const language = appearance.language === 'system' ? undefined : appearance.language;

  return (
    <AppearanceContext.Provider value={value}>
      <I18nProvider language={language}>{children}</I18nProvider>
    </AppearanceContext.Provider>
  );
}

export function useAppearance(): AppearanceContextValue {
  return useContext(AppearanceContext);
}
