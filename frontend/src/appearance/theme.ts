import type { ThemeChoice } from '../api/client';

export type Theme = 'light' | 'dark';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The OS's colour scheme right now (light when the webview cannot tell). */
export function systemTheme(): Theme {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

/** Calls callback when the OS switches between light and dark; returns the unsubscribe function. */
export function onSystemThemeChange(callback: (theme: Theme) => void): () => void {
  if (typeof window.matchMedia !== 'function') return () => {};
  const query = window.matchMedia(DARK_QUERY);
  const listener = (event: MediaQueryListEvent) => callback(event.matches ? 'dark' : 'light');
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}

export function resolveTheme(choice: ThemeChoice, system: Theme): Theme {
  return choice === 'system' ? system : choice;
}

/** The stylesheet keys both palettes on <html data-theme>. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

// index.html reads this before the first paint, so a chosen theme does not
// flash the OS's one while the stored preference is fetched from Go.
const THEME_CHOICE_KEY = 'passdesk.theme';

export function rememberThemeChoice(choice: ThemeChoice): void {
  try {
    localStorage.setItem(THEME_CHOICE_KEY, choice);
  } catch {
    // storage unavailable: only the first frame may show the OS's theme
  }
}
