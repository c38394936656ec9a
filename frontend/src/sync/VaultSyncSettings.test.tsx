import { act, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../test/apiMock';
import { openSection, renderApp } from '../test/renderApp';

vi.mock('../api/client', () => import('../test/apiMock'));

const SERVER = 'http://127.0.0.1:8000/api/';
const linked = () => api.syncStatus({ state: 'synced', server_url: SERVER, remote_email: 'alice@example.com', last_synced_at: '2026-11-28T14:05:00Z' });

async function openVaultSync(language: 'en' | 'es' = 'en') {
  api.getProfile.mockResolvedValue(api.aliceProfile);
  api.getSyncStatus.mockResolvedValue(linked());
  const rendered = renderApp(language);
  await openSection(rendered.user, language === 'en' ? 'Settings' : 'Ajustes');
  const section = await screen.findByRole('region', { name: language === 'en' ? 'Saved passwords' : 'Contraseñas guardadas' });
  return { ...rendered, section };
}

const conflict: api.VaultSyncConflict = {
  entry_id: 7,
  name_pages: 'My mail',
  fields: [
    { field: 'name_pages', mine: 'My mail', server: 'Server mail' },
    { field: 'password_saved', mine: '', server: '' },
  ],
};

beforeEach(() => {
  api.resetApiMock();
});

describe('saved-password sync', () => {
  it('is off by default, next to a plain warning, and imports when turned on', async () => {
    const { user, section } = await openVaultSync();
    const toggle = await within(section).findByRole('checkbox', { name: 'Sync saved passwords with the server too' });
    expect(toggle).not.toBeChecked();
    expect(toggle).toHaveAccessibleDescription(/stores saved passwords unencrypted/);
    expect(within(section).getByText(/stay on this computer only/)).toBeInTheDocument();

    api.setVaultSync.mockResolvedValue(api.vaultSyncReport({ enabled: true, pending: 2 }));
    await user.click(toggle);
    expect(api.setVaultSync).toHaveBeenCalledWith(true);
    expect(await within(section).findByText('On: 2 saved-password changes to send.')).toBeInTheDocument();
    expect(toggle).toBeChecked();

    api.setVaultSync.mockResolvedValue(api.vaultSyncReport());
    await user.click(toggle);
    expect(api.setVaultSync).toHaveBeenLastCalledWith(false);
    expect(await within(section).findByText(/stay on this computer only/)).toBeInTheDocument();
  });

  it('reads the report again on every sync status event', async () => {
    const { section } = await openVaultSync();
    await within(section).findByRole('checkbox');
    api.getVaultSyncStatus.mockResolvedValue(api.vaultSyncReport({ enabled: true, refused: 1 }));
    act(() => api.emitSyncStatus(linked()));
    expect(await within(section).findByText(/The server refused 1 of them/)).toBeInTheDocument();
    api.getVaultSyncStatus.mockResolvedValue(api.vaultSyncReport({ enabled: true, failed: true }));
    act(() => api.emitSyncStatus(linked()));
    expect(await within(section).findByText(/did not accept saved-password sync/)).toBeInTheDocument();
  });

  it.each([
    ['Keep mine', 'mine'],
    ['Keep the server’s', 'server'],
    ['Keep both', 'both'],
  ] as const)('settles a conflict with “%s”, never showing a password', async (button, keep) => {
    api.getVaultSyncStatus.mockResolvedValue(api.vaultSyncReport({ enabled: true, conflicts: [conflict] }));
    const { user, section } = await openVaultSync();
    const item = (await within(section).findByRole('heading', { name: 'My mail' })).closest('li')!;
    expect(within(item).getByText('Server mail')).toBeInTheDocument();
    expect(within(item).getByText('Different on this computer and on the server')).toBeInTheDocument();
    api.resolveVaultSyncConflict.mockResolvedValue(api.vaultSyncReport({ enabled: true }));
    await user.click(within(item).getByRole('button', { name: button }));
    expect(api.resolveVaultSyncConflict).toHaveBeenCalledWith(7, keep);
    expect(within(section).queryByRole('heading', { name: 'My mail' })).not.toBeInTheDocument();
  });

  it('shows a refused toggle and the warning in Spanish', async () => {
    const { user, section } = await openVaultSync('es');
    expect(within(section).getByText(/guarda las contraseñas guardadas sin cifrar/)).toBeInTheDocument();
    api.setVaultSync.mockRejectedValue(new api.AppError('unavailable', { key: 'syncError.unreachable' }));
    await user.click(await within(section).findByRole('checkbox'));
    expect(await within(section).findByText(/No se pudo contactar con el servidor/)).toBeInTheDocument();
    expect(within(section).getByRole('checkbox')).not.toBeChecked();
  });

  it('is not offered before the account is linked', async () => {
    api.getProfile.mockResolvedValue(api.aliceProfile);
    const { user } = renderApp('en');
    await openSection(user, 'Settings');
    await screen.findByRole('region', { name: 'Sync with the web service' });
    expect(screen.queryByRole('region', { name: 'Saved passwords' })).not.toBeInTheDocument();
    expect(api.getVaultSyncStatus).not.toHaveBeenCalled();
  });
});
