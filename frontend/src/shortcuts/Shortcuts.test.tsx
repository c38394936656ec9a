import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../test/apiMock';
import { renderApp } from '../test/renderApp';

vi.mock('../api/client', () => import('../test/apiMock'));

beforeEach(() => {
  api.resetApiMock();
  api.getProfile.mockResolvedValue(api.aliceProfile);
});

describe('keyboard shortcuts', () => {
  it('lists them in a dialog that ? opens, Esc closes, and focus returns from', async () => {
    const { user } = renderApp();
    const edit = await screen.findByRole('button', { name: 'Edit profile' });
    edit.focus();
    await user.keyboard('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByText('Save the profile you are editing')).toBeInTheDocument();
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(edit).toHaveFocus();
  });

  it('saves the open profile edit with Ctrl+S', async () => {
    const { user } = renderApp();
    api.updateProfile.mockResolvedValue({ ...api.aliceProfile, first_name: 'Alicia' });
    await user.click(await screen.findByRole('button', { name: 'Edit profile' }));
    const first = screen.getByLabelText('First name');
    await user.clear(first);
    await user.type(first, 'Alicia');
    await user.keyboard('{Control>}s{/Control}');
    expect(api.updateProfile).toHaveBeenCalledWith({ first_name: 'Alicia' });
  });

  it('does not save the form behind an open dialog', async () => {
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Edit profile' }));
    await user.type(screen.getByLabelText('First name'), 'x');
    await user.click(screen.getByRole('button', { name: 'Keyboard shortcuts' }));
    await user.keyboard('{Control>}s{/Control}');
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeInTheDocument();
    expect(api.updateProfile).not.toHaveBeenCalled();
  });

  it('opens settings with Ctrl+, from the saved passwords', async () => {
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Saved passwords' }));
    await user.keyboard('{Control>},{/Control}');
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Settings' })).toHaveFocus());
  });

  it('leaves ? alone while typing', async () => {
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Edit profile' }));
    await user.type(screen.getByLabelText('First name'), '?');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
