import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import * as api from '../test/apiMock';
import { AppearanceProvider } from './AppearanceProvider';
import { AppearanceSettings } from './AppearanceSettings';

vi.mock('../api/client', () => import('../test/apiMock'));

/** A matchMedia whose dark-mode answer the test flips. */
function fakeColourScheme(dark: boolean) {
  const listeners = new Set<(e: MediaQueryListEvent) => void>();
  const query = {
    get matches() {
      return dark;
    },
    addEventListener: (_: string, l: (e: MediaQueryListEvent) => void) => listeners.add(l),
    removeEventListener: (_: string, l: (e: MediaQueryListEvent) => void) => listeners.delete(l),
  };
  vi.stubGlobal('matchMedia', () => query);
  return (next: boolean) => {
    dark = next;
    for (const l of listeners) l({ matches: next } as MediaQueryListEvent);
  };
}

function renderApp() {
  const user = userEvent.setup();
  render(
    <AppearanceProvider>
      <App />
    </AppearanceProvider>,
  );
  return user;
}

async function renderSettings() {
  const user = userEvent.setup();
  render(
    <AppearanceProvider>
      <AppearanceSettings />
    </AppearanceProvider>,
  );
  await screen.findByLabelText('Theme');
  return user;
}

beforeEach(() => {
  api.resetApiMock();
  vi.stubGlobal('navigator', { ...navigator, languages: ['en-US'], language: 'en-US' });
});

afterEach(() => {
  vi.unstubAllGlobals();
  delete document.documentElement.dataset.theme;
});

describe('appearance', () => {
  it('follows the OS theme live until the user picks one, which is saved', async () => {
    const setOsDark = fakeColourScheme(false);
    const user = renderApp();
    const theme = await screen.findByLabelText('Theme');
    expect(document.documentElement.dataset.theme).toBe('light');
    act(() => setOsDark(true));
    expect(document.documentElement.dataset.theme).toBe('dark');

    await user.selectOptions(theme, 'light');
    expect(api.setAppearance).toHaveBeenCalledWith({ theme: 'light', language: 'system' });
    expect(document.documentElement.dataset.theme).toBe('light');
    act(() => setOsDark(false));
    act(() => setOsDark(true));
    expect(document.documentElement.dataset.theme).toBe('light');
  });

  it('starts in the stored language and switches every text at once', async () => {
    fakeColourScheme(false);
    api.getAppearance.mockResolvedValue({ theme: 'system', language: 'es' });
    const user = renderApp();
    expect(await screen.findByRole('heading', { name: 'Iniciar sesión' })).toBeInTheDocument();
    // <html lang> is set by an effect after the commit.
    await waitFor(() => expect(document.documentElement.lang).toBe('es'));
    await user.selectOptions(screen.getByLabelText('Idioma'), 'en');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(api.setAppearance).toHaveBeenCalledWith({ theme: 'system', language: 'en' });
  });

  it('shows why a preference was refused and keeps the old one', async () => {
    fakeColourScheme(false);
    api.setAppearance.mockRejectedValue(new api.AppError('invalid', { key: 'error.fieldsInvalid' }, { theme: { key: 'fieldError.notAChoice' } }));
    const user = renderApp();
    await user.selectOptions(await screen.findByLabelText('Theme'), 'dark');
    expect(await screen.findByRole('alert')).toHaveTextContent('Some fields are not valid.');
    expect(document.documentElement.dataset.theme).toBe('light');
    expect(within(screen.getByRole('contentinfo')).getByLabelText('Theme')).toHaveValue('system');
  });
});

describe('appearance settings', () => {
  it('applies a theme at once and says which one', async () => {
    const user = await renderSettings();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Theme'), 'dark');
    expect(await screen.findByRole('status')).toHaveTextContent('Theme changed: Dark.');
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('says that the language changed in the language chosen', async () => {
    const user = await renderSettings();
    await user.selectOptions(screen.getByLabelText('Language'), 'es');
    expect(await screen.findByRole('status')).toHaveTextContent('Idioma cambiado: Español.');
    expect(screen.getByLabelText('Tema')).toBeInTheDocument();
  });

  it('replaces the notice with the next change, and shows none for a refused one', async () => {
    const user = await renderSettings();
    await user.selectOptions(screen.getByLabelText('Theme'), 'light');
    expect(await screen.findByRole('status')).toHaveTextContent('Theme changed: Light.');

    api.setAppearance.mockRejectedValueOnce(new api.AppError('unavailable', { key: 'error.code.unavailable' }));
    await user.selectOptions(screen.getByLabelText('Theme'), 'dark');
    expect(await screen.findByRole('alert')).toHaveTextContent('The service is not available right now.');
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });
});
