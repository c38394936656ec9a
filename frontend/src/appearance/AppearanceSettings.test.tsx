import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../test/apiMock';
import { AppearanceProvider } from './AppearanceProvider';
import { AppearanceSettings } from './AppearanceSettings';

vi.mock('../api/client', () => import('../test/apiMock'));

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

describe('appearance settings', () => {
  it('applies a theme at once and says which one', async () => {
    const user = await renderSettings();
    expect(screen.getByRole('status')).toHaveTextContent('');
    await user.selectOptions(screen.getByLabelText('Theme'), 'dark');
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Theme changed: Dark.'));
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('says that the language changed in the language chosen', async () => {
    const user = await renderSettings();
    await user.selectOptions(screen.getByLabelText('Language'), 'es');
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Idioma cambiado: Español.'));
    expect(screen.getByLabelText('Tema')).toBeInTheDocument();
  });

  it('replaces the notice with the next change, and shows none for a refused one', async () => {
    const user = await renderSettings();
    await user.selectOptions(screen.getByLabelText('Theme'), 'light');
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Theme changed: Light.'));

    api.setAppearance.mockRejectedValueOnce(new api.AppError('unavailable', { key: 'error.code.unavailable' }));
    await user.selectOptions(screen.getByLabelText('Theme'), 'dark');
    expect(await screen.findByRole('alert')).toHaveTextContent('The service is not available right now.');
    expect(screen.getByRole('status')).toHaveTextContent('');
  });
});
