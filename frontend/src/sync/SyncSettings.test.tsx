import { act, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../test/apiMock';
import { openSection, renderApp } from '../test/renderApp';

vi.mock('../api/client', () => import('../test/apiMock'));

const SERVER = 'http://127.0.0.1:8000/api/';
const linked = (overrides: Partial<ReturnType<typeof api.syncStatus>> = {}) =>
  api.syncStatus({ state: 'synced', server_url: SERVER, remote_email: 'alice@example.com', last_synced_at: '2026-11-28T14:05:00Z', ...overrides });

async function openSync(language: 'en' | 'es' = 'en') {
  api.getProfile.mockResolvedValue(api.aliceProfile);
  const rendered = renderApp(language);
  await openSection(rendered.user, language === 'en' ? 'Settings' : 'Ajustes');
  const section = await screen.findByRole('region', { name: language === 'en' ? 'Sync with the web service' : 'Sincronizar con el servicio web' });
  return { ...rendered, section };
}

beforeEach(() => {
  api.resetApiMock();
});

describe('sync settings', () => {
  it('links by creating the server account from the profile, then shows it linked', async () => {
    const { user, section } = await openSync();
    await user.type(await within(section).findByLabelText('Server address'), SERVER);
    expect(within(section).getByText(/nothing is overwritten silently/i)).toBeInTheDocument();
    api.linkRemote.mockResolvedValue(linked());
    await user.click(within(section).getByRole('radio', { name: /create an account on the server/i }));
    expect(within(section).getByLabelText('Email on the server')).toHaveValue('alice@example.com');
    await user.type(within(section).getByLabelText('Password on the server'), 'server pass');
    await user.click(within(section).getByRole('button', { name: 'Link' }));

    expect(api.linkRemote).toHaveBeenCalledWith({ server_url: SERVER, mode: 'signup', email: 'alice@example.com', password: 'server pass', username: '' });
    expect(await within(section).findByText(`Linked to alice@example.com on ${SERVER}`)).toBeInTheDocument();
    expect(within(section).getByRole('button', { name: 'Unlink' })).toBeInTheDocument();
  });

  it('shows a refused link under the fields, in Spanish too', async () => {
    const { user, section } = await openSync('es');
    api.linkRemote.mockRejectedValue(
      new api.AppError('invalid', { key: 'error.fieldsInvalid' }, { server_url: { key: 'syncError.urlScheme' }, password: { key: 'syncError.wrongCredentials' } }),
    );
    await user.type(await within(section).findByLabelText('Dirección del servidor'), 'ftp://x');
    await user.type(within(section).getByLabelText('Correo en el servidor'), 'alice@example.com');
    await user.type(within(section).getByLabelText('Contraseña en el servidor'), 'nope');
    await user.click(within(section).getByRole('button', { name: 'Vincular' }));
    expect(await within(section).findByText('Escribe la dirección del servidor con http:// o https://, como https://example.org/api/.')).toBeInTheDocument();
    expect(within(section).getByText('El correo o la contraseña del servidor no son correctos. Revísalos e inténtalo de nuevo.')).toBeInTheDocument();
    expect(within(section).getByLabelText('Dirección del servidor')).toHaveAttribute('aria-invalid', 'true');
  });

  it('follows status events in the header, and offers Sync now in the settings', async () => {
    api.getSyncStatus.mockResolvedValue(linked({ state: 'saved_locally', pending: 2, last_synced_at: null }));
    const { user, section } = await openSync();
    const header = screen.getByRole('banner');
    expect(await within(header).findByRole('button', { name: 'Sync: Saved on this computer (2 to send). Open sync settings.' })).toBeInTheDocument();
    act(() => api.emitSyncStatus(linked({ state: 'offline', next_retry_at: null })));
    expect(within(header).getByRole('status')).toHaveTextContent('Offline, retrying');
    expect(within(header).getByRole('button', { name: /^Sync: Offline, retrying/ })).toBeInTheDocument();
    api.syncNow.mockResolvedValue(linked({ state: 'syncing' }));
    await user.click(within(section).getByRole('button', { name: 'Sync now' }));
    expect(api.syncNow).toHaveBeenCalled();
    expect(await within(header).findByRole('button', { name: /^Sync: Syncing…/ })).toBeInTheDocument();
  });

  it('lets the user settle a conflict, keeping either side', async () => {
    const conflict = { field: 'first_name', mine: 'Alicia', server: 'Ali' };
    api.getSyncStatus.mockResolvedValue(linked({ state: 'conflict', conflicts: [conflict] }));
    const { user, section } = await openSync();
    expect(await screen.findAllByText('Conflict (1)')).not.toHaveLength(0);
    const item = within(section).getByRole('heading', { name: 'First name' }).closest('li')!;
    expect(within(item).getByText('Alicia')).toBeInTheDocument();
    expect(within(item).getByText('Ali')).toBeInTheDocument();
    api.resolveSyncConflict.mockResolvedValue(linked());
    await user.click(within(item).getByRole('button', { name: 'Keep the server’s' }));
    expect(api.resolveSyncConflict).toHaveBeenCalledWith('first_name', 'server');
    expect(within(section).queryByRole('heading', { name: 'First name' })).not.toBeInTheDocument();
  });

  it('takes the user from the header to the conflicts, even from the saved passwords', async () => {
    api.getSyncStatus.mockResolvedValue(linked({ state: 'conflict', conflicts: [{ field: 'first_name', mine: 'Alicia', server: 'Ali' }] }));
    const { user, section } = await openSync();
    await openSection(user, 'Saved passwords');
    expect(section).not.toBeInTheDocument();
    await user.click(await within(screen.getByRole('banner')).findByRole('button', { name: /^Sync: Conflict \(1\)/ }));
    const shown = await screen.findByRole('region', { name: 'Sync with the web service' });
    await waitFor(() => expect(within(shown).getByRole('heading', { name: 'Sync with the web service' })).toHaveFocus());
    expect(within(shown).getByRole('button', { name: 'Keep mine' })).toBeVisible();
    // Asked again while already there, it focuses the section again.
    within(shown).getByRole('button', { name: 'Keep mine' }).focus();
    await user.click(within(screen.getByRole('banner')).getByRole('button', { name: /^Sync: Conflict \(1\)/ }));
    await waitFor(() => expect(within(shown).getByRole('heading', { name: 'Sync with the web service' })).toHaveFocus());
  });

  it('shows a picture conflict without showing the pictures, and keeps mine', async () => {
    const avatar = { field: 'avatar', mine: '/avatar/1/abc', server: 'https://example.org/media/a.png' };
    api.getSyncStatus.mockResolvedValue(linked({ state: 'conflict', conflicts: [avatar] }));
    const { user, section } = await openSync('es');
    const item = (await within(section).findByRole('heading', { name: 'Imagen' })).closest('li')!;
    expect(within(item).getByText('una imagen')).toBeInTheDocument();
    expect(within(item).getByText('otra imagen')).toBeInTheDocument();
    expect(within(item).queryByText(avatar.server)).not.toBeInTheDocument();
    api.resolveSyncConflict.mockRejectedValue(new api.AppError('conflict', { key: 'syncError.noConflict' }));
    await user.click(within(item).getByRole('button', { name: 'Conservar el mío' }));
    expect(api.resolveSyncConflict).toHaveBeenCalledWith('avatar', 'mine');
    expect(await within(section).findByRole('alert')).toHaveTextContent('Ese campo ya no tiene conflicto.');
  });

  it('asks for the server password when sync needs a new sign-in', async () => {
    api.getSyncStatus.mockResolvedValue(linked({ state: 'needs_signin', pending: 1 }));
    const { user, section } = await openSync();
    const form = await within(section).findByRole('form', { name: 'Sign in to the server again' });
    api.signInRemoteAgain.mockResolvedValue(linked({ state: 'syncing' }));
    await user.type(within(form).getByLabelText('Password on the server'), 'server pass');
    await user.click(within(form).getByRole('button', { name: 'Sign in' }));
    expect(api.signInRemoteAgain).toHaveBeenCalledWith('server pass');
    expect(within(section).queryByRole('form', { name: 'Sign in to the server again' })).not.toBeInTheDocument();
  });

  it('unlinks only after confirmation', async () => {
    api.getSyncStatus.mockResolvedValue(linked());
    const { user, section } = await openSync();
    await user.click(await within(section).findByRole('button', { name: 'Unlink' }));
    const dialog = screen.getByRole('dialog', { name: 'Unlink from the server?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(api.unlinkRemote).not.toHaveBeenCalled();
    api.unlinkRemote.mockResolvedValue(api.syncStatus());
    await user.click(within(section).getByRole('button', { name: 'Unlink' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Unlink' }));
    expect(api.unlinkRemote).toHaveBeenCalled();
    expect(await within(section).findByLabelText('Server address')).toBeInTheDocument();
  });

  it('shows a picture that could not be downloaded, with a retry, while the rest is synced', async () => {
    const problem = { part: 'avatar_download', error: new api.AppError('unavailable', { key: 'syncError.avatarDownload' }) };
    api.getSyncStatus.mockResolvedValue(linked({ problems: [problem] }));
    const { user, section } = await openSync();
    const alert = await within(section).findByRole('alert');
    expect(alert).toHaveTextContent('The server’s picture could not be downloaded. Everything else was synced.');
    const status = within(screen.getByRole('banner')).getByRole('button', { name: /^Sync: Synced at/ });
    expect(status).toHaveClass('sync-header__button--attention');
    api.syncNow.mockResolvedValue(linked());
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(api.syncNow).toHaveBeenCalled();
    await waitFor(() => expect(within(section).queryByRole('alert')).not.toBeInTheDocument());
  });

  it('says the picture problem in Spanish too', async () => {
    const problem = { part: 'avatar_download', error: new api.AppError('unavailable', { key: 'syncError.avatarDownload' }) };
    api.getSyncStatus.mockResolvedValue(linked({ problems: [problem] }));
    const { section } = await openSync('es');
    const alert = await within(section).findByRole('alert');
    expect(alert).toHaveTextContent('No se pudo descargar la imagen del servidor. Todo lo demás se sincronizó.');
    expect(within(alert).getByRole('button', { name: 'Reintentar' })).toBeInTheDocument();
  });

  it('shows a kept refusal with the field it is about', async () => {
    const refusal = new api.AppError('invalid', { key: 'syncError.changeRefusedFields' }, {
      number_phone: { key: 'syncError.notAccepted' },
    });
    api.getSyncStatus.mockResolvedValue(linked({ state: 'error', pending: 1, error: refusal }));
    const { section } = await openSync();
    const alert = await within(section).findByRole('alert');
    expect(alert).toHaveTextContent('The server refused a change. Edit the field or keep the server’s value.');
    expect(alert).toHaveTextContent('Phone number: was not accepted by the server');
  });
});

describe('leaving the sync forms with something typed', () => {
  it('asks before the server address and password typed to link are dropped', async () => {
    const { user, section } = await openSync();
    await user.type(await within(section).findByLabelText('Server address'), SERVER);
    await openSection(user, 'Profile');
    const question = await screen.findByRole('dialog', { name: 'Discard changes?' });
    await user.click(within(question).getByRole('button', { name: 'Keep editing' }));
    expect(within(section).getByLabelText('Server address')).toHaveValue(SERVER);
  });

  it('asks before the server password typed to sign in again is dropped', async () => {
    api.getSyncStatus.mockResolvedValue(linked({ state: 'needs_signin', pending: 1 }));
    const { user, section } = await openSync();
    const form = await within(section).findByRole('form', { name: 'Sign in to the server again' });
    await user.type(within(form).getByLabelText('Password on the server'), 'server pass');
    await openSection(user, 'Profile');
    await user.click(within(await screen.findByRole('dialog', { name: 'Discard changes?' })).getByRole('button', { name: 'Discard changes' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible();
  });
});
