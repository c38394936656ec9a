import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../test/apiMock';
import { openSection, renderApp } from '../test/renderApp';

vi.mock('../api/client', () => import('../test/apiMock'));

async function openSettings(language: 'en' | 'es' = 'en') {
  api.getProfile.mockResolvedValue(api.aliceProfile);
  const rendered = renderApp(language);
  await openSection(rendered.user, language === 'en' ? 'Settings' : 'Ajustes');
  await screen.findByRole('heading', { level: 1, name: language === 'en' ? 'Settings' : 'Ajustes' });
  return rendered;
}

beforeEach(() => {
  api.resetApiMock();
});

describe('navigation', () => {
  it('offers Profile, Saved passwords and Settings in a sidebar, marking the current one and focusing its heading', async () => {
    api.getProfile.mockResolvedValue(api.aliceProfile);
    const { user } = renderApp();
    const sidebar = await screen.findByRole('navigation', { name: 'Sections' });
    const names = within(sidebar).getAllByRole('button').map((button) => button.textContent);
    expect(names).toEqual(['Profile', 'Saved passwords', 'Settings']);
    expect(within(sidebar).getByRole('button', { name: 'Profile' })).toHaveAttribute('aria-current', 'page');

    await user.click(within(sidebar).getByRole('button', { name: 'Settings' }));
    const heading = await screen.findByRole('heading', { level: 1, name: 'Settings' });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(within(sidebar).getByRole('button', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');
    expect(within(sidebar).getByRole('button', { name: 'Profile' })).not.toHaveAttribute('aria-current');
  });

  it('shows Settings in sections: Appearance, Security, Sync, Support, Account', async () => {
    await openSettings();
    const headings = screen.getAllByRole('heading', { level: 2 }).map((heading) => heading.textContent);
    expect(headings).toEqual(['Look and language', 'Security', 'Sync with the web service', 'Support', 'Account']);
    const security = screen.getByRole('region', { name: 'Security' });
    expect(within(security).getByLabelText('Lock after inactivity (minutes)')).toBeInTheDocument();
    expect(within(security).getByRole('region', { name: 'Change password' })).toBeInTheDocument();
  });

  it('keeps account deletion alone in the danger zone, in Spanish too', async () => {
    const { user } = await openSettings('es');
    const account = screen.getByRole('region', { name: 'Cuenta' });
    expect(within(account).getByRole('heading', { name: 'Zona de peligro' })).toBeInTheDocument();
    expect(within(account).getAllByRole('button').map((button) => button.textContent)).toEqual(['Eliminar cuenta']);
    await user.click(within(account).getByRole('button', { name: 'Eliminar cuenta' }));
    expect(screen.getByRole('dialog', { name: 'Eliminar cuenta' })).toBeInTheDocument();
  });

  it('opens Settings with Ctrl+,', async () => {
    api.getProfile.mockResolvedValue(api.aliceProfile);
    const { user } = renderApp();
    await screen.findByRole('heading', { name: 'Your profile' });
    await user.keyboard('{Control>},{/Control}');
    const heading = await screen.findByRole('heading', { level: 1, name: 'Settings' });
    await waitFor(() => expect(heading).toHaveFocus());
  });
});

describe('account menu', () => {
  it('names who is signed in and holds Settings and Sign out, operable from the keyboard', async () => {
    api.getProfile.mockResolvedValue(api.aliceProfile);
    const { user } = renderApp();
    const header = screen.getByRole('banner');
    const button = await within(header).findByRole('button', { name: 'Account: alice' });
    expect(button).toHaveAttribute('aria-haspopup', 'menu');
    expect(button).toHaveAttribute('aria-expanded', 'false');

    button.focus();
    await user.keyboard('{ArrowDown}');
    const menu = screen.getByRole('menu', { name: 'Account: alice' });
    expect(menu).toHaveTextContent('Signed in as alice');
    const items = within(menu).getAllByRole('menuitem');
    expect(items.map((item) => item.textContent)).toEqual(['Settings', 'Sign out']);
    await waitFor(() => expect(items[0]).toHaveFocus());
    await user.keyboard('{ArrowDown}');
    expect(items[1]).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(items[0]).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(button).toHaveFocus();

    await user.click(button);
    await user.click(screen.getByRole('menuitem', { name: 'Settings' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
  });

  it('closes when the user clicks elsewhere, and signs out from its item', async () => {
    api.getProfile.mockResolvedValue(api.aliceProfile);
    const { user } = renderApp();
    const button = await screen.findByRole('button', { name: 'Account: alice' });
    await user.click(button);
    expect(screen.getByRole('menu')).toBeInTheDocument();
    await user.click(screen.getByRole('heading', { name: 'Your profile' }));
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();

    await user.click(button);
    await user.click(screen.getByRole('menuitem', { name: 'Sign out' }));
    expect(api.signOut).toHaveBeenCalled();
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });
});

describe('leaving a page with unsaved changes', () => {
  it('asks "Discard changes?" before the sidebar leaves an open profile edit, and stays when asked to', async () => {
    api.getProfile.mockResolvedValue(api.aliceProfile);
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Edit profile' }));
    await user.type(await screen.findByLabelText('First name'), 'x');

    await openSection(user, 'Settings');
    const question = await screen.findByRole('dialog', { name: 'Discard changes?' });
    await user.click(within(question).getByRole('button', { name: 'Keep editing' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible();
    expect(screen.getByLabelText('First name')).toHaveValue('Alicex');

    await openSection(user, 'Settings');
    await user.click(within(await screen.findByRole('dialog', { name: 'Discard changes?' })).getByRole('button', { name: 'Discard changes' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
  });
});

describe('Ctrl+S', () => {
  it('never submits the hidden profile editor while another page shows', async () => {
    api.getProfile.mockResolvedValue(api.aliceProfile);
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Edit profile' }));
    await screen.findByRole('button', { name: 'Save changes' });
    await openSection(user, 'Settings');
    await screen.findByRole('heading', { level: 1, name: 'Settings' });
    await user.keyboard('{Control>}s{/Control}');
    await openSection(user, 'Profile');
    // The editor is still open, untouched.
    expect(await screen.findByRole('button', { name: 'Save changes' })).toBeVisible();
    expect(api.updateProfile).not.toHaveBeenCalled();
  });
});
